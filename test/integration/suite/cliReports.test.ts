// One rule for the paths a report header stores (relative to the report's folder): a report that `irp run` wrote from
// the command line opens in the extension with the playbook it names, and the extension writes the same kind of path.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { parseReport } from '../../../src/core/report/index';
import { loadScenario } from '../../../src/core/tabletop/index';
import { activateExtension, readWorkspaceFile, workspaceUri, NO_QUESTIONS } from './helpers';

/** From out/test/integration/suite back to the repository (the built CLI and the bundled scenario). */
const REPO = path.resolve(__dirname, '../../../..');
const REPORT = 'incidents/from-irp-run.md';

describe('Reports written by irp run', () => {
  let data: string;

  before(async () => {
    await activateExtension();
    data = fs.mkdtempSync(path.join(os.tmpdir(), 'irp-cli-data-'));
  });

  after(async () => {
    fs.rmSync(data, { recursive: true, force: true });
    for (const p of [REPORT, 'incidents/from-irp-run.evidence', 'incidents/.irp-cache']) {
      await vscode.workspace.fs.delete(workspaceUri(p), { recursive: true }).then(undefined, () => undefined);
    }
  });

  it('open in the extension with the playbook they name, and the extension names it the same way', async () => {
    const cli = path.join(REPO, 'dist/cli.js');
    const scenarioDir = path.join(REPO, 'tabletops/leaked-key-open-ssh');
    execFileSync(process.execPath, [cli, 'tabletop', 'generate', scenarioDir, '--out', data]);
    const { scenario } = await loadScenario(scenarioDir);
    const start = new Date(scenario!.start).getTime();
    const window = `${new Date(start - 86_400_000).toISOString()}/${new Date(start + 2 * 86_400_000).toISOString()}`;
    const workspace = workspaceUri('').fsPath;
    execFileSync(
      process.execPath,
      [
        cli,
        'run',
        'playbooks/unauthorized-network-changes.md',
        '--report',
        REPORT,
        '--step',
        'review-cloudtrail',
        '--data',
        data,
        '--param',
        `window=${window}`,
      ],
      { cwd: workspace },
    );

    const written = parseReport(await readWorkspaceFile(REPORT)).state;
    assert.equal(written.header.playbookPath, '../playbooks/unauthorized-network-changes.md');
    const session = await vscode.commands.executeCommand<{ playbookUri: vscode.Uri; playbook: { id: string } }>(
      'irPlaybook.openReport',
      workspaceUri(REPORT),
    );
    assert.equal(session.playbook.id, 'unauthorized-network-changes');
    assert.equal(session.playbookUri.fsPath, workspaceUri('playbooks/unauthorized-network-changes.md').fsPath);
    assert.ok(written.steps['review-cloudtrail'].runs.length > 0, 'irp run recorded its runs');

    const started = await vscode.commands.executeCommand<{ uri: vscode.Uri }>(
      'irPlaybook.startIncident',
      workspaceUri('playbooks/unauthorized-network-changes.md'),
      NO_QUESTIONS,
    );
    const own = parseReport(await readWorkspaceFile(vscode.workspace.asRelativePath(started.uri))).state;
    assert.equal(own.header.playbookPath, written.header.playbookPath);
    await vscode.workspace.fs.delete(started.uri);
  });
});
