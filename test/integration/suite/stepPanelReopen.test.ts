// A step panel closed and opened again shows the last result of its query from the evidence file, checked against
// its SHA-256, without running anything; and the next step opens in the same panel.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { parseReport } from '../../../src/core/report/index';
import type { CellValue, Column } from '../../../src/core/engine/types';
import type { HostToWebview } from '../../../src/shared/messages';
import type { TestApi } from '../../../src/extension/testApi';
import { activateExtension, readWorkspaceFile, workspaceUri, startExercise } from './helpers';

const SCENARIO = 'tabletops/leaked-key-open-ssh/scenario.md';
const STEP = 'review-cloudtrail';
const QUERY = 'sg-opened-to-world';

const isRunEnded = (m: HostToWebview): m is Extract<HostToWebview, { type: 'runEnded' }> =>
  m.type === 'runEnded' && m.queryId === QUERY;

const isStepOf =
  (stepId: string) =>
  (m: HostToWebview): m is Extract<HostToWebview, { type: 'step' }> =>
    m.type === 'step' && m.view.stepId === stepId;

describe('Step panel reopened', () => {
  let api: TestApi;
  let reportPath: string;
  let columns: Column[] = [];
  const rows: CellValue[][] = [];

  before(async () => {
    api = await activateExtension();
    reportPath = await startExercise(SCENARIO);
  });

  it('runs a query of the step', async () => {
    await vscode.commands.executeCommand('irPlaybook.openStep', { stepId: STEP });
    const panel = api.panel(STEP)!;
    const outcome = await panel.request({ type: 'run', queryId: QUERY });
    assert.equal(outcome.phase, 'done');
    assert.ok(outcome.rowCount > 0);
    assert.equal((await panel.waitFor(isRunEnded)).rowCount, outcome.rowCount);
    for (const m of panel.received) {
      if (m.type !== 'runRows' || m.queryId !== QUERY) continue;
      columns = m.columns;
      rows.push(...m.rows);
    }
    assert.equal(rows.length, outcome.rowCount);
    panel.dispose();
  });

  it('shows the rows again after the panel was closed and opened, without a new run', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    assert.deepEqual(api.openPanelIds(), []);
    await vscode.commands.executeCommand('irPlaybook.openStep', { stepId: STEP });
    const panel = api.panel(STEP)!;
    await panel.send({ type: 'ready' });
    const last = await panel.request({ type: 'lastResult', queryId: QUERY });
    assert.equal(last.kind, 'rows', JSON.stringify(last));
    if (last.kind !== 'rows') return;
    assert.deepEqual(
      last.columns.map(c => c.name),
      columns.map(c => c.name),
    );
    // The evidence keeps text: every cell reads back as the text of what the run sent.
    const text = (v: CellValue) => (v === null ? '' : String(v));
    assert.deepEqual(
      last.rows,
      rows.map(r => r.map(text)),
    );
    assert.match(last.path, /\.evidence\/review-cloudtrail-sg-opened-to-world-.*\.csv$/);
    assert.ok(!panel.received.some(m => m.type === 'runStarted'), 'nothing ran');
    const step = parseReport(await readWorkspaceFile(reportPath)).state.steps[STEP];
    assert.equal(step.runs.length, 1, 'the report records one run');
    // The record shows the lookup with the window's actual start and end, as commands to paste into a shell.
    assert.match(
      step.runs[0].resolvedQuery ?? '',
      /^aws cloudtrail lookup-events .* --start-time 2026-11-20T08:00:00.000Z /m,
    );
    panel.dispose();
  });

  it('names the evidence file instead of showing rows when it was changed', async () => {
    const step = parseReport(await readWorkspaceFile(reportPath)).state.steps[STEP];
    const csv = step.runs[0].evidence.find(e => e.format === 'csv')!;
    const file = vscode.Uri.joinPath(workspaceUri(reportPath), '..', csv.path);
    const original = await vscode.workspace.fs.readFile(file);
    await vscode.workspace.fs.writeFile(file, Buffer.concat([original, Buffer.from('forged\r\n')]));
    try {
      const panel = api.panel(STEP)!;
      const last = await panel.request({ type: 'lastResult', queryId: QUERY });
      assert.equal(last.kind, 'problem');
      if (last.kind === 'problem') {
        assert.equal(last.path, csv.path);
        assert.match(last.problem, /changed since it was recorded/);
      }
      panel.dispose();
    } finally {
      await vscode.workspace.fs.writeFile(file, original);
    }
  });

  it('opens the next step in the same panel', async () => {
    const panel = api.panel(STEP)!;
    await panel.send({ type: 'ready' });
    const next = (await panel.waitFor(isStepOf(STEP))).view.nextStep;
    assert.ok(next);
    await panel.send({ type: 'openStep', stepId: next.id });
    assert.deepEqual(api.openPanelIds(), [next.id]);
    assert.equal((await panel.waitFor(isStepOf(next.id))).view.title, next.title);
    panel.dispose();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});
