// Reading a whole run from the command line, whatever the engine.
import type { Column, ResultPage, Row, RunHandle, RunMetadata } from '../core/engine/types';
import { interruptSignal } from './interrupt';

/** A whole run as the CLI prints it. */
export interface Collected {
  columns: Column[];
  rows: Row[];
  metadata: RunMetadata;
  error?: Error;
}

/**
 * Reads every page; Ctrl-C cancels the run (Athena: the query is stopped) instead of killing the process. With
 * `onPage`, each page goes there as it arrives and `rows` stays empty (the caller prints while the engine works).
 */
export async function collectRun(
  start: (signal: AbortSignal) => RunHandle,
  onPage?: (page: ResultPage) => void | Promise<void>,
): Promise<Collected> {
  const interrupt = interruptSignal();
  const handle = start(interrupt.signal);
  let columns: Column[] = [];
  const rows: Row[] = [];
  let error: Error | undefined;
  try {
    for await (const page of handle.pages as AsyncIterable<ResultPage>) {
      if (page.columns.length) columns = page.columns;
      if (onPage) await onPage(page);
      else for (const r of page.rows) rows.push(r);
    }
  } catch (e) {
    error = e instanceof Error ? e : new Error(String(e));
  } finally {
    interrupt.release();
  }
  return { columns, rows, metadata: await handle.metadata, error };
}
