// The pickers, driven where the user clicks: each command is run without arguments, as from the palette, and the
// scripted window answers its quick pick or dialog after checking what it offers.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { parseReport } from '../../../src/core/report/index';
import type { TestApi } from '../../../src/extension/testApi';
import { activateExtension, NO_QUESTIONS, readWorkspaceFile, scriptedWindow, workspaceUri } from './helpers';
import { itemLabelled } from './scriptedWindow';

const ENGLISH = 'playbooks/unauthorized-network-changes.md';

describe('Pickers', () => {
  let api: TestApi;
  let reportUri: vscode.Uri;
  const settings = vscode.workspace.getConfiguration('irPlaybook');

  before(async () => {
    api = await activateExtension();
  });

  after(async () => {
    await settings.update('aws.region', undefined, vscode.ConfigurationTarget.Workspace);
  });

  it('Escape at the first question of Start incident writes nothing', async () => {
    const before = await vscode.workspace.findFiles('incidents/*.md');
    const window = scriptedWindow();
    void window.nextQuickPick(shown => shown.items.find(i => i.description === ENGLISH));
    void window.nextInputBox(() => undefined);
    const session = await vscode.commands.executeCommand('irPlaybook.startIncident');
    assert.equal(session, undefined);
    assert.equal((await vscode.workspace.findFiles('incidents/*.md')).length, before.length);
  });

  it('starts an incident from the playbook picked among the workspace playbooks, asking its facts', async () => {
    const window = scriptedWindow();
    void window.nextQuickPick(shown => {
      assert.equal(shown.title, 'Start incident from playbook');
      assert.ok(
        shown.items.some(i => i.description === 'playbooks/unauthorized-network-changes.zh-cn.md'),
        JSON.stringify(shown.items.map(i => i.description)),
      );
      return shown.items.find(i => i.description === ENGLISH);
    });
    void window.nextInputBox(shown => {
      assert.equal(shown.title, 'Start incident (1/4)');
      return 'SSH opened to the world on the bastion';
    });
    void window.nextQuickPick(shown => {
      assert.equal(shown.items[0].label, 'Not known yet', 'Enter through the questions skips the severity');
      return itemLabelled(shown, 'High');
    });
    void window.nextInputBox(async shown => {
      assert.match((await shown.validate('yesterday')) ?? '', /2026-11-20T09:20:00Z/, 'a bad time is refused');
      return '2026-11-29T09:58:00Z';
    });
    void window.nextInputBox(() => 'Dana (on call)');
    const session = await vscode.commands.executeCommand<{ uri: vscode.Uri; playbook: { id: string } }>(
      'irPlaybook.startIncident',
    );
    assert.ok(session, 'no incident was started');
    assert.equal(session.playbook.id, 'unauthorized-network-changes');
    reportUri = session.uri;
    const { header } = parseReport(await readWorkspaceFile(vscode.workspace.asRelativePath(reportUri))).state;
    assert.equal(header.title, 'SSH opened to the world on the bastion');
    assert.equal(header.facts?.severity, 'high');
    assert.equal(header.facts?.detectedAt, '2026-11-29T09:58:00.000Z');
    assert.equal(header.facts?.lead, 'Dana (on call)');
    assert.equal(header.facts?.status, 'open');
  });

  it('changes the incident status from the picker; the change is in the facts and the timeline', async () => {
    void scriptedWindow().nextQuickPick(shown => {
      assert.equal(shown.title, 'Incident status');
      return itemLabelled(shown, 'Contained');
    });
    await vscode.commands.executeCommand('irPlaybook.setIncidentStatus');
    const text = await readWorkspaceFile(vscode.workspace.asRelativePath(reportUri));
    const { facts } = parseReport(text).state.header;
    assert.equal(facts?.status, 'contained');
    assert.ok(facts?.containedAt, 'reaching contained sets the contained time');
    assert.deepEqual(
      facts?.statusHistory?.map(h => h.status),
      ['open', 'contained'],
    );
    assert.match(text, /\| response \| Incident status: contained/i);
  });

  it('opens the step picked among every step of the playbook, each named with its phase', async () => {
    void scriptedWindow().nextQuickPick(shown => {
      assert.equal(shown.title, 'Choose a step');
      const steps = api.currentReport()!.playbook.phases.flatMap(p => p.steps.map(s => [s.title, p.title]));
      assert.deepEqual(
        shown.items.map(i => [i.label, i.description]),
        steps,
      );
      return itemLabelled(shown, 'Identify who made the changes and stop their credentials');
    });
    await vscode.commands.executeCommand('irPlaybook.openStep');
    assert.deepEqual(api.openPanelIds(), ['identify-actor']);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('marks the picked step done', async () => {
    void scriptedWindow().nextQuickPick(shown => itemLabelled(shown, shown.items[0].label));
    await vscode.commands.executeCommand('irPlaybook.markStepDone');
    const first = api.currentReport()!.playbook.phases[0].steps[0].id;
    assert.equal(api.currentReport()!.stepState(first).status, 'done');
  });

  it('adds the data source chosen in the open dialog to the report, relative to it', async () => {
    void scriptedWindow().nextOpenDialog(shown => {
      assert.match(shown.title ?? '', /^Add local data source/);
      assert.deepEqual([shown.canSelectFiles, shown.canSelectFolders, shown.canSelectMany], [true, true, true]);
      return [workspaceUri('logs/cloudtrail'), workspaceUri('logs/flow')];
    });
    await vscode.commands.executeCommand('irPlaybook.addLocalDataSource');
    await api.flush();
    const header = parseReport(await readWorkspaceFile(vscode.workspace.asRelativePath(reportUri))).state.header;
    assert.deepEqual(header.dataSources, ['../logs/cloudtrail', '../logs/flow']);
  });

  it('opens the report picked among the reports of the reports folder', async () => {
    await vscode.commands.executeCommand('irPlaybook.startIncident', workspaceUri(ENGLISH), NO_QUESTIONS);
    const wanted = vscode.workspace.asRelativePath(reportUri);
    void scriptedWindow().nextQuickPick(shown => {
      assert.equal(shown.title, 'Open incident report');
      assert.ok(shown.items.every(i => i.description?.startsWith('incidents/')));
      return shown.items.find(i => i.description === wanted);
    });
    await vscode.commands.executeCommand('irPlaybook.openReport');
    assert.equal(api.currentReport()?.uri.toString(), reportUri.toString());
  });

  it('writes the region picked, after the profile default, into the workspace settings', async () => {
    void scriptedWindow().nextQuickPick(shown => {
      assert.equal(shown.title, 'Select AWS region');
      assert.equal(shown.items[0].label, 'Profile default');
      assert.ok(shown.items.length > 17, `${shown.items.length} regions offered`);
      return itemLabelled(shown, 'ap-southeast-2');
    });
    await vscode.commands.executeCommand('irPlaybook.selectRegion');
    assert.equal(
      vscode.workspace.getConfiguration('irPlaybook').inspect('aws.region')?.workspaceValue,
      'ap-southeast-2',
    );
  });

  it('changes nothing when a picker is dismissed', async () => {
    void scriptedWindow().nextQuickPick(() => undefined);
    await vscode.commands.executeCommand('irPlaybook.selectRegion');
    assert.equal(
      vscode.workspace.getConfiguration('irPlaybook').inspect('aws.region')?.workspaceValue,
      'ap-southeast-2',
    );
  });
});
