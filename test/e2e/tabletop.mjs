// The bundled tabletop in the real workbench, as a player would work it: start the exercise (local engine on the
// scenario's generated logs), read the players' briefing, run a step's query, pin its one row as a finding, close
// and reopen the step (the result comes back from the evidence, not from a new run), read the timeline, debrief.
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { until } from '../vscode/checks.mjs';
import { REPO_ROOT } from '../vscode/host.mjs';
import { clickViewAction, closeTab, pane, runCommand, setPaneExpanded, webviewShowing } from '../vscode/workbench.mjs';

const STEP = 'review-cloudtrail';
const STEP_TITLE = /^Review security group changes in CloudTrail/;
// The Athena query over the local DuckDB engine: the scenario opens one rule to 0.0.0.0/0, so one row.
const QUERY = 'ct-sg-open-to-world';
const SCENARIO_TITLE = 'A leaked CI key opens SSH to the world';

/** The report as `irp report parse --json` reads it: the same parser the extension uses. */
function parsedReport(file) {
  return JSON.parse(
    execFileSync(process.execPath, [path.join(REPO_ROOT, 'dist/cli.js'), 'report', 'parse', file, '--json'], {
      encoding: 'utf8',
    }),
  );
}

const sha256 = file => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

/** The reports in the workspace's incidents folder, newest last by name. */
function reports(workspace) {
  const dir = path.join(workspace, 'incidents');
  return fs.existsSync(dir)
    ? fs
        .readdirSync(dir)
        .filter(f => f.endsWith('.md'))
        .map(f => path.join(dir, f))
    : [];
}

/** The step's query card in the step's webview (the webview that shows it). */
async function queryCard(page) {
  const selector = `section.query[data-query="${QUERY}"]`;
  const frame = await webviewShowing(page, selector, `the query card ${QUERY}`);
  return frame.locator(selector);
}

async function openStep(page) {
  await pane(page, 'Incident').getByRole('treeitem', { name: STEP_TITLE }).first().click();
  return queryCard(page);
}

