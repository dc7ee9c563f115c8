// Checks that every evidence file the report names is still there and still has the SHA-256 recorded at run time.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import * as vscode from 'vscode';
import type { Features } from '../features';
import { resolveFromReport } from '../report/workspaceFiles';
import { requireReport } from './requireReport';

export type EvidenceVerdict = 'ok' | 'changed' | 'missing';

export interface EvidenceCheck {
  stepId: string;
  runId: string;
  path: string;
  verdict: EvidenceVerdict;
}

function sha256Of(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(file).on('error', reject).on('data', chunk => hash.update(chunk)).on('end', () => resolve(hash.digest('hex')));
  });
}

export function verifyEvidence(features: Features) {
  let output: vscode.OutputChannel | undefined;
  return async (): Promise<EvidenceCheck[] | undefined> => {
    const session = requireReport(features);
    if (!session?.state) return undefined;
    await session.flush();
    const checks: EvidenceCheck[] = [];
    for (const [stepId, step] of Object.entries(session.state.steps)) {
      for (const run of step.runs) {
        for (const evidence of run.evidence) {
          const file = resolveFromReport(session.uri, evidence.path, true).fsPath;
          const verdict: EvidenceVerdict = await sha256Of(file).then(h => (h === evidence.sha256.toLowerCase() ? 'ok' : 'changed'), () => 'missing');
          checks.push({ stepId, runId: run.runId, path: evidence.path, verdict });
        }
      }
    }
    if (!output) {
      output = vscode.window.createOutputChannel('IR Playbook');
      features.context.subscriptions.push(output);
    }
    output.appendLine(vscode.l10n.t('Evidence check of {0} at {1}', session.name, new Date().toISOString()));
    const label: Record<EvidenceVerdict, string> = {
      ok: vscode.l10n.t('OK'), changed: vscode.l10n.t('CHANGED: hash differs from the report'), missing: vscode.l10n.t('MISSING'),
    };
    for (const c of checks) output.appendLine(`  ${label[c.verdict]}  ${c.path}  (${c.stepId}, ${c.runId})`);
    const bad = checks.filter(c => c.verdict !== 'ok');
    const details = vscode.l10n.t('Show Details');
    const message = checks.length === 0
      ? vscode.l10n.t('The report records no evidence files yet.')
      : bad.length === 0
        ? vscode.l10n.t('All {0} evidence files match the SHA-256 recorded in the report.', checks.length)
        : vscode.l10n.t('{0} of {1} evidence files are missing or changed since they were recorded.', bad.length, checks.length);
    const show = bad.length ? vscode.window.showWarningMessage(message, details) : vscode.window.showInformationMessage(message, details);
    void show.then(choice => choice && output?.show(true));
    return checks;
  };
}
