// "Import Playbook…" and "Open Playbook…" in a real extension host: the import lands in the workspace's playbooks/
// folder as a playbook the extension reads without errors.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { parsePlaybook } from '../../../src/core/playbook/parser';
import type { TestApi } from '../../../src/extension/testApi';
import { activateExtension, readWorkspaceFile, workspaceUri } from './helpers';

/** From out/test/integration/suite back to the repository's fixtures. */
const FIXTURE = path.resolve(__dirname, '../../../../test/fixtures/import/framework-es.md');

describe('Playbook commands', () => {
  let api: TestApi;

  before(async () => {
    api = await activateExtension();
  });

  after(async () => {
    await vscode.workspace.fs.delete(workspaceUri('playbooks/framework-es.md')).then(undefined, () => undefined);
  });

  it('imports a published playbook into playbooks/ and opens it', async () => {
    const target = await vscode.commands.executeCommand<vscode.Uri | undefined>(
      'irPlaybook.importPlaybook',
      vscode.Uri.file(FIXTURE),
    );
    assert.ok(target, 'the import returned no file');
    assert.equal(vscode.workspace.asRelativePath(target), 'playbooks/framework-es.md');
    const parsed = parsePlaybook(await readWorkspaceFile('playbooks/framework-es.md'));
    assert.deepEqual(
      parsed.diagnostics.filter(d => d.severity === 'error'),
      [],
    );
    assert.equal(parsed.playbook?.phases.flatMap(p => p.steps).length, 6);
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), target.toString());
  });

  it("shows the imported playbook's sections that name no phase as reference nodes after its phases", async () => {
    const session = await vscode.commands.executeCommand<{ uri: vscode.Uri } | undefined>(
      'irPlaybook.startIncident',
      workspaceUri('playbooks/framework-es.md'),
    );
    assert.ok(session, 'startIncident returned no report');
    const [root] = api.treeChildren();
    const children = api.treeChildren(root);
    assert.deepEqual(
      children.map(n => n.kind),
      ['phase', 'phase', 'phase', 'phase', 'phase', 'reference'],
    );
    const reference = api.treeItem(children[5]);
    assert.equal(reference.label, 'Pasos de respuesta');
    assert.equal(reference.command?.command, 'vscode.open');
    await vscode.workspace.fs.delete(session.uri).then(undefined, () => undefined);
  });
});
