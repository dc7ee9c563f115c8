// "Import Playbook…" and "Open Playbook…" in a real extension host: the import lands in the workspace's playbooks/
// folder as a playbook the extension reads without errors.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { parsePlaybook } from '../../../src/core/playbook/parser';
import type { TestApi } from '../../../src/extension/testApi';
import { activateExtension, readWorkspaceFile, scriptedWindow, workspaceUri, NO_QUESTIONS } from './helpers';

/** From out/test/integration/suite back to the repository (its fixtures and shipped playbooks). */
const REPO = path.resolve(__dirname, '../../../..');
const FIXTURE = path.join(REPO, 'test/fixtures/import/framework-es.md');

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
    const preview = api.treeChildren().find(n => n.kind === 'preview');
    assert.ok(preview, 'the imported playbook is not in the Incident view');
    assert.equal(api.treeItem(preview).label, parsed.playbook?.title);
    assert.deepEqual(
      api.treeChildren(preview).map(n => api.treeItem(n).label),
      parsed.playbook?.phases.map(p => p.title),
    );
  });

  it("shows the imported playbook's sections that name no phase as reference nodes after its phases", async () => {
    const session = await vscode.commands.executeCommand<{ uri: vscode.Uri } | undefined>(
      'irPlaybook.startIncident',
      workspaceUri('playbooks/framework-es.md'),
      NO_QUESTIONS,
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

  it('lists the shipped playbooks and the workspace ones; the one opened lands in playbooks/ and in the tree', async () => {
    const shipped = 'unauthorized-network-changes.zh-cn.md';
    await vscode.workspace.fs.delete(workspaceUri(`playbooks/${shipped}`));
    const title = parsePlaybook(await fs.promises.readFile(path.join(REPO, 'playbooks', shipped), 'utf8')).playbook!
      .title;
    void scriptedWindow().nextQuickPick(shown => {
      assert.equal(shown.title, 'Open playbook');
      const offered = shown.items.map(i => [i.label, i.description]);
      assert.ok(
        offered.some(([, where]) => where === 'playbooks/unauthorized-network-changes.md'),
        JSON.stringify(offered),
      );
      assert.ok(
        offered.some(([label, where]) => label === title && where === 'shipped with the extension'),
        JSON.stringify(offered),
      );
      return shown.items.find(i => i.label === title);
    });
    const opened = await vscode.commands.executeCommand<vscode.Uri | undefined>('irPlaybook.openPlaybook');
    assert.equal(opened && vscode.workspace.asRelativePath(opened), `playbooks/${shipped}`);
    assert.equal(
      await readWorkspaceFile(`playbooks/${shipped}`),
      await fs.promises.readFile(path.join(REPO, 'playbooks', shipped), 'utf8'),
    );
    const preview = api.treeChildren().find(n => n.kind === 'preview');
    assert.ok(preview, 'the opened playbook is not in the Incident view');
    assert.equal(api.treeItem(preview).label, title);
  });
});
