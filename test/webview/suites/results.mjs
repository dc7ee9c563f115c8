// The results view a responder reads: reading order with a request summary, no row under the scrollbar, the row
// detail, copying raw values, a column layout remembered per query, the capped mark, selecting rows for findings,
// times in the chosen zone, and charts.
/* global document, window, navigator, getComputedStyle -- these run inside the page (page.evaluate) */
import assert from 'node:assert/strict';
import {
  cloudTrailResult,
  FLOW_COLUMNS,
  flowLogRows,
  QUERY_ID,
  RESULT_COLUMNS,
  sshIngressEvent,
  stepView,
} from '../fixtures.mjs';
import { allRows, readGrid, settle, streamGeneratedRows, waitForCount } from '../table.mjs';

const CARD = `section.query[data-query="${QUERY_ID}"]`;
const CLIPBOARD = { permissions: ['clipboard-read', 'clipboard-write'] };

/** Sends one whole result the way the host does (start, rows, end). */
async function sendResult(host, { columns, rows }, ended = {}) {
  await host.send({ type: 'runStarted', queryId: QUERY_ID });
  await host.send({ type: 'runRows', queryId: QUERY_ID, columns, rows, reset: true });
  await host.send({ type: 'runEnded', queryId: QUERY_ID, phase: 'done', rowCount: rows.length, ...ended });
  await settle(host.page);
  await settle(host.page);
}

function headerNames(page) {
  return page.locator(`${CARD} .results-table th`).evaluateAll(ths => ths.map(th => th.dataset.column));
}

function clipboardText(page) {
  return page.evaluate(() => navigator.clipboard.readText());
}

/** Every leaf of a JSON value as the tree shows it: `"key": value` (array items without a key). */
function leafLines(value, key) {
  const prefix = key === undefined ? '' : `${JSON.stringify(key)}: `;
  if (value === null || typeof value !== 'object') return [`${prefix}${JSON.stringify(value)}`];
  const entries = Array.isArray(value) ? value.map(v => [undefined, v]) : Object.entries(value);
  return entries.flatMap(([k, v]) => leafLines(v, k));
}

