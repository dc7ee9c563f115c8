// How the step panel's results grid scales: the real page bundle (dist/webview/step.js) in headless Chromium,
// fed the host's messages for 100,000 rows, against the same grid with 1,000 rows as the baseline in the same run.
// Measures the time to show the rows (all pages received and the grid drawn), sort by a column, filter, and draw
// after a jump in scrolling, plus how many rows exist in the DOM (the grid draws only the rows in view).
/* global window, document, performance, requestAnimationFrame, Event -- the measured part runs in the page */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RUNS = 5;
const SIZES = [1_000, 100_000];
const PAGE = 5000; // rows per host message, as the extension sends them

const bundle = path.join(root, 'dist/webview/step.js');
if (!fs.existsSync(bundle)) {
  console.error('dist/webview/step.js is missing: run `npm run build` first');
  process.exit(1);
}
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'irp-webview-bench-'));
fs.copyFileSync(bundle, path.join(dir, 'step.js'));
fs.copyFileSync(path.join(root, 'dist/webview/step.css'), path.join(dir, 'step.css'));
// The page as the extension serves it, with a stand-in for the webview API (messages to the host are dropped).
fs.writeFileSync(path.join(dir, 'index.html'), `<!DOCTYPE html><html><head><meta charset="UTF-8">
<link rel="stylesheet" href="step.css"></head><body><main id="app"></main>
<script>window.acquireVsCodeApi = () => ({ postMessage() {}, getState() {}, setState() {} });</script>
<script src="step.js"></script></body></html>`);

const view = {
  reportUri: 'file:///bench/report.md', reportName: 'incidents/report.md', mode: 'exercise', dataMode: 'local',
  phaseTitle: 'Detection and Analysis', stepId: 'bench-step', title: 'Bench step', guidanceHtml: '<p>Bench</p>',
  checklist: [], questions: [], parameterDefinitions: [], parameters: {},
  queries: [{ id: 'q', title: 'Flows', text: 'SELECT 1', engine: 'local', parameters: [] }],
  state: { status: 'in-progress', checklist: {}, answers: {}, notes: '' }, runs: [],
};
const columns = ['eventtime', 'srcaddr', 'dstaddr', 'dstport', 'bytes', 'action', 'principal']
  .map((name, i) => ({ name, type: i === 3 || i === 4 ? 'bigint' : 'varchar' }));

const { chromium } = await import('playwright-core');
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking'],
});

function median(values) {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function measure(rowCount) {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.goto(`file://${dir}/index.html`);
  const result = await page.evaluate(async ({ view, columns, rowCount, PAGE }) => {
    const frame = () => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
    const send = data => window.postMessage(data, '*');
    const makeRows = (from, to) => {
      const rows = [];
      for (let i = from; i < to; i++) {
        rows.push([`2026-11-20T${String(8 + (i % 10)).padStart(2, '0')}:00:${String(i % 60).padStart(2, '0')}Z`,
          `198.51.100.${i % 250}`, `10.0.${(i >> 8) % 256}.${i % 256}`, [22, 443, 3389, 80][i % 4], (i * 7919) % 1_000_000,
          i % 5 ? 'ACCEPT' : 'REJECT', `arn:aws:iam::111122223333:user/u${i % 97}`]);
      }
      return rows;
    };
    const pages = [];
    for (let i = 0; i < rowCount; i += PAGE) pages.push(makeRows(i, Math.min(rowCount, i + PAGE)));
    send({ type: 'step', view });
    await frame();
    const t0 = performance.now();
    send({ type: 'runStarted', queryId: 'q' });
    pages.forEach((rows, i) => send({ type: 'runRows', queryId: 'q', columns, rows, reset: i === 0 }));
    send({ type: 'runEnded', queryId: 'q', phase: 'done', rowCount });
    await new Promise(r => setTimeout(r, 0)); // let the queued messages be delivered
    await frame();
    const show = performance.now() - t0;
    const domRows = document.querySelectorAll('.results-table tbody tr:not(.spacer)').length;
    const count = document.querySelector('.results-count').textContent;

    const t1 = performance.now();
    document.querySelectorAll('.sort-button')[4].click(); // bytes, numeric
    await frame();
    const sort = performance.now() - t1;

    const input = document.querySelector('.results-filter');
    const counter = document.querySelector('.results-count');
    const before = counter.textContent;
    const t2 = performance.now();
    input.value = 'reject';
    input.dispatchEvent(new Event('input'));
    while (counter.textContent === before) await frame();
    const filter = performance.now() - t2 - 150; // the filter waits 150 ms for typing to pause
    const filteredCount = document.querySelector('.results-count').textContent;

    const viewport = document.querySelector('.results-viewport');
    const t3 = performance.now();
    viewport.scrollTop = viewport.scrollHeight / 2;
    viewport.dispatchEvent(new Event('scroll'));
    await frame();
    const scroll = performance.now() - t3;
    return { show, sort, filter, scroll, domRows, count, filteredCount };
  }, { view, columns, rowCount, PAGE });
  await page.close();
  return result;
}

const results = {};
for (const size of SIZES) {
  const runs = [];
  for (let i = 0; i < RUNS; i++) runs.push(await measure(size));
  results[size] = {
    showMs: median(runs.map(r => r.show)), sortMs: median(runs.map(r => r.sort)),
    filterMs: median(runs.map(r => r.filter)), scrollMs: median(runs.map(r => r.scroll)),
    domRows: Math.max(...runs.map(r => r.domRows)), count: runs[0].count, filteredCount: runs[0].filteredCount,
  };
}
await browser.close();
fs.rmSync(dir, { recursive: true, force: true });

const [base, big] = SIZES.map(s => results[s]);
const ratio = key => +(big[key] / base[key]).toFixed(1);
const summary = {
  bench: 'step-webview', runs: RUNS, sizes: SIZES, results,
  ratios100kTo1k: { show: ratio('showMs'), sort: ratio('sortMs'), filter: ratio('filterMs'), scroll: ratio('scrollMs') },
};
fs.mkdirSync(path.join(root, 'bench/results'), { recursive: true });
fs.writeFileSync(path.join(root, 'bench/results/step-webview.json'), JSON.stringify(summary, null, 2));
const fmt = r => `show ${r.showMs.toFixed(0)} ms, sort ${r.sortMs.toFixed(0)} ms, filter ${r.filterMs.toFixed(0)} ms, scroll ${r.scrollMs.toFixed(0)} ms, ${r.domRows} rows in the DOM (${r.count}; filtered: ${r.filteredCount})`;
console.log(`step webview results grid, median of ${RUNS} runs in headless Chromium`);
for (const s of SIZES) console.log(`  ${String(s).padStart(7)} rows: ${fmt(results[s])}`);
console.log(`  100k / 1k: show ×${summary.ratios100kTo1k.show}, sort ×${summary.ratios100kTo1k.sort}, filter ×${summary.ratios100kTo1k.filter}, scroll ×${summary.ratios100kTo1k.scroll}`);
