// The extension in a real extension host: activation, the tree derived from the report, the step panel's message
// handler writing the report, restoring from it, and playbook diagnostics. Drives the host side through the test
// API that activate() returns; the page itself is covered by the UI test.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { parseReport } from '../../../src/core/report/index';
import type { HostToWebview, StepView } from '../../../src/shared/messages';
import type { TestApi } from '../../../src/extension/testApi';
import {
  activateExtension,
  readWorkspaceFile,
  scriptedWindow,
  workspaceUri,
  whenDiagnostics,
  NO_QUESTIONS,
} from './helpers';

const PLAYBOOK = 'playbooks/unauthorized-network-changes.md';
const QUESTION_STEP = 'training-and-communication';

function isStep(m: HostToWebview): m is Extract<HostToWebview, { type: 'step' }> {
  return m.type === 'step';
}

describe('IR Playbook extension', () => {
  let api: TestApi;
  let reportUri: vscode.Uri;

  before(async () => {
    api = await activateExtension();
  });

  it('activates on a workspace with playbooks and returns its test API', () => {
    assert.ok(api && typeof api.treeChildren === 'function');
    assert.ok(vscode.extensions.all.find(e => e.packageJSON.name === 'ir-playbook-companion')?.isActive);
  });

  it('starts an incident: writes the report in incidents/ and shows the five phases and their steps', async () => {
    const session = await vscode.commands.executeCommand<{ uri: vscode.Uri } | undefined>(
      'irPlaybook.startIncident',
      workspaceUri(PLAYBOOK),
      NO_QUESTIONS,
    );
    assert.ok(session, 'startIncident returned no report');
    reportUri = session.uri;
    assert.match(
      vscode.workspace.asRelativePath(reportUri),
      /^incidents\/\d{4}-\d{2}-\d{2}-unauthorized-network-changes-[0-9a-f]+\.md$/,
    );
    assert.equal(api.currentReport()?.uri.toString(), reportUri.toString());

    const [root] = api.treeChildren();
    assert.equal(root.kind, 'playbook');
    const phases = api.treeChildren(root);
    assert.deepEqual(
      phases.map(p => p.kind === 'phase' && p.phase.id),
      ['preparation', 'detection-analysis', 'containment-eradication', 'recovery', 'post-incident'],
    );
    const detection = api.treeChildren(phases[1]);
    assert.ok(detection.some(s => s.kind === 'step' && s.step.id === 'review-cloudtrail'));
    const item = api.treeItem(detection[0]);
    assert.equal((item.iconPath as vscode.ThemeIcon).id, 'circle-large-outline');
    assert.equal(item.command?.command, 'irPlaybook.openStep');
    assert.equal(api.treeItem(phases[1]).description, `0/${detection.length}`);
  });

  it('opens a step in one panel that moves on to the next step, or beside it when the setting says so', async () => {
    await vscode.commands.executeCommand('irPlaybook.openStep', { stepId: QUESTION_STEP });
    await vscode.commands.executeCommand('irPlaybook.openStep', { stepId: QUESTION_STEP });
    assert.deepEqual(api.openPanelIds(), [QUESTION_STEP]);
    const panel = api.panel(QUESTION_STEP)!;
    await panel.send({ type: 'ready' });
    const { view } = await panel.waitFor(isStep);
    assert.equal(view.stepId, QUESTION_STEP);
    assert.equal(view.state.status, 'not-started');
    assert.ok(view.questions.some(q => q.id === 'q-training'));
    assert.ok(!/<script/i.test(view.guidanceHtml));
    assert.equal(view.previousStep?.id, 'setup-logging');
    assert.equal(view.nextStep?.id, 'escalation-procedures');
    await panel.send({ type: 'openStep', stepId: 'escalation-procedures' });
    assert.deepEqual(api.openPanelIds(), ['escalation-procedures'], 'the same panel shows the next step');
    const moved = await panel.waitFor(
      (m): m is Extract<HostToWebview, { type: 'step' }> =>
        m.type === 'step' && m.view.stepId === 'escalation-procedures',
    );
    assert.equal(moved.view.previousStep?.id, QUESTION_STEP);
    const settings = vscode.workspace.getConfiguration('irPlaybook');
    await settings.update('stepPanel.openSideBySide', true, vscode.ConfigurationTarget.Global);
    try {
      await vscode.commands.executeCommand('irPlaybook.openStep', { stepId: QUESTION_STEP });
      assert.deepEqual(api.openPanelIds().sort(), ['escalation-procedures', QUESTION_STEP].sort());
    } finally {
      await settings.update('stepPanel.openSideBySide', undefined, vscode.ConfigurationTarget.Global);
    }
    // Close the moved panel; the question step's stays for the next test.
    await vscode.commands.executeCommand('irPlaybook.openStep', { stepId: 'escalation-procedures' });
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    assert.deepEqual(api.openPanelIds(), [QUESTION_STEP]);
    panel.dispose();
  });

  it('records answers, notes and checklist ticks from the panel in the report', async () => {
    const panel = api.panel(QUESTION_STEP)!;
    await panel.send({ type: 'setAnswer', questionId: 'q-training', value: 'Quarterly CLI labs\n<b>not html</b>' });
    await panel.send({ type: 'setNotes', value: 'Escalated to the on-call lead at 14:05.' });
    await panel.send({ type: 'setChecklist', itemId: 'train-channel', checked: true });
    await api.flush();
    const state = parseReport(await readWorkspaceFile(vscode.workspace.asRelativePath(reportUri))).state;
    const step = state.steps[QUESTION_STEP];
    assert.equal(step.answers['q-training'], 'Quarterly CLI labs\n<b>not html</b>');
    assert.equal(step.notes, 'Escalated to the on-call lead at 14:05.');
    assert.equal(step.checklist['train-channel'], true);
    assert.equal(step.checklist['train-practised'] ?? false, false);
    assert.equal(step.status, 'in-progress', 'working on a step starts it');
    panel.dispose();
  });

  it('restores the panel from the report when the step is reopened', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    assert.deepEqual(api.openPanelIds(), []);
    await vscode.commands.executeCommand('irPlaybook.openStep', { stepId: QUESTION_STEP });
    const panel = api.panel(QUESTION_STEP)!;
    await panel.send({ type: 'ready' });
    const view: StepView = (await panel.waitFor(isStep)).view;
    assert.equal(view.state.answers['q-training'], 'Quarterly CLI labs\n<b>not html</b>');
    assert.equal(view.state.notes, 'Escalated to the on-call lead at 14:05.');
    panel.dispose();
  });

  it("opens evidence from the panel only inside the report's evidence folder", async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const evidence = vscode.Uri.joinPath(
      reportUri,
      '..',
      reportUri.path.split('/').pop()!.replace(/\.md$/, '.evidence'),
      'run.csv',
    );
    await vscode.workspace.fs.writeFile(evidence, new TextEncoder().encode('a,b\r\n1,2\r\n'));
    await vscode.commands.executeCommand('irPlaybook.openStep', { stepId: QUESTION_STEP });
    const panel = api.panel(QUESTION_STEP)!;
    const openTabs = () =>
      vscode.window.tabGroups.all
        .flatMap(g => g.tabs)
        .map(t => (t.input instanceof vscode.TabInputText ? vscode.workspace.asRelativePath(t.input.uri) : ''));
    // A report is editable text: a link in it to a file outside its evidence folder is not followed, and says so.
    const refusals = [1, 2].map(() =>
      scriptedWindow().nextMessage('error', shown => assert.match(shown.text, /^Not opened: .*evidence folder/)),
    );
    await panel.send({ type: 'openEvidence', path: `../${PLAYBOOK}` });
    await panel.send({ type: 'openEvidence', path: vscode.Uri.joinPath(workspaceUri(PLAYBOOK)).fsPath });
    assert.ok(!openTabs().includes(PLAYBOOK), 'a path outside the evidence folder was opened');
    await Promise.all(refusals);
    await panel.send({
      type: 'openEvidence',
      path: vscode.workspace.asRelativePath(evidence).replace(/^incidents\//, ''),
    });
    assert.ok(openTabs().includes(vscode.workspace.asRelativePath(evidence)), JSON.stringify(openTabs()));
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    panel.dispose();
  });

  it('marks a step done from the command and the tree follows the report', async () => {
    await vscode.commands.executeCommand('irPlaybook.markStepDone', { stepId: 'inventory-exposed-assets' });
    const state = parseReport(await readWorkspaceFile(vscode.workspace.asRelativePath(reportUri))).state;
    assert.equal(state.steps['inventory-exposed-assets'].status, 'done');
    assert.ok(state.steps['inventory-exposed-assets'].completedAt);
    const [root] = api.treeChildren();
    const [preparation] = api.treeChildren(root);
    const step = api
      .treeChildren(preparation)
      .find(n => n.kind === 'step' && n.step.id === 'inventory-exposed-assets')!;
    assert.equal((api.treeItem(step).iconPath as vscode.ThemeIcon).id, 'pass-filled');
    assert.match(String(api.treeItem(preparation).description), /^1\//);
  });

  it('keeps a hand edit of the report and the panel edits together', async () => {
    const document = await vscode.workspace.openTextDocument(reportUri);
    const editor = await vscode.window.showTextDocument(document);
    await editor.edit(b => b.insert(new vscode.Position(document.lineCount, 0), '\nHand-written line kept.\n'));
    await vscode.commands.executeCommand('irPlaybook.openStep', { stepId: QUESTION_STEP });
    const panel = api.panel(QUESTION_STEP)!;
    await panel.send({ type: 'setAnswer', questionId: 'q-communication', value: 'Chat channel and a phone bridge' });
    await api.flush();
    const text = await readWorkspaceFile(vscode.workspace.asRelativePath(reportUri));
    assert.ok(text.includes('Hand-written line kept.'), 'the unsaved hand edit was overwritten');
    assert.equal(
      parseReport(text).state.steps[QUESTION_STEP].answers['q-communication'],
      'Chat channel and a phone bridge',
    );
    assert.equal(document.isDirty, false);
    panel.dispose();
  });

  it('refuses to write over a damaged region, naming the report and the line; writes once it is fixed', async () => {
    const relative = vscode.workspace.asRelativePath(reportUri);
    const document = await vscode.workspace.openTextDocument(reportUri);
    const replaceAll = async (text: string) => {
      const edit = new vscode.WorkspaceEdit();
      edit.replace(reportUri, new vscode.Range(0, 0, document.lineCount, 0), text);
      assert.ok(await vscode.workspace.applyEdit(edit));
      await document.save();
    };
    const intact = document.getText();
    const lines = intact.split('\n');
    const statusOpen = lines.indexOf('<!-- irp:status -->', lines.indexOf(`<!-- irp:step id="${QUESTION_STEP}" -->`));
    // The status region loses its closing marker and gets a line typed inside: no certain repair.
    lines.splice(lines.indexOf('<!-- /irp:status -->', statusOpen), 1);
    lines.splice(statusOpen + 2, 0, 'Waiting for the network team.');
    const damaged = lines.join('\n');
    await replaceAll(damaged);
    const session = api.currentReport()!;
    const failure = new Promise<unknown>(resolve => {
      const listener = session.onDidFailWrite(e => {
        listener.dispose();
        resolve(e);
      });
    });
    const expected = `${relative}: The report was not changed. Line ${statusOpen + 1}: the status region `;
    const shown = scriptedWindow().nextMessage('error', m => assert.ok(m.text.startsWith(expected), m.text));
    await session.setStatus(QUESTION_STEP, 'done');
    const error = await failure;
    await shown;
    assert.ok(error instanceof Error);
    assert.ok(error.message.startsWith(expected), error.message);
    assert.equal(document.getText(), damaged);
    await replaceAll(intact);
    await api.flush();
    assert.equal(parseReport(await readWorkspaceFile(relative)).state.steps[QUESTION_STEP].status, 'done');
  });

  it('shows playbook problems in the Problems panel', async () => {
    const broken = workspaceUri('playbooks/broken.md');
    await vscode.workspace.fs.writeFile(
      broken,
      new TextEncoder().encode(
        [
          '---',
          'id: broken',
          'title: Broken',
          'version: 1.0.0',
          '---',
          '',
          '## Preparation',
          '',
          '### A step {#a-step}',
          '',
          '```nosuchengine id=q1',
          'SELECT 1',
          '```',
          '',
          '```athena id=q2',
          'SELECT 2',
          '',
        ].join('\n'),
      ),
    );
    const diagnostics = whenDiagnostics(broken);
    await vscode.workspace.openTextDocument(broken);
    const found = await diagnostics;
    assert.ok(found.length >= 1);
    assert.ok(found.every(d => d.source === 'IR Playbook'));
    assert.ok(
      found.some(d => d.range.start.line >= 9),
      'positions are 0-based lines of the playbook',
    );
  });
});
