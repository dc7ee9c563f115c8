// Rows regrouped into pages of a fixed size, as the worker sends them. Every result has at least one page, so an
// empty result still reports its columns.
import type { Column, ResultPage, Row } from '../engine/types';

export async function* inPages(
  chunks: AsyncIterable<Row[]>,
  columns: Column[],
  size: number,
): AsyncGenerator<ResultPage> {
  let page: Row[] = [];
  let yielded = false;
  for await (const rows of chunks) {
    for (const row of rows) {
      page.push(row);
      if (page.length >= size) {
        yield { columns, rows: page };
        page = [];
        yielded = true;
      }
    }
  }
  if (page.length || !yielded) yield { columns, rows: page };
}
