// "Import Playbook…" and "Open Playbook…" in a real extension host: the import lands in the workspace's playbooks/
// folder as a playbook the extension reads without errors.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { parsePlaybook } from '../../../src/core/playbook/parser';
import { activateExtension, readWorkspaceFile, workspaceUri } from './helpers';

/** From out/test/integration/suite back to the repository's fixtures. */
const FIXTURE = path.resolve(__dirname, '../../../../test/fixtures/import/framework-es.md');

describe('Playbook commands', () => {
  before(async () => {
    await activateExtension();
  });

  after(async () => {
    await vscode.workspace.fs.delete(workspaceUri('playbooks/framework-es.md')).then(undefined, () => undefined);
  });

  it('imports a published playbook into playbooks/ and opens it', async () => {
    const target = await vscode.commands.executeCommand<vscode.Uri | undefined>('irPlaybook.importPlaybook', vscode.Uri.file(FIXTURE));
    assert.ok(target, 'the import returned no file');
    assert.equal(vscode.workspace.asRelativePath(target), 'playbooks/framework-es.md');
    const parsed = parsePlaybook(await readWorkspaceFile('playbooks/framework-es.md'));
    assert.deepEqual(parsed.diagnostics.filter(d => d.severity === 'error'), []);
    assert.equal(parsed.playbook?.phases.flatMap(p => p.steps).length, 6);
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), target.toString());
  });
});
