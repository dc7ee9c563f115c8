// Less scrolling and nothing re-run: the header's jump links, guidance collapsed and remembered, Ctrl/Cmd+Enter runs
// a query and moves focus to its result, the last recorded result shown on open (or why it cannot be), and where the
// first Run button sits in a 1,050 x 800 panel on the playbook's longest query step.
/* global document, window -- these run inside the page (page.evaluate) */
import * as esbuild from 'esbuild';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '../../vscode/host.mjs';
import { QUERY_ID, RESULT_COLUMNS, SECOND_QUERY_ID, makeRows, stepView } from '../fixtures.mjs';
import { hostPageModule } from '../hostPage.mjs';
import { cellText, readGrid, settle, waitForCount } from '../table.mjs';

const PLAYBOOK = path.join(REPO_ROOT, 'playbooks', 'unauthorized-network-changes.md');
const FLOW_LOG_STEP = 'query-flow-logs-athena';

/** The playbook parser and the engine choice from the source, bundled for Node (CommonJS: yaml needs require). */
async function playbookModule() {
  const result = await esbuild.build({
    stdin: {
      contents: `export { parsePlaybook } from './src/core/playbook/parser';
export { blocksForMode, engineFor } from './src/core/engine/resolve';`,
      resolveDir: REPO_ROOT,
      loader: 'ts',
    },
    bundle: true,
    write: false,
    platform: 'node',
    format: 'cjs',
    logLevel: 'silent',
  });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'irp-webview-playbook-'));
  const file = path.join(dir, 'playbook.cjs');
  fs.writeFileSync(file, result.outputFiles[0].text);
  try {
    return createRequire(import.meta.url)(file);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The flow-log Athena step of the shipped playbook as buildStepView would send it (the longest page it draws). */
async function flowLogStepView() {
  const { renderGuidance } = await hostPageModule();
  const { parsePlaybook, blocksForMode, engineFor } = await playbookModule();
  const { playbook } = parsePlaybook(fs.readFileSync(PLAYBOOK, 'utf8'));
  const phase = playbook.phases.find(p => p.steps.some(s => s.id === FLOW_LOG_STEP));
  const step = phase.steps.find(s => s.id === FLOW_LOG_STEP);
  const queries = blocksForMode(step, 'aws').map(q => ({
    id: q.id,
    title: q.title || q.id,
    text: q.text,
    engine: engineFor(q, 'aws'),
    parameters: q.parameters,
  }));
  const used = new Set(queries.flatMap(q => q.parameters));
  const base = await stepView();
  return {
    ...base,
    stepId: step.id,
    title: step.title,
    phaseTitle: phase.title,
    guidanceHtml: renderGuidance(step.guidance),
    checklist: step.checklist.map(c => ({ id: c.id, text: c.text })),
    questions: step.questions.map(q => ({ id: q.id, text: q.text, suggestions: q.suggestions })),
    queries,
    parameterDefinitions: playbook.parameters.filter(p => used.has(p.name)),
    parameters: Object.fromEntries(playbook.parameters.map(p => [p.name, p.default ?? ''])),
    state: { status: 'in-progress', checklist: {}, answers: {}, notes: '' },
    runs: [],
  };
}

/** Top of an element in page coordinates (0 is the top of the document), and the header's height. */
function layoutOf(page, selector) {
  return page.evaluate(sel => {
    const el = document.querySelector(sel);
    const box = el.getBoundingClientRect();
    return {
      top: Math.round(box.top + window.scrollY),
      viewportTop: Math.round(box.top),
      header: Math.round(document.querySelector('.step-header').getBoundingClientRect().bottom),
      focused: document.activeElement === el || el.contains(document.activeElement),
    };
  }, selector);
}

export default function panelLayoutSuite(test, { log }) {
  test('the first Run button and the jump links are on the first screen of the longest query step', async ({
    open,
  }) => {
    const view = await flowLogStepView();
    assert.ok(view.queries.length > 3 && view.guidanceHtml.length > 3000, 'the step is the long flow-log step');
    const { page } = await open({ view, viewport: { width: 1050, height: 800 } });
    await settle(page);
    const run = await layoutOf(page, 'section.query button.primary');
    const notes = await layoutOf(page, '.card textarea:not([data-question])');
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    log(`  first Run button at y=${run.top} px, notes at y=${notes.top} px, page ${height} px (1050x800 panel)`);
    const guidance = await page.evaluate(() => {
      const card = document.querySelector('.guidance-card') ?? document.querySelector('.guidance').parentElement;
      return Math.round(card.getBoundingClientRect().bottom + window.scrollY);
    });
    log(`  the guidance ends at y=${guidance} px`);
    const links = await page.locator('.jump-links button:visible').allTextContents();
    // The step asks no questions: no link to an empty section.
    assert.equal(view.questions.length, 0);
    assert.deepEqual(links, ['Guidance', 'Queries', 'Notes']);
    // Read the guidance, and the first Run button is on the next screen: only the parameters it uses come between.
    assert.ok(run.top < guidance + 800, `the first Run button is at y=${run.top}, the guidance ends at ${guidance}`);
    await page.locator('.jump-links button', { hasText: 'Queries' }).click();
    assert.ok((await layoutOf(page, 'section.query button.primary')).viewportTop < 800, 'one click shows a Run button');
    await page.locator('.section-toggle').click();
    const collapsed = await layoutOf(page, 'section.query button.primary');
    log(`  with the guidance collapsed: first Run button at y=${collapsed.top} px`);
    assert.ok(
      collapsed.top < 800,
      `with the guidance collapsed the first Run button is on screen (y=${collapsed.top})`,
    );
  });

  test('jump links bring a section under the sticky header and move focus to it', async ({ open }) => {
    const view = await stepView();
    const { page } = await open({ view, viewport: { width: 1050, height: 500 } });
    for (const [link, selector] of [
      ['Notes', '.card:has(textarea:not([data-question]))'],
      ['Questions', '.card:has(.questions)'],
      ['Queries', '.card:has(.query-list)'],
      ['Guidance', '.guidance-card'],
    ]) {
      await page.locator('.jump-links button', { hasText: link }).click();
      await settle(page);
      const at = await layoutOf(page, selector);
      assert.ok(at.focused, `${link}: focus moved to the section`);
      const atBottom = await page.evaluate(
        () => window.scrollY + window.innerHeight >= document.documentElement.scrollHeight - 1,
      );
      // The section starts just below the header, unless the page cannot scroll further.
      assert.ok(
        (at.viewportTop >= at.header && at.viewportTop <= at.header + 16) || (atBottom && at.viewportTop >= at.header),
        `${link}: section top ${at.viewportTop}, header bottom ${at.header}`,
      );
    }
  });

  test('collapsed guidance is remembered by the host and drawn collapsed on the next load', async ({
    open,
    reopen,
  }) => {
    const view = await stepView();
    const { page, host } = await open({ view });
    const guidance = page.locator('.guidance');
    const toggle = page.locator('.section-toggle');
    assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
    await toggle.click();
    assert.equal(await guidance.isHidden(), true);
    assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
    await host.waitForPosted(m => m.type === 'setGuidanceCollapsed' && m.collapsed === true, 'the collapsed guidance');
    assert.equal(host.guidanceCollapsed, true);
    await reopen(page, view);
    assert.equal(await page.locator('.guidance').isHidden(), true, 'still collapsed after the page was rebuilt');
    await page.locator('.section-toggle').click();
    assert.equal(await page.locator('.guidance').isVisible(), true);
    await host.waitForPosted(m => m.type === 'setGuidanceCollapsed' && m.collapsed === false, 'the expanded guidance');
  });

  test('Ctrl+Enter in a query card runs that query and moves focus to its result', async ({ open }) => {
    const view = await stepView();
    const { page, host } = await open({ view });
    const rows = makeRows(0, 3);
    host.answers.run = async ({ queryId }) => {
      await host.send({ type: 'runStarted', queryId });
      await host.send({ type: 'runRows', queryId, columns: RESULT_COLUMNS, rows, reset: true });
      await host.send({ type: 'runEnded', queryId, phase: 'done', rowCount: rows.length });
      return { phase: 'done', rowCount: rows.length };
    };
    const card = page.locator(`section.query[data-query="${SECOND_QUERY_ID}"]`);
    await card.locator('summary').focus();
    await page.keyboard.press('Control+Enter');
    const posted = await host.waitForPosted(m => m.type === 'run', 'a run');
    assert.equal(posted.queryId, SECOND_QUERY_ID);
    await page.waitForFunction(
      id => document.activeElement === document.querySelector(`section.query[data-query="${id}"] .query-result`),
      SECOND_QUERY_ID,
    );
    await waitForCount(page, SECOND_QUERY_ID, rows.length);
    assert.equal(host.postedOfType('run').length, 1, 'one key press, one run');
    // Another card's shortcut runs that card, not the first one.
    await page.locator(`section.query[data-query="${QUERY_ID}"] summary`).focus();
    await page.keyboard.press('Control+Enter');
    assert.equal(
      (await host.waitForPosted(m => m.type === 'run' && m.queryId === QUERY_ID, 'a second run')).type,
      'run',
    );
  });

  test('the last recorded result is shown on open from its evidence, and a bad file is named instead', async ({
    open,
  }) => {
    const view = await stepView();
    const rows = makeRows(0, 40);
    const { page, host } = await open({
      view,
      beforeLoad: (_page, host) => {
        host.answers.lastResult = ({ queryId }) =>
          queryId === QUERY_ID
            ? {
                kind: 'rows',
                runId: 'run-1',
                startedAt: '2026-11-29T09:10:00Z',
                path: 'r.evidence/step-q-20261129T091000000Z.csv',
                columns: RESULT_COLUMNS,
                rows,
                rowCount: 100,
              }
            : {
                kind: 'problem',
                runId: 'run-2',
                path: 'r.evidence/step-sg-20261129T091100000Z.csv',
                problem: 'the file is missing',
              };
      },
    });
    await waitForCount(page, QUERY_ID, rows.length);
    const grid = await readGrid(page, QUERY_ID);
    assert.deepEqual(grid.rows[0].cells, rows[0].map(cellText));
    const card = page.locator(`section.query[data-query="${QUERY_ID}"]`);
    const note = await card.locator('.progress').textContent();
    assert.match(note, /r\.evidence\/step-q-20261129T091000000Z\.csv/);
    assert.match(note, /SHA-256 checked; the first 40 of 100 rows\. Not run again\./);
    const problem = page.locator(`section.query[data-query="${SECOND_QUERY_ID}"] .problem`);
    assert.equal(await problem.isVisible(), true);
    assert.match(await problem.textContent(), /r\.evidence\/step-sg-20261129T091100000Z\.csv: the file is missing/);
    assert.equal(host.postedOfType('run').length, 0, 'nothing was run');
    assert.deepEqual(
      host
        .postedOfType('lastResult')
        .map(m => m.queryId)
        .sort(),
      [QUERY_ID, SECOND_QUERY_ID].sort(),
    );
  });
}
