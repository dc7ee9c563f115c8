// Reading and driving a query card's result grid from a test, and the expected order computed independently.
/* global requestAnimationFrame, document -- these run inside the page (page.evaluate) */
import { makeRows, RESULT_COLUMNS } from './fixtures.mjs';
import { ROWS_PER_MESSAGE } from './harness.mjs';

export function cellText(v) {
  return v === null ? '' : String(v);
}

/** Waits until the page has painted everything queued so far (two animation frames). */
export function settle(page) {
  return page.evaluate(() => new Promise(resolve => requestAnimationFrame(() => requestAnimationFrame(resolve))));
}

/**
 * What the grid of one query shows: its count text, rendered rows (position and raw cell values) and DOM row count.
 * Cells come back in the order of `columns` (the engine's), whatever order the grid shows them in; a cell's raw value
 * is its title when the grid formatted it (bytes, times), else its text.
 */
export function readGrid(page, queryId, columns = RESULT_COLUMNS) {
  return page.evaluate(
    ({ id, names }) => {
      const card = document.querySelector(`section.query[data-query="${id}"]`);
      const shown = [...card.querySelectorAll('.results-table th')].map(th => th.dataset.column);
      const rows = [...card.querySelectorAll('.results-table tbody tr:not(.spacer)')];
      return {
        count: card.querySelector('.results-count')?.textContent ?? '',
        trCount: document.querySelectorAll('tr').length,
        rows: rows.map(tr => ({
          position: Number(tr.getAttribute('aria-rowindex')) - 2,
          row: Number(tr.dataset.row),
          cells: names.map(name => {
            const td = tr.cells[shown.indexOf(name)];
            return td ? td.title || td.textContent : undefined;
          }),
        })),
      };
    },
    { id: queryId, names: columns.map(c => c.name) },
  );
}

export function countOf(text) {
  const numbers = text.match(/[\d.,\u00a0\u202f]+/g)?.map(n => Number(n.replace(/\D/g, ''))) ?? [];
  return numbers;
}

/** Scrolls the grid to the top or the bottom and waits for the frame that draws it. */
export async function scrollGrid(page, queryId, where) {
  await page.evaluate(
    ({ id, end }) => {
      const viewport = document.querySelector(`section.query[data-query="${id}"] .results-viewport`);
      viewport.scrollTop = end ? viewport.scrollHeight : 0;
    },
    { id: queryId, end: where === 'end' },
  );
  await settle(page);
  await settle(page);
}

/**
 * Streams `total` generated rows to a query the way QueryRuns does (runStarted, an empty reset page, pages of 5,000,
 * runEnded). The rows are generated inside the page so 100,000 of them need not cross the DevTools protocol.
 */
export async function streamGeneratedRows(page, queryId, total, { end = true } = {}) {
  await page.evaluate(`(() => {
    const makeRows = ${makeRows.toString()};
    const queryId = ${JSON.stringify(queryId)};
    const columns = ${JSON.stringify(RESULT_COLUMNS)};
    window.postMessage({ type: 'runStarted', queryId }, '*');
    window.postMessage({ type: 'runRows', queryId, columns, rows: [], reset: true }, '*');
    for (let i = 0; i < ${total}; i += ${ROWS_PER_MESSAGE}) {
      window.postMessage({ type: 'runRows', queryId, columns, rows: makeRows(i, Math.min(${ROWS_PER_MESSAGE}, ${total} - i)), reset: false }, '*');
    }
    if (${end}) window.postMessage({ type: 'runEnded', queryId, phase: 'done', rowCount: ${total} }, '*');
  })()`);
}

/** Waits until the grid says it holds `total` rows (and `shown` of them pass the filter, when given). */
export async function waitForCount(page, queryId, total, shown) {
  const expected = shown === undefined || shown === total ? [total] : [shown, total];
  await page.waitForFunction(
    ({ id, expected: e }) => {
      const text = document.querySelector(`section.query[data-query="${id}"] .results-count`)?.textContent ?? '';
      const numbers = text.match(/[\d.,\u00a0\u202f]+/g)?.map(n => Number(n.replace(/\D/g, ''))) ?? [];
      return numbers.length === e.length && numbers.every((n, i) => n === e[i]);
    },
    { id: queryId, expected },
    { polling: 'raf' },
  );
}

/** Row indexes in the order the grid must show them: filter (case-insensitive substring of any cell), then sort. */
export function expectedOrder(rows, { filter = '', sort } = {}) {
  const needle = filter.trim().toLowerCase();
  let order = rows.map((_, i) => i);
  if (needle) order = order.filter(i => rows[i].some(v => cellText(v).toLowerCase().includes(needle)));
  if (sort) {
    const numeric = /int|double|float|decimal|real|numeric|number/i.test(RESULT_COLUMNS[sort.column].type);
    const key = i => {
      const v = rows[i][sort.column];
      return v === null ? null : numeric ? Number(v) : cellText(v);
    };
    const sign = sort.descending ? -1 : 1;
    order.sort((a, b) => {
      const x = key(a);
      const y = key(b);
      // Empty cells last in both directions; equal keys keep arrival order.
      if (x === null || y === null) return x === y ? a - b : x === null ? 1 : -1;
      if (x === y) return a - b;
      return (x < y ? -1 : 1) * sign;
    });
  }
  return order;
}

export function allRows(total) {
  return makeRows(0, total);
}
