// Activation follows the configured reports folder (issue 12): run.mjs opens this file on a workspace whose reports are
// in `casework/reports` (`irPlaybook.reportsFolder`) and whose playbook is in `runbooks/`, so no `workspaceContains`
// event of package.json matches it. The extension must still wake up at startup (onStartupFinished), without the test
// activating it, and a report of that folder opened in the editor must become the incident.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { parsePlaybook } from '../../../src/core/playbook/parser';
import { createReport } from '../../../src/core/report/index';
import { activateExtension, until, workspaceUri } from './helpers';

const extension = () => vscode.extensions.all.find(e => e.packageJSON.name === 'ir-playbook-companion')!;

describe('Activation with the reports folder elsewhere', () => {
  // Checked in `before`, ahead of the hook every test runs under, which activates the extension itself.
  let activeBeforeTheTests = false;

  before(async () => {
    await until(() => extension()?.isActive === true);
    activeBeforeTheTests = true;
  });

  it('wakes up after startup in a workspace no workspaceContains event matches', async () => {
    assert.equal(activeBeforeTheTests, true);
    assert.equal(vscode.workspace.getConfiguration('irPlaybook').get('reportsFolder'), 'casework/reports');
    const defaults = await vscode.workspace.findFiles('{playbooks,incidents}/**/*.md');
    assert.deepEqual(defaults, [], 'the workspace has files an activation event names');
  });

  it('makes a report of the configured folder the incident once it is opened in the editor', async () => {
    const api = await activateExtension();
    const playbook = parsePlaybook(
      new TextDecoder().decode(
        await vscode.workspace.fs.readFile(workspaceUri('runbooks/unauthorized-network-changes.md')),
      ),
    ).playbook!;
    const created = createReport(playbook, {
      mode: 'live',
      playbookPath: '../../runbooks/unauthorized-network-changes.md',
      now: new Date(),
    });
    const report = workspaceUri(`casework/reports/${created.fileName}`);
    await vscode.workspace.fs.writeFile(report, new TextEncoder().encode(created.text));
    await vscode.window.showTextDocument(report);
    await until(() => api.currentReport()?.uri.toString() === report.toString());
    const [root] = api.treeChildren();
    assert.equal(root.kind, 'playbook');
    assert.equal(api.treeItem(root).label, playbook.title);
  });
});
