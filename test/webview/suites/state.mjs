// The page keeps its filters, sorts and scroll position with setState, so a panel that VS Code reloads (hidden then
// shown again) comes back where it was; the answers come back from the host, which has them in the report.
/* global sessionStorage, window, document -- these run inside the page (page.evaluate) */
import assert from 'node:assert/strict';
import { QUERY_ID, RESULT_COLUMNS, stepView } from '../fixtures.mjs';
import { allRows, expectedOrder, readGrid, settle, streamGeneratedRows, waitForCount, cellText } from '../table.mjs';

const ROWS = 1_000;

export default function stateSuite(test) {
  test('filter, sort and answers survive a reload of the page', async ({ open, reopen }) => {
    const view = await stepView();
    const { page, host } = await open({ view, viewport: { width: 1100, height: 700 } });
    host.results.set(QUERY_ID, { columns: RESULT_COLUMNS, rows: allRows(ROWS) });
    await streamGeneratedRows(page, QUERY_ID, ROWS);
    await waitForCount(page, QUERY_ID, ROWS);
    const card = page.locator(`section.query[data-query="${QUERY_ID}"]`);
    await card.locator('input.results-filter').fill('CreateRoute');
    await card.locator('th').filter({ hasText: 'sourceipaddress' }).locator('button').click();
    await card.locator('th').filter({ hasText: 'sourceipaddress' }).locator('button').click();
    const rows = allRows(ROWS);
    const expected = expectedOrder(rows, { filter: 'CreateRoute', sort: { column: 3, descending: true } });
    await waitForCount(page, QUERY_ID, ROWS, expected.length);
    const answer = page.getByLabel('Who made the changes, and were they authorised?');
    await answer.fill('The deploy role, from the CI runner');
    // The host writes the answer to the report and sends the step again on the next load.
    const posted = await host.waitForPosted(
      m => m.type === 'setAnswer' && m.value === 'The deploy role, from the CI runner',
      'the answer',
    );
    host.view = {
      ...view,
      state: { ...view.state, answers: { ...view.state.answers, [posted.questionId]: posted.value } },
    };
    const saved = await page.evaluate(() => JSON.parse(sessionStorage.getItem('irp-harness-webview-state')));
    assert.equal(saved.reportUri, view.reportUri);
    assert.equal(saved.stepId, view.stepId);
    assert.equal(saved.grids[QUERY_ID].filter, 'CreateRoute');
    assert.deepEqual(saved.grids[QUERY_ID].sort, { column: 'sourceipaddress', descending: true });

    await reopen(page, view);
    await waitForCount(page, QUERY_ID, ROWS, expected.length);
    assert.equal(host.readyCount, 2);
    assert.equal(await card.locator('input.results-filter').inputValue(), 'CreateRoute');
    assert.equal(
      await card.locator('th').filter({ hasText: 'sourceipaddress' }).getAttribute('aria-sort'),
      'descending',
    );
    const grid = await readGrid(page, QUERY_ID);
    assert.deepEqual(grid.rows[0].cells, rows[expected[0]].map(cellText));
    assert.equal(await answer.inputValue(), 'The deploy role, from the CI runner');
  });

  test('the scroll position survives a reload, with the result rows the host sends again', async ({ open, reopen }) => {
    const view = await stepView();
    const { page, host } = await open({ view, viewport: { width: 1100, height: 600 } });
    host.results.set(QUERY_ID, { columns: RESULT_COLUMNS, rows: allRows(ROWS) });
    await streamGeneratedRows(page, QUERY_ID, ROWS);
    await waitForCount(page, QUERY_ID, ROWS);
    // Read down to the notes, at the bottom of the page (below the result grid).
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    await settle(page);
    const before = await page.evaluate(() => window.scrollY);
    assert.ok(before > 400, `the page scrolls (scrollY ${before})`);
    await reopen(page, view);
    await waitForCount(page, QUERY_ID, ROWS);
    await settle(page);
    const after = await page.evaluate(() => ({
      y: window.scrollY,
      saved: JSON.parse(sessionStorage.getItem('irp-harness-webview-state')).scrollY,
    }));
    assert.ok(
      Math.abs(after.y - before) <= 2,
      `scrollY ${after.y} after the reload, ${before} before (saved state now says ${after.saved})`,
    );
  });
}
