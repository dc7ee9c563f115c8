// Checks that every evidence file the report names is still there, unchanged since the run recorded its SHA-256.
import * as vscode from 'vscode';
import { ui } from '../window/windowPrompts';
import { verifyEvidence as checkEvidence, type EvidenceCheck } from '../../core/run/index';
import type { Features } from '../features';
import { requireReport } from './requireReport';

export function verifyEvidence(features: Features) {
  let output: vscode.OutputChannel | undefined;
  return async (): Promise<EvidenceCheck[] | undefined> => {
    const session = requireReport(features);
    if (!session?.state) return undefined;
    await session.flush();
    const checks = await checkEvidence(session.uri.fsPath, session.state);
    if (!output) {
      output = vscode.window.createOutputChannel('IR Playbook');
      features.context.subscriptions.push(output);
    }
    output.appendLine(vscode.l10n.t('Evidence check of {0} at {1}', session.name, new Date().toISOString()));
    for (const c of checks)
      output.appendLine(
        `  ${c.ok ? vscode.l10n.t('OK') : vscode.l10n.t('PROBLEM')}  ${c.path}${c.problem ? `: ${c.problem}` : ''}`,
      );
    const bad = checks.filter(c => !c.ok);
    const details = vscode.l10n.t('Show Details');
    const message =
      checks.length === 0
        ? vscode.l10n.t('The report records no evidence files yet.')
        : bad.length === 0
          ? vscode.l10n.t('All {0} evidence files match the SHA-256 recorded in the report.', checks.length)
          : vscode.l10n.t(
              '{0} of {1} evidence files are missing or changed since they were recorded.',
              bad.length,
              checks.length,
            );
    const shown = bad.length ? ui.showWarningMessage(message, details) : ui.showInformationMessage(message, details);
    void shown.then(choice => choice && output?.show(true));
    return checks;
  };
}
