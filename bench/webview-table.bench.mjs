#!/usr/bin/env node
// Step webview result grid with 100,000 rows, in headless Chromium (real scrollbars) under the extension's own page
// and CSP (the harness of test/webview). Needs `npm run build`. Each time is the median of several runs, reported as
// a ratio to a baseline measured in the same page in the same run:
//   first window after the last page arrives  vs  drawing a 100-row result
//   sorting by a number / a text column       vs  Array.prototype.sort of the same rows by that column
//   filtering by text                         vs  the same predicate (substring of the row's lower-cased cells, as
//                                                 the grid's index holds them) over the same rows with Array filter
//   frame time while scrolling (p50, p95)     vs  scrolling an empty box of the same size and scroll height
// Filter times start when the grid's typing delay ends (timers are timestamped in the page), so the delay itself
// is not counted. Writes bench/results/webview-table.json.
/* global window, performance, document, MutationObserver, Event, requestAnimationFrame -- these run inside the page (page.evaluate) */
import path from 'node:path';
import { REPO_ROOT } from '../test/vscode/host.mjs';
import { startHarness } from '../test/webview/harness.mjs';
import { loadThemes } from '../test/webview/themes.mjs';
import { makeRows, QUERY_ID, RESULT_COLUMNS, stepView } from '../test/webview/fixtures.mjs';
import { streamGeneratedRows, waitForCount } from '../test/webview/table.mjs';
import { ROWS_PER_MESSAGE } from '../test/webview/harness.mjs';
import { median, writeResults } from './lib.mjs';

const TOTAL = 100_000;
const RUNS = 5;
const FRAME_MS = 1000 / 60;
const SCROLL_FRAMES = 240;
/** About 40 rows a frame: every frame draws a new window of rows. */
const SCROLL_STEP_PX = 1000;

function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** In the page: stamps the moment each timer callback starts, so a measurement can begin when a typing delay ends. */
function stampTimers() {
  const original = window.setTimeout;
  window.__benchTimerFired = 0;
  window.setTimeout = (fn, ms, ...args) =>
    original(
      typeof fn === 'function'
        ? (...a) => {
            window.__benchTimerFired = performance.now();
            fn(...a);
          }
        : fn,
      ms,
      ...args,
    );
}

/** In the page: helpers to time an action until the query card's DOM says it is done. */
function installProbe({ queryId, columns }) {
  const card = () => document.querySelector(`section.query[data-query="${queryId}"]`);
  const numbers = text => text.match(/[\d.,\u00a0\u202f]+/g)?.map(n => Number(n.replace(/\D/g, ''))) ?? [];
  window.__bench = {
    rows: undefined,
    /** Runs `act`, resolves with ms from `start(actedAt)` until `done()` holds after a DOM change in the card. */
    time(act, done, start = actedAt => actedAt) {
      return new Promise(resolve => {
        let t0 = 0;
        const observer = new MutationObserver(() => {
          if (!done()) return;
          observer.disconnect();
          resolve(performance.now() - start(t0));
        });
        observer.observe(card(), { childList: true, subtree: true, characterData: true, attributes: true });
        t0 = performance.now();
        act();
      });
    },
    count: () => numbers(card().querySelector('.results-count').textContent),
    post: message => window.postMessage(message, '*'),
    // The same generator the tests use (defined beforehand), so the baselines work on the same rows.
    generate: (start, count) => window.__makeRows(start, count),
    columns,
  };
}

