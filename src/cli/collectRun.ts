// Reading a whole run from the command line, whatever the engine.
import type { Column, ResultPage, Row, RunHandle, RunMetadata } from '../core/engine/types';

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
  onPage?: (page: ResultPage) => void,
): Promise<Collected> {
  const controller = new AbortController();
  const onInterrupt = () => controller.abort();
  process.once('SIGINT', onInterrupt);
  const handle = start(controller.signal);
  let columns: Column[] = [];
  const rows: Row[] = [];
  let error: Error | undefined;
  try {
    for await (const page of handle.pages as AsyncIterable<ResultPage>) {
      if (page.columns.length) columns = page.columns;
      if (onPage) onPage(page);
      else for (const r of page.rows) rows.push(r);
    }
  } catch (e) {
    error = e instanceof Error ? e : new Error(String(e));
  } finally {
    process.removeListener('SIGINT', onInterrupt);
  }
  return { columns, rows, metadata: await handle.metadata, error };
}
