// A tabletop exercise end to end in the extension host: the scenario's logs are written, the report is an exercise
// on local data, a step's query runs on the real local engine (DuckDB) and is recorded with its evidence, the
// evidence check passes, the facilitator releases an inject to the players' briefing, and the debrief scores what the
// team recorded, in its own panel and in the report's exercise section.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { parseReport } from '../../../src/core/report/index';
import type { EvidenceCheck } from '../../../src/core/run/index';
import type { HostToWebview } from '../../../src/shared/messages';
import type { TestApi } from '../../../src/extension/testApi';
import { activateExtension, readWorkspaceFile, scriptedWindow, until, workspaceUri, startExercise } from './helpers';

const SCENARIO = 'tabletops/leaked-key-open-ssh/scenario.md';

type RunEnded = Extract<HostToWebview, { type: 'runEnded' }>;
const isRunEnded =
  (queryId: string) =>
  (m: HostToWebview): m is RunEnded =>
    m.type === 'runEnded' && m.queryId === queryId;

describe('Tabletop exercise', () => {
  let api: TestApi;
  let reportPath: string;

  before(async () => {
    api = await activateExtension();
  });

  it("starts an exercise on the scenario's generated logs", async () => {
    reportPath = await startExercise(SCENARIO);
    const { header } = parseReport(await readWorkspaceFile(reportPath)).state;
    assert.equal(header.mode, 'exercise');
    assert.equal(header.defaultEngine, 'local');
    assert.equal(header.dataSources.length, 1);
    assert.match(header.dataSources[0], /^exercise-data\/leaked-key-open-ssh-[0-9a-f]{8}$/);
    assert.equal(header.parameters.window, '2026-11-20T08:00:00Z/2026-11-20T18:00:00Z');
    const logs = await vscode.workspace.findFiles(`incidents/${header.dataSources[0]}/AWSLogs/**`, undefined, 1);
    assert.equal(logs.length, 1, 'the scenario logs were not written');
  });

  it('runs a CloudTrail lookup of a step on the local data and records it with its evidence', async () => {
    await vscode.commands.executeCommand('irPlaybook.openStep', { stepId: 'review-cloudtrail' });
    const panel = api.panel('review-cloudtrail')!;
    await panel.send({ type: 'run', queryId: 'sg-opened-to-world' });
    const ended = await panel.waitFor(isRunEnded('sg-opened-to-world'));
    assert.equal(ended.phase, 'done', JSON.stringify(ended.error));
    assert.ok(ended.rowCount > 0, 'the scenario opens SSH to the world: the lookup must find it');
    assert.match(ended.run?.evidence[0]?.sha256 ?? '', /^[0-9a-f]{64}$/);
    const rows = panel.received
      .filter(m => m.type === 'runRows')
      .reduce((n, m) => n + (m.type === 'runRows' ? m.rows.length : 0), 0);
    assert.equal(rows, ended.rowCount, 'every row reached the panel');
    const step = parseReport(await readWorkspaceFile(reportPath)).state.steps['review-cloudtrail'];
    assert.equal(step.runs.length, 1);
    assert.equal(step.runs[0].queryId, 'sg-opened-to-world');
    assert.equal(step.runs[0].rowCount, ended.rowCount);
    panel.dispose();
  });

  it('verifies the evidence hashes', async () => {
    const checks = await vscode.commands.executeCommand<EvidenceCheck[]>('irPlaybook.verifyEvidence');
    assert.ok(checks.length >= 1);
    assert.ok(
      checks.every(c => c.ok),
      JSON.stringify(checks),
    );
  });

  it("releases an inject to the players' briefing, kept when the panel is closed and opened again", async () => {
    const before = await vscode.commands.executeCommand<{ html: string }>('irPlaybook.showBriefing');
    assert.match(before.html, /No inject has been released yet\./);
    assert.match(before.html, /Northwind Parcel runs its parcel-tracking API/);
    assert.ok(!before.html.includes('Finance forwards'));
    const released = await vscode.commands.executeCommand<{ html: string }>('irPlaybook.releaseInject', 'bill');
    assert.match(released.html, /Finance forwards a Cost Anomaly Detection alert/);
    assert.match(released.html, /id="inject-bill"/);
    assert.ok(!released.html.includes('<script'), 'the briefing page has no script');
    // Never the facilitator's material, whatever is out.
    for (const secret of ['What actually happened', 'The decoy', 'When the key was deleted', '```match', 'says:'])
      assert.ok(!released.html.includes(secret), secret);
    const text = await readWorkspaceFile(reportPath);
    assert.match(text, /<!-- tabletop:exercise scenario="leaked-key-open-ssh" -->/);
    assert.match(text, /^- \d{4}-\d\d-\d\dT[\d:]+Z: T\+00:10 · The bill \(`bill`\)$/m);
    // The report still reads as before: the section is outside every step region.
    assert.equal(parseReport(text).state.steps['review-cloudtrail'].runs.length, 1);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const reopened = await vscode.commands.executeCommand<{ html: string }>('irPlaybook.showBriefing');
    assert.match(reopened.html, /id="inject-bill"/);
    assert.ok(!reopened.html.includes('id="inject-nat-alarms"'));
  });

  it('scores what the team recorded in a debrief panel of its own and in the exercise section', async () => {
    await vscode.commands.executeCommand('irPlaybook.openStep', { stepId: 'identify-actor' });
    const panel = api.panel('identify-actor')!;
    await panel.send({ type: 'setNotes', value: 'Maria López deleted the key at 12:47, says the platform team.' });
    await api.flush();
    panel.dispose();
    const debrief = await vscode.commands.executeCommand<{
      results: { findingId: string; found: boolean; evidence?: string }[];
      html: string;
    }>('irPlaybook.showDebrief');
    const byId = Object.fromEntries(debrief.results.map(r => [r.findingId, r]));
    assert.equal(byId['f-key-deleted'].found, true, JSON.stringify(byId['f-key-deleted']));
    assert.match(
      byId['f-key-deleted'].evidence ?? '',
      /^notes of identify-actor: Maria López deleted the key at 12:47/,
    );
    // The lookup ran and its rows hold the group, but nobody wrote it down: not found.
    assert.equal(byId['f-security-group'].found, false);
    // A readable page, not a second copy of the report.
    assert.match(debrief.html, /<table>/);
    assert.match(debrief.html, /When the key was deleted/);
    assert.ok(!debrief.html.includes('irp:') && !debrief.html.includes('Checklist'), 'the report itself is shown');
    assert.ok(!debrief.html.includes('<script'));
    const text = await readWorkspaceFile(reportPath);
    assert.match(text, /## Exercise: A leaked CI key opens SSH to the world/);
    assert.match(text, /### Debrief\n/);
    assert.match(text, /\(`bill`\)/, 'the released inject stayed');
    assert.equal(text.match(/<!-- tabletop:exercise /g)?.length, 1);
  });

  it('exports the report as HTML, redacted, beside it', async () => {
    const target = workspaceUri('incidents/exported.redacted.html');
    const result = await vscode.commands.executeCommand<{ uri: vscode.Uri; redacted: number }>(
      'irPlaybook.exportReport',
      target,
      true,
    );
    assert.ok(result.redacted > 0);
    const html = await readWorkspaceFile('incidents/exported.redacted.html');
    assert.ok(!html.includes('111122223333') && !html.includes('<script') && !html.includes('irp:'));
    assert.match(html, /\b(?:IP|ARN|ACCOUNT|ACCESS-KEY|EMAIL)-1\b/);
  });
});

describe('Report deleted while open', () => {
  it('keeps the latest state in memory and, through "Save As…", writes it where the user saves it', async () => {
    const api = await activateExtension();
    const window = scriptedWindow();
    const session = api.currentReport()!;
    const original = session.uri;
    const target = workspaceUri('incidents/saved-elsewhere.md');
    const warned = window.nextMessage('warning', shown => {
      assert.equal(shown.modal, false);
      assert.match(shown.text, new RegExp(`^The incident report ${session.name} was deleted or moved outside VS Code`));
      assert.deepEqual(shown.items, ['Save As…', 'Close Incident']);
      return 'Save As…';
    });
    const asked = window.nextSaveDialog(shown => {
      assert.equal(shown.defaultUri?.toString(), original.toString());
      assert.deepEqual(shown.filters, { Markdown: ['md'] });
      return target;
    });
    await vscode.commands.executeCommand('irPlaybook.openStep', { stepId: 'identify-actor' });
    const panel = api.panel('identify-actor')!;
    await vscode.workspace.fs.delete(original);
    await panel.send({ type: 'setNotes', value: 'Key AKIAWX3N7QGT5LKE2HVR deactivated at 10:02.' });
    await api.flush();
    await warned;
    assert.equal(
      await vscode.workspace.fs.stat(original).then(
        () => true,
        () => false,
      ),
      false,
      'the deleted report was written back',
    );
    await asked;
    await until(() => api.currentReport()?.uri.toString() === target.toString());
    const saved = parseReport(await readWorkspaceFile('incidents/saved-elsewhere.md')).state;
    assert.equal(saved.steps['identify-actor'].notes, 'Key AKIAWX3N7QGT5LKE2HVR deactivated at 10:02.');
    await until(() => vscode.window.visibleTextEditors.some(e => e.document.uri.toString() === target.toString()));
    panel.dispose();
  });
});
