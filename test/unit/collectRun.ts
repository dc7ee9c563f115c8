// Reads a whole run for the engine tests (AWS and local): every page, the metadata, and the error that ended it,
// so a test can assert on a failed or partial run as well as a complete one.
import type { Column, Row, RunHandle, RunMetadata } from '../../src/core/engine/types';

export interface Collected {
  columns: Column[];
  rows: Row[];
  pages: number;
  metadata: RunMetadata;
  error?: Error & { code?: string };
}

/** All of a run's pages; `onPage` is called after each one with its index. */
export async function collectRun(handle: RunHandle, onPage?: (pageIndex: number) => void): Promise<Collected> {
  let columns: Column[] = [];
  const rows: Row[] = [];
  let pages = 0;
  let error: (Error & { code?: string }) | undefined;
  try {
    for await (const page of handle.pages) {
      columns = page.columns;
      rows.push(...page.rows);
      onPage?.(pages);
      pages++;
    }
  } catch (e) {
    error = e as Error;
  }
  return { columns, rows, pages, metadata: await handle.metadata, error };
}