export default function resultsSuite(test, { themes }) {
  test('one and two CloudTrail rows are fully visible above the horizontal scrollbar, in reading order', async ({
    open,
  }) => {
    const { page, host } = await open({ view: await stepView() });
    for (const count of [1, 2]) {
      await sendResult(host, await cloudTrailResult(count));
      const geometry = await page.evaluate(card => {
        const viewport = document.querySelector(`${card} .results-viewport`);
        const box = viewport.getBoundingClientRect();
        const inner = box.top + viewport.clientTop + viewport.clientHeight;
        const rows = [...viewport.querySelectorAll('tbody tr[data-row]')].map(tr => tr.getBoundingClientRect());
        return {
          scrollsSideways: viewport.scrollWidth > viewport.clientWidth,
          scrollbar: viewport.offsetHeight - viewport.clientHeight - viewport.clientTop * 2,
          rows: rows.map(r => ({ top: r.top, bottom: r.bottom, height: r.height })),
          inner,
          scrollTop: viewport.scrollTop,
          scrollRange: viewport.scrollHeight - viewport.clientHeight,
        };
      }, CARD);
      // The case that hid the row: a result wider than the panel, so a real horizontal scrollbar takes room.
      assert.ok(geometry.scrollsSideways, 'the CloudTrail result is wider than the panel');
      assert.ok(geometry.scrollbar > 0, `the horizontal scrollbar takes room (${geometry.scrollbar}px)`);
      assert.equal(geometry.rows.length, count);
      for (const r of geometry.rows) {
        assert.ok(r.height > 10, `a drawn row (${r.height}px)`);
        assert.ok(
          r.bottom <= geometry.inner + 0.5,
          `row bottom ${r.bottom} within the visible area (${geometry.inner})`,
        );
      }
      assert.equal(geometry.scrollRange, 0, 'nothing to scroll vertically: every row is in view');
    }
    const names = await headerNames(page);
    assert.deepEqual(names.slice(0, 9), [
      'EventTime',
      'EventName',
      'Username',
      'UserArn',
      'SourceIPAddress',
      'AwsRegion',
      'AccessKeyId',
      'ErrorCode',
      'RequestSummary',
    ]);
    assert.equal(names.at(-1), 'CloudTrailEvent');
    const first = await page.locator(`${CARD} tbody tr[data-row="0"] td`).allTextContents();
    assert.equal(first[0], '2026-11-28 14:03:07 UTC');
    assert.equal(first[8], 'tcp/22 from 0.0.0.0/0 on sg-0abc1234def567890');
    assert.equal(
      await page.locator(`${CARD} tbody tr[data-row="0"] td`).first().getAttribute('title'),
      '2026-11-28T14:03:07Z',
    );
    assert.deepEqual(await page.evaluate(() => window.__irpCspViolations), []);
    assert.deepEqual(page.__errors, []);
  });

  test('the row detail shows the whole event as a collapsible tree, and Copy event gives it back', async ({ open }) => {
    const { page, host } = await open({ view: await stepView(), contextOptions: CLIPBOARD });
    await sendResult(host, await cloudTrailResult(3));
    const detail = page.locator(`${CARD} .row-detail`);
    assert.equal(await detail.isVisible(), false, 'no detail before a row is chosen');
    await page.locator(`${CARD} tbody tr[data-row="1"] td`).nth(2).click();
    await detail.waitFor();
    assert.equal(await detail.locator('.row-detail-bar strong').textContent(), 'Row 2');
    const event = sshIngressEvent(1);
    const lines = (await detail.locator('.json-line').allTextContents()).map(l => l.replace(/,$/, ''));
    assert.deepEqual(lines, leafLines(event), 'every field of the event, in order, with its value');
    // Collapsing a node hides its fields and keeps the rest.
    const params = detail.locator('details.json-node', {
      has: page.locator(':scope > summary', { hasText: '"requestParameters"' }),
    });
    await params.locator(':scope > summary').click();
    assert.equal(await params.evaluate(d => d.open), false);
    assert.equal(await params.locator('.json-line').first().isVisible(), false);
    assert.equal(await detail.locator('.json-line', { hasText: '"eventName"' }).isVisible(), true);
    await detail.getByRole('button', { name: 'Copy event' }).click();
    await page.locator(`${CARD} .results-status`).filter({ hasText: 'Copied' }).waitFor();
    assert.deepEqual(JSON.parse(await clipboardText(page)), event);
    await detail.getByRole('button', { name: 'Close' }).click();
    assert.equal(await detail.isVisible(), false);
  });

  test('copying a cell and rows gives raw values, tab-separated under the header', async ({ open }) => {
    const { page, host } = await open({ view: await stepView(), contextOptions: CLIPBOARD });
    const rows = flowLogRows(6);
    await sendResult(host, { columns: FLOW_COLUMNS, rows });
    const card = page.locator(CARD);
    const bytesCell = card.locator('tbody tr[data-row="0"] td').nth((await headerNames(page)).indexOf('bytes'));
    assert.equal(await bytesCell.textContent(), '11.1 GiB');
    assert.equal(await bytesCell.getAttribute('title'), '11888395916');
    await bytesCell.click();
    await card.getByRole('button', { name: 'Copy cell' }).click();
    await card.locator('.results-status').filter({ hasText: 'Copied' }).waitFor();
    assert.equal(await clipboardText(page), '11888395916');
    // The first click opened the row detail and scheduled a redraw; Shift+click after it has run. Without the wait,
    // one CI run of many selected one row instead of three (the click most likely met rows being redrawn).
    await settle(page);
    await card
      .locator('tbody tr[data-row="2"] td')
      .first()
      .click({ modifiers: ['Shift'] });
    assert.equal(await card.locator('tbody tr.is-selected').count(), 3);
    await card.getByRole('button', { name: 'Copy rows' }).click();
    const names = await headerNames(page);
    const expected = [
      names,
      ...[0, 1, 2].map(r => names.map(n => String(rows[r][FLOW_COLUMNS.findIndex(c => c.name === n)]))),
    ];
    await page.waitForFunction(() => navigator.clipboard.readText().then(t => t.includes('\n')));
    assert.deepEqual(
      (await clipboardText(page)).split('\n').map(line => line.split('\t')),
      expected,
    );
  });

  test('hidden, moved and resized columns are remembered per query across a reload', async ({ open, reopen }) => {
    const view = await stepView();
    const { page, host } = await open({ view });
    host.results.set(QUERY_ID, { columns: RESULT_COLUMNS, rows: allRows(50) });
    await streamGeneratedRows(page, QUERY_ID, 50);
    await waitForCount(page, QUERY_ID, 50);
    const card = page.locator(CARD);
    const before = await headerNames(page);
    await card.locator('.columns-menu summary').click();
    await card.locator('.columns-list li[data-column="groupid"] input').uncheck();
    await card.getByRole('button', { name: 'Move left: bytes' }).click();
    const grip = card.locator('th[data-column="eventname"] .col-resize');
    const box = await grip.boundingBox();
    const widthBefore = (await card.locator('th[data-column="eventname"]').boundingBox()).width;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + 120, box.y + box.height / 2, { steps: 5 });
    await page.mouse.up();
    await settle(page);
    const widthAfter = (await card.locator('th[data-column="eventname"]').boundingBox()).width;
    assert.ok(Math.abs(widthAfter - widthBefore - 117) < 4, `resized from ${widthBefore} to ${widthAfter}`);
    const bytesAt = before.indexOf('bytes');
    const expected = before.filter(n => n !== 'groupid');
    const moved = expected.indexOf('bytes');
    [expected[moved - 1], expected[moved]] = [expected[moved], expected[moved - 1]];
    assert.ok(bytesAt > 0);
    assert.deepEqual(await headerNames(page), expected);
    // A filter typed afterwards (the page saves its state again) keeps the layout.
    await card.locator('input.results-filter').fill('createroute');
    await page.waitForFunction(() => window.document.querySelector('.results-count').textContent.includes(' of '));

    await reopen(page, view);
    await page.locator(`${CARD} .results-table th`).first().waitFor();
    await settle(page);
    assert.deepEqual(await headerNames(page), expected);
    const widthReloaded = (await card.locator('th[data-column="eventname"]').boundingBox()).width;
    assert.ok(
      Math.abs(widthReloaded - widthAfter) < 1.5,
      `width ${widthReloaded} after the reload, ${widthAfter} before`,
    );
    assert.equal(await card.locator('input.results-filter').inputValue(), 'createroute');
    const grid = await readGrid(page, QUERY_ID);
    assert.equal(grid.rows[0].cells[5], undefined, 'groupid stays hidden');
    await card.locator('.columns-menu summary').click();
    assert.equal(await card.locator('.columns-list li[data-column="groupid"] input').isChecked(), false);
    await card.getByRole('button', { name: 'Reset columns' }).click();
    assert.deepEqual(await headerNames(page), before);
  });

  test('a capped mark when the LIMIT was reached or the row cap stopped the run, and only then', async ({ open }) => {
    const view = await stepView();
    view.queries[0] = {
      ...view.queries[0],
      text: 'SELECT srcaddr, bytes FROM vpc_flow_logs ORDER BY bytes DESC LIMIT 5',
    };
    const { page, host } = await open({ view });
    const mark = page.locator(`${CARD} .results-capped`);
    await sendResult(host, { columns: FLOW_COLUMNS, rows: flowLogRows(5) });
    assert.equal(await mark.isVisible(), true);
    assert.match(await mark.textContent(), /LIMIT 5 was reached/);
    await sendResult(host, { columns: FLOW_COLUMNS, rows: flowLogRows(4) });
    assert.equal(await mark.count(), 1);
    assert.equal(await mark.isVisible(), false, 'four rows under LIMIT 5: complete');
    await sendResult(host, { columns: FLOW_COLUMNS, rows: flowLogRows(3) }, { partialReason: 'row cap' });
    assert.equal(await mark.isVisible(), true);
    assert.match(await mark.textContent(), /row cap \(3 rows/);
  });

  test('click, Shift and Ctrl select rows; Add to findings posts their evidence row numbers and raw values', async ({
    open,
  }) => {
    const { page, host } = await open({ view: await stepView() });
    const rows = flowLogRows(8);
    await sendResult(host, { columns: FLOW_COLUMNS, rows }, { run: { runId: 'run-42' } });
    const card = page.locator(CARD);
    const add = card.getByRole('button', { name: 'Add to findings' });
    assert.equal(await add.isDisabled(), true, 'nothing selected yet');
    // Sorted by packets descending, the shown order is the reverse of the evidence order.
    const packets = card.locator('th[data-column="packets"] button');
    await packets.click();
    await packets.click();
    await settle(page);
    const shownRow = position => card.locator(`tbody tr[aria-rowindex="${position + 2}"] td`).first();
    await shownRow(0).click();
    await shownRow(2).click({ modifiers: ['Shift'] });
    await shownRow(5).click({ modifiers: ['Control'] });
    await shownRow(1).click({ modifiers: ['Control'] });
    assert.equal(await card.locator('.results-bar').getByText('3 selected').count(), 1);
    await add.click();
    const posted = await host.waitForPosted(m => m.type === 'addFindings', 'addFindings');
    const columns = await headerNames(page);
    const evidenceRows = [2, 5, 7]; // 0-based result rows at shown positions 5, 2, 0 of 8 rows in reverse
    assert.deepEqual(posted, {
      type: 'addFindings',
      queryId: QUERY_ID,
      runId: 'run-42',
      columns,
      rows: evidenceRows.map(r => ({
        index: r,
        values: columns.map(n => String(rows[r][FLOW_COLUMNS.findIndex(c => c.name === n)])),
      })),
    });
  });

  test('times read in the local zone with their offset when the setting asks for it', async ({ open }) => {
    const { page, host } = await open({
      view: await stepView({ resultsTimeZone: 'local' }),
      contextOptions: { timezoneId: 'Asia/Kolkata' },
    });
    await sendResult(host, { columns: FLOW_COLUMNS, rows: flowLogRows(1) });
    const start = page.locator(`${CARD} th`).evaluateAll(ths => ths.findIndex(th => th.dataset.column === 'start'));
    const cell = page.locator(`${CARD} tbody tr[data-row="0"] td`).nth(await start);
    assert.equal(await cell.textContent(), '2026-11-28 19:30:00 UTC+05:30');
    assert.equal(await cell.getAttribute('title'), String(Date.UTC(2026, 10, 28, 14) / 1000));
    // The recorded runs under the query use the same format and zone (the fixture's run started 09:10 UTC).
    assert.equal(await page.locator(`${CARD} .run-time`).textContent(), '2026-11-29 14:40:00 UTC+05:30');
  });

  test('charts: bytes over time and top talkers for flow logs, events over time for CloudTrail, drawn on a canvas', async ({
    open,
  }) => {
    const { page, host } = await open({ view: await stepView() });
    const drawnCharts = () =>
      page.evaluate(card => {
        const box = document.querySelector(`${card} .results-charts`);
        return {
          hidden: box.hidden,
          charts: [...box.querySelectorAll('.chart')].map(c => {
            const canvas = c.querySelector('canvas');
            const { width, height } = canvas;
            const pixels = canvas.getContext('2d').getImageData(0, 0, width, height).data;
            let painted = 0;
            for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) painted++;
            return { kind: c.dataset.chart, width, height, painted, title: c.querySelector('.u-title')?.textContent };
          }),
        };
      }, CARD);
    await sendResult(host, { columns: FLOW_COLUMNS, rows: flowLogRows(40) });
    const flow = await drawnCharts();
    assert.equal(flow.hidden, false);
    assert.deepEqual(
      flow.charts.map(c => [c.kind, c.title]),
      [
        ['bytesOverTime', 'Bytes over time'],
        ['topTalkers', 'Top talkers (bytes sent)'],
      ],
    );
    for (const c of flow.charts)
      assert.ok(c.width > 200 && c.painted > 500, `${c.kind} is drawn: ${JSON.stringify(c)}`);
    await sendResult(host, await cloudTrailResult(5));
    const trail = await drawnCharts();
    assert.deepEqual(
      trail.charts.map(c => c.kind),
      ['eventsOverTime'],
    );
    assert.ok(trail.charts[0].painted > 500);
    await sendResult(host, { columns: RESULT_COLUMNS.slice(1, 3), rows: [['CreateRoute', 'x']] });
    assert.equal((await drawnCharts()).hidden, true, 'no chart without the columns it needs');
    assert.deepEqual(await page.evaluate(() => window.__irpCspViolations), []);
    assert.deepEqual(page.__errors, []);
  });

  test('charts take the theme: axis text in the foreground colour in light, dark and high contrast', async ({
    open,
  }) => {
    for (const theme of themes) {
      const { page, host } = await open({ view: await stepView(), theme });
      await sendResult(host, { columns: FLOW_COLUMNS, rows: flowLogRows(30) });
      const colours = await page.evaluate(card => {
        const fg = getComputedStyle(document.body).getPropertyValue('--vscode-foreground').trim();
        const canvas = document.querySelector(`${card} .chart canvas`);
        const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
        const hex = v => v.toString(16).padStart(2, '0');
        let matches = 0;
        for (let i = 0; i < pixels.length; i += 4) {
          if (
            pixels[i + 3] === 255 &&
            `#${hex(pixels[i])}${hex(pixels[i + 1])}${hex(pixels[i + 2])}` === fg.toLowerCase()
          )
            matches++;
        }
        return { fg, matches };
      }, CARD);
      assert.ok(
        colours.matches > 20,
        `${theme.themeName}: axis labels painted in ${colours.fg} (${colours.matches} pixels)`,
      );
    }
  });
}
