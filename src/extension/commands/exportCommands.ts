// "Export report as HTML…": the open report as one self-contained HTML file (core/report/export), optionally
// redacted. What redaction replaced is listed in an output channel, never in the file.
import * as vscode from 'vscode';
import { ui } from '../window/windowPrompts';
import { exportReportHtml, writeExport, type Replacement } from '../../core/report/export/index';
import type { Features } from '../features';
import { readText } from '../report/workspaceFiles';
import { requireReport } from './requireReport';

let channel: vscode.OutputChannel | undefined;

function showReplacements(features: Features, target: vscode.Uri, replacements: Replacement[]): void {
  if (!channel) {
    channel = vscode.window.createOutputChannel(vscode.l10n.t('IR Playbook: export'));
    features.context.subscriptions.push(channel);
  }
  channel.appendLine(
    vscode.l10n.t('{0}: {1} value(s) replaced (this list is not in the file)', target.fsPath, replacements.length),
  );
  for (const r of replacements) channel.appendLine(`  ${r.placeholder}  ${r.original}  (${r.count}x)`);
  channel.show(true);
}

/** Returns where the file was written and how many values were redacted (for tests and automation). */
export function exportReport(features: Features) {
  return async (target?: vscode.Uri, redact?: boolean): Promise<{ uri: vscode.Uri; redacted: number } | undefined> => {
    const session = requireReport(features);
    if (!session) return undefined;
    if (session.uri.scheme !== 'file')
      throw new Error(vscode.l10n.t('Only a report saved on this computer can be exported.'));
    if (typeof redact !== 'boolean') {
      const choice = await ui.showQuickPick(
        [
          { label: vscode.l10n.t('As it is'), redact: false },
          {
            label: vscode.l10n.t('Redacted'),
            detail: vscode.l10n.t(
              'Account ids, access keys, IP addresses, ARNs and e-mail addresses become placeholders',
            ),
            redact: true,
          },
        ],
        { title: vscode.l10n.t('Export report as HTML') },
      );
      if (!choice) return undefined;
      redact = choice.redact;
    }
    if (!(target instanceof vscode.Uri)) {
      target = await ui.showSaveDialog({
        defaultUri: session.uri.with({
          path: session.uri.path.replace(/\.md$/i, '') + (redact ? '.redacted.html' : '.html'),
        }),
        filters: { HTML: ['html'] },
        title: vscode.l10n.t('Export report as HTML'),
      });
      if (!target) return undefined;
    }
    await session.flush();
    const { html, replacements } = exportReportHtml(await readText(session.uri), {
      redact,
      exportedAt: new Date().toISOString(),
    });
    await writeExport(session.uri.fsPath, target.fsPath, html);
    if (redact) showReplacements(features, target, replacements);
    const open = vscode.l10n.t('Open');
    void vscode.window
      .showInformationMessage(vscode.l10n.t('Report exported to {0}.', vscode.workspace.asRelativePath(target)), open)
      .then(choice => choice === open && vscode.env.openExternal(target));
    return { uri: target, redacted: replacements.length };
  };
}