/** Plays the tabletop in the open workbench on `workspace`; `check` runs and counts each named check. */
export async function tabletopWalk({ page, workspace, check, log, shot }) {
  const known = new Set(reports(workspace));
  let report;
  const started = await check(
    "starting the tabletop writes an exercise report on the scenario's logs and fills the tree",
    async () => {
      await runCommand(page, 'IR Playbook: Start Tabletop Exercise…');
      report = await until('the exercise report', () => reports(workspace).find(f => !known.has(f)), 120_000);
      const { header } = await until('the report header', () => {
        try {
          return parsedReport(report);
        } catch {
          return undefined;
        }
      });
      if (header.mode !== 'exercise' || header.defaultEngine !== 'local')
        throw new Error(`the report is ${header.mode} on ${header.defaultEngine}, not an exercise on local data`);
      await pane(page, 'Incident').getByRole('treeitem', { name: STEP_TITLE }).first().waitFor();
    },
  );
  if (!started) return;

  await check("the players' briefing (view title button) shows the story, never the facilitator's notes", async () => {
    await setPaneExpanded(page, 'Incident', true);
    await clickViewAction(page, 'Incident', "Show Players' Briefing");
    await page.getByRole('tab', { name: `Briefing: ${SCENARIO_TITLE}` }).waitFor();
    const frame = await webviewShowing(page, 'text=Northwind Parcel runs its parcel-tracking API', 'the briefing');
    const text = await frame.locator('body').innerText();
    // Facilitator material in scenario.md: the notes, the expected findings and the key the team has to find.
    for (const secret of [
      'Facilitator notes',
      'What actually happened',
      'Expected findings',
      'The leaked access key',
      'AKIAWX3N7QGT5LKE2HVR',
    ])
      if (text.includes(secret)) throw new Error(`the briefing shows "${secret}"`);
    await shot('e2e-briefing.png');
  });

  let evidenceFile;
  await check('a one-row result of a step query is fully visible above the horizontal scrollbar', async () => {
    const card = await openStep(page);
    await card.getByRole('button', { name: 'Run', exact: true }).click();
    await card.locator('.results-count', { hasText: /^1 row$/ }).waitFor({ timeout: 120_000 });
    // The grid itself into the page's view; its own scroll position stays as the result left it.
    await card.locator('.results-viewport').scrollIntoViewIfNeeded();
    const box = await card.locator('.results-viewport').evaluate(viewport => {
      const r = viewport.querySelector('tbody tr[data-row]').getBoundingClientRect();
      const v = viewport.getBoundingClientRect();
      return {
        rowTop: r.top,
        rowBottom: r.bottom,
        // The client box excludes the borders and the scrollbar: what is not covered.
        shownTop: v.top + viewport.clientTop,
        shownBottom: v.top + viewport.clientTop + viewport.clientHeight,
        scrollbar: viewport.offsetHeight - viewport.clientHeight - 2 * viewport.clientTop,
        wide: viewport.scrollWidth > viewport.clientWidth,
      };
    });
    log(`one-row grid: ${JSON.stringify(box)}`);
    if (!box.wide || box.scrollbar <= 0)
      throw new Error('the result is not wider than the panel: no scrollbar to test');
    if (box.rowTop < box.shownTop || box.rowBottom > box.shownBottom)
      throw new Error(`the row (${box.rowTop}-${box.rowBottom}) is not inside ${box.shownTop}-${box.shownBottom}`);
    await shot('e2e-results.png');
  });

  await check(
    'a selected row goes to findings through the quick input, with the evidence file and its SHA-256',
    async () => {
      const card = await queryCard(page);
      await card.locator('.results-table tbody tr[data-row] td').first().click();
      await card.locator('tr[data-row][aria-selected="true"]').waitFor();
      await card.getByRole('button', { name: 'Add to findings' }).click();
      const quickInput = page.locator('.quick-input-widget');
      // Summary, prefilled from the row: Enter keeps it.
      await quickInput.locator('.quick-input-message', { hasText: 'Summary of the finding' }).waitFor();
      const box = quickInput.locator('input').first();
      const summary = await box.inputValue();
      if (!summary.includes('203.0.113.77')) throw new Error(`the summary is not prefilled from the row: "${summary}"`);
      await box.press('Enter');
      // Kind, the prefilled one first: Enter.
      await quickInput.locator('.quick-input-list .monaco-list-row', { hasText: 'Attacker action' }).waitFor();
      await box.press('Enter');
      // Indicators taken from the row, with ticks (all ticked): Enter.
      await quickInput.locator('.quick-input-list .monaco-list-row', { hasText: 'sg-0c3f9a12e4b7d6850' }).waitFor();
      await page.locator('.quick-input-widget.show-checkboxes').waitFor();
      await box.press('Enter');
      await quickInput.waitFor({ state: 'hidden' });
      const finding = await until('the finding in the report file', () => parsedReport(report).findings?.[0]);
      if (finding.summary !== summary) throw new Error(`the finding says "${finding.summary}", not "${summary}"`);
      if (!finding.indicators.some(i => i.value === '203.0.113.77')) throw new Error('the finding has no IP indicator');
      if (!finding.evidence?.path) throw new Error('the finding names no evidence file');
      evidenceFile = path.resolve(path.dirname(report), finding.evidence.path);
      const hash = sha256(evidenceFile);
      if (finding.evidence.sha256 !== hash)
        throw new Error(`the finding records SHA-256 ${finding.evidence.sha256}; the file has ${hash}`);
      log(`finding ${finding.id}: ${finding.evidence.path} sha256 ${hash}`);
    },
  );

  await check(
    'the step closed and opened again shows the last result from its evidence, without a new run',
    async () => {
      await closeTab(page, STEP_TITLE);
      const card = await openStep(page);
      await card.locator('.progress', { hasText: /rows read from .*SHA-256 checked\. Not run again\./ }).waitFor();
      await card.locator('.results-count', { hasText: /^1 row$/ }).waitFor();
      await card.locator('.results-table tbody tr[data-row]').waitFor();
      const runs = parsedReport(report).steps[STEP].runs.filter(r => r.queryId === QUERY);
      if (runs.length !== 1) throw new Error(`the report records ${runs.length} runs of ${QUERY}, not 1`);
      if (evidenceFile && !(await card.locator('.progress').innerText()).includes(path.basename(evidenceFile)))
        throw new Error('the panel does not name the evidence file the finding names');
    },
  );

  await check('the Timeline view lists its entries sorted by time, incident and response apart', async () => {
    await setPaneExpanded(page, 'Incident', false);
    await setPaneExpanded(page, 'Timeline', true);
    const timeline = pane(page, 'Timeline');
    await timeline.getByRole('treeitem', { name: /^Timeline/ }).waitFor();
    const entries = timeline.locator('.monaco-list-row[aria-level="2"]', {
      has: page.locator('.label-description', { hasText: / · (happened|response)$/ }),
    });
    await entries.first().waitFor();
    // Every entry is drawn (the list draws only rows in view): as many rows as the group says it holds.
    const expected = Number(await entries.first().getAttribute('aria-setsize'));
    const times = await until('every timeline entry drawn', async () => {
      const shown = await entries.locator('.label-description').allInnerTexts();
      return shown.length === expected ? shown : undefined;
    });
    const parsed = times.map(t => ({ text: t, time: Date.parse(t.split(' · ')[0]), side: t.split(' · ')[1] }));
    log(`timeline: ${times.join(' | ')}`);
    if (parsed.some(p => Number.isNaN(p.time))) throw new Error(`an entry has no readable time: ${times.join(' | ')}`);
    for (let i = 1; i < parsed.length; i++)
      if (parsed[i].time < parsed[i - 1].time)
        throw new Error(`"${parsed[i].text}" comes after "${parsed[i - 1].text}"`);
    if (!parsed.some(p => p.side === 'happened') || !parsed.some(p => p.side === 'response'))
      throw new Error('the timeline does not hold both what happened (the finding) and what the team did');
    await shot('e2e-timeline.png');
  });

  await check(
    'the debrief (view title button) opens in a panel of its own and is written into the report',
    async () => {
      await setPaneExpanded(page, 'Incident', true);
      await clickViewAction(page, 'Incident', 'Show Exercise Debrief');
      await page.getByRole('tab', { name: `Debrief: ${SCENARIO_TITLE}` }).waitFor();
      const frame = await webviewShowing(page, 'table:has-text("The leaked access key")', 'the debrief page');
      await frame.getByRole('heading', { name: SCENARIO_TITLE }).first().waitFor();
      // The pinned finding names the key: the debrief credits what the team recorded.
      const keyRow = await frame.locator('tr', { hasText: 'The leaked access key' }).first().innerText();
      if (!/\bfound\b/.test(keyRow) || !keyRow.includes('finding f')) throw new Error(`the debrief says: ${keyRow}`);
      await until('the debrief in the report', () => fs.readFileSync(report, 'utf8').includes('### Debrief\n'));
      await shot('e2e-debrief.png');
    },
  );
}