const harness = await startHarness();
const theme = loadThemes()[1];
const results = {};
try {
  const { page } = await harness.openPanel({
    theme,
    view: await stepView(),
    beforeLoad: p => p.addInitScript(stampTimers),
  });
  // eval is refused by the page's CSP, so the generator is defined through the DevTools protocol instead.
  await page.evaluate(`window.__makeRows = ${makeRows.toString()}`);
  await page.evaluate(installProbe, { queryId: QUERY_ID, columns: RESULT_COLUMNS });

  // Baseline 1: a 100-row result, from its message to the drawn grid.
  const small = [];
  for (let i = 0; i < RUNS + 2; i++) {
    small.push(
      await page.evaluate(
        ({ id }) => {
          const b = window.__bench;
          b.post({ type: 'runStarted', queryId: id });
          const rows = b.generate(0, 100);
          return b.time(
            () => b.post({ type: 'runRows', queryId: id, columns: b.columns, rows, reset: true }),
            () => b.count()[0] === 100 && document.querySelectorAll('.results-table tbody tr:not(.spacer)').length > 0,
          );
        },
        { id: QUERY_ID },
      ),
    );
  }

  // 1: the first window after the last of 20 pages arrives.
  const firstWindow = [];
  for (let i = 0; i < RUNS; i++) {
    await streamGeneratedRows(page, QUERY_ID, TOTAL - ROWS_PER_MESSAGE, { end: false });
    await waitForCount(page, QUERY_ID, TOTAL - ROWS_PER_MESSAGE);
    firstWindow.push(
      await page.evaluate(
        ({ id, total, size }) => {
          const b = window.__bench;
          const rows = b.generate(total - size, size);
          return b.time(
            () => b.post({ type: 'runRows', queryId: id, columns: b.columns, rows, reset: false }),
            () => b.count()[0] === total,
          );
        },
        { id: QUERY_ID, total: TOTAL, size: ROWS_PER_MESSAGE },
      ),
    );
  }

  // 2: sorting by a number column (bytes) and by a text column (useridentity), both directions. Three clicks go
  // ascending, descending, unsorted; the third is not counted.
  const sortBy = {};
  for (const column of ['bytes', 'useridentity']) {
    sortBy[column] = [];
    for (let click = 0; click < 9; click++) {
      const ms = await page.evaluate(
        ({ column: name }) => {
          const b = window.__bench;
          const th = [...document.querySelectorAll('.results-table th')].find(t => t.textContent.startsWith(name));
          const before = th.getAttribute('aria-sort');
          const body = document.querySelector('.results-table tbody');
          const first = body.querySelector('tr:not(.spacer)');
          return b.time(
            () => th.querySelector('button').click(),
            () => th.getAttribute('aria-sort') !== before && body.querySelector('tr:not(.spacer)') !== first,
          );
        },
        { column },
      );
      if (click % 3 < 2) sortBy[column].push(ms);
    }
  }
  await page.evaluate(
    ({ total }) => {
      window.__bench.rows = window.__bench.generate(0, total);
    },
    { total: TOTAL },
  );
  const plainSortBy = {};
  for (const [column, index] of [
    ['bytes', 4],
    ['useridentity', 2],
  ]) {
    plainSortBy[column] = [];
    for (let i = 0; i < 6; i++) {
      plainSortBy[column].push(
        await page.evaluate(
          ({ index: c, descending }) => {
            const rows = window.__bench.rows.slice();
            const sign = descending ? -1 : 1;
            const t0 = performance.now();
            rows.sort(
              c === 4 ? (a, b) => (a[c] - b[c]) * sign : (a, b) => (a[c] < b[c] ? -sign : a[c] > b[c] ? sign : 0),
            );
            return performance.now() - t0;
          },
          { index, descending: i % 2 === 1 },
        ),
      );
    }
  }

  // 3: filtering, from the end of the typing delay to the updated grid.
  const needles = ['user-42', 'createroute', '10.1', 'sg-0', 'attachinternet', 'zzz-no-match'];
  const filter = [];
  for (const needle of needles) {
    filter.push(
      await page.evaluate(
        ({ text }) => {
          const b = window.__bench;
          const input = document.querySelector('.results-filter');
          const count = document.querySelector('.results-count');
          const before = count.textContent;
          return b.time(
            () => {
              input.value = text;
              input.dispatchEvent(new Event('input', { bubbles: true }));
            },
            () => count.textContent !== before,
            () => window.__benchTimerFired,
          );
        },
        { text: needle },
      ),
    );
  }
  // Equal work: the grid keeps each row's cells lower-cased and joined (built on its first filter) and tests the
  // needle against that; the baseline does exactly the same, first building the texts, then reusing them.
  const plainFirstFilter = await page.evaluate(text => {
    const t0 = performance.now();
    const texts = window.__bench.rows.map(r =>
      r
        .map(v => (v === null ? '' : String(v)))
        .join('\u0000')
        .toLowerCase(),
    );
    texts.reduce((shown, t, i) => (t.includes(text) ? (shown.push(i), shown) : shown), []);
    window.__bench.texts = texts;
    return performance.now() - t0;
  }, needles[0]);
  const plainFilter = [];
  for (const needle of needles) {
    plainFilter.push(
      await page.evaluate(text => {
        const t0 = performance.now();
        window.__bench.texts.reduce((shown, t, i) => (t.includes(text) ? (shown.push(i), shown) : shown), []);
        return performance.now() - t0;
      }, needle),
    );
  }

  // 4: frame times while scrolling the whole grid (no filter, no sort), one step a frame, against the same scroll of
  // an empty box as big as the grid's viewport with the same scroll height.
  await page.evaluate(() => {
    const input = document.querySelector('.results-filter');
    input.value = '';
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
  await waitForCount(page, QUERY_ID, TOTAL);
  const scrollFrames = async selector =>
    page.evaluate(
      ({ sel, frames, step }) =>
        new Promise(resolve => {
          const box = document.querySelector(sel);
          box.scrollTop = 0;
          const deltas = [];
          let last = 0;
          let n = 0;
          const tick = now => {
            if (last) deltas.push(now - last);
            last = now;
            if (n++ >= frames) return resolve(deltas);
            box.scrollTop += step;
            requestAnimationFrame(tick);
          };
          // Two frames first, so the measurement starts from a settled page.
          requestAnimationFrame(() => requestAnimationFrame(tick));
        }),
      { sel: selector, frames: SCROLL_FRAMES, step: SCROLL_STEP_PX },
    );
  await page.evaluate(() => {
    const grid = document.querySelector('.results-viewport');
    const empty = document.createElement('div');
    empty.id = 'bench-empty-scroll';
    empty.style.height = `${grid.clientHeight}px`;
    empty.style.width = `${grid.clientWidth}px`;
    empty.style.overflow = 'auto';
    const filler = document.createElement('div');
    filler.style.height = `${grid.scrollHeight}px`;
    empty.appendChild(filler);
    document.body.appendChild(empty);
  });
  const gridFrames = [];
  const emptyFrames = [];
  for (let i = 0; i < 3; i++) {
    emptyFrames.push(...(await scrollFrames('#bench-empty-scroll')));
    gridFrames.push(...(await scrollFrames('.results-viewport')));
  }

  const m = {
    render100RowsMs: median(small),
    firstWindowMs: median(firstWindow),
    sortNumberMs: median(sortBy.bytes),
    plainSortNumberMs: median(plainSortBy.bytes),
    sortTextMs: median(sortBy.useridentity),
    plainSortTextMs: median(plainSortBy.useridentity),
    filterMs: median(filter),
    plainFilterMs: median(plainFilter),
    scrollFrameP50Ms: percentile(gridFrames, 50),
    scrollFrameP95Ms: percentile(gridFrames, 95),
    emptyScrollFrameP50Ms: percentile(emptyFrames, 50),
    emptyScrollFrameP95Ms: percentile(emptyFrames, 95),
  };
  const round = (v, digits) => Math.round(v * 10 ** digits) / 10 ** digits;
  Object.assign(results, {
    rows: TOTAL,
    runs: {
      render100: small.length,
      firstWindow: firstWindow.length,
      sortNumber: sortBy.bytes.length,
      sortText: sortBy.useridentity.length,
      filter: filter.length,
      scrollFrames: gridFrames.length,
    },
    medians: Object.fromEntries(Object.entries(m).map(([k, v]) => [k, round(v, 1)])),
    // The first filter also builds the grid's lower-cased search text for every row; later ones reuse it.
    firstFilterMs: round(filter[0], 1),
    plainFirstFilterMs: round(plainFirstFilter, 1),
    ratios: Object.fromEntries(
      Object.entries({
        firstWindowVsRender100Rows: m.firstWindowMs / m.render100RowsMs,
        sortNumberVsPlainArraySort: m.sortNumberMs / m.plainSortNumberMs,
        sortTextVsPlainArraySort: m.sortTextMs / m.plainSortTextMs,
        filterVsPlainArrayFilter: m.filterMs / m.plainFilterMs,
        firstFilterVsPlainFirstFilter: filter[0] / plainFirstFilter,
        scrollFrameP50VsEmptyScroll: m.scrollFrameP50Ms / m.emptyScrollFrameP50Ms,
        scrollFrameP95VsEmptyScroll: m.scrollFrameP95Ms / m.emptyScrollFrameP95Ms,
        filterIn60HzFrames: m.filterMs / FRAME_MS,
        sortNumberIn60HzFrames: m.sortNumberMs / FRAME_MS,
        sortTextIn60HzFrames: m.sortTextMs / FRAME_MS,
      }).map(([k, v]) => [k, round(v, 3)]),
    ),
    samples: { render100: small, firstWindow, sortBy, plainSortBy, filter, plainFilter, gridFrames, emptyFrames },
    cpus: (await import('node:os')).cpus().length,
    chromium: harness.browser.version(),
  });
} finally {
  await harness.close();
}

const out = writeResults('webview-table', results);
const r = results.ratios;
const md = results.medians;
console.log(`webview table, ${TOTAL.toLocaleString('en')} rows (medians):
  first window after last page  ${md.firstWindowMs} ms = ${r.firstWindowVsRender100Rows.toFixed(2)}x drawing 100 rows (${md.render100RowsMs} ms)
  sort by a number column        ${md.sortNumberMs} ms = ${r.sortNumberVsPlainArraySort.toFixed(2)}x a plain Array sort (${md.plainSortNumberMs} ms), ${r.sortNumberIn60HzFrames.toFixed(1)} frames
  sort by a text column          ${md.sortTextMs} ms = ${r.sortTextVsPlainArraySort.toFixed(2)}x a plain Array sort (${md.plainSortTextMs} ms), ${r.sortTextIn60HzFrames.toFixed(1)} frames
  filter (after typing delay)    ${md.filterMs} ms = ${r.filterVsPlainArrayFilter.toFixed(2)}x the same predicate in a plain Array filter (${md.plainFilterMs} ms), ${r.filterIn60HzFrames.toFixed(1)} frames
  first filter (builds index)    ${results.firstFilterMs} ms = ${r.firstFilterVsPlainFirstFilter.toFixed(2)}x building the same index and filtering (${results.plainFirstFilterMs} ms)
  scroll frame p50 / p95         ${md.scrollFrameP50Ms} / ${md.scrollFrameP95Ms} ms = ${r.scrollFrameP50VsEmptyScroll.toFixed(2)}x / ${r.scrollFrameP95VsEmptyScroll.toFixed(2)}x an empty box (${md.emptyScrollFrameP50Ms} / ${md.emptyScrollFrameP95Ms} ms)
wrote ${path.relative(REPO_ROOT, out)}`);
