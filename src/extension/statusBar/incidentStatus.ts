// The open incident in the status bar: its id, title and status; a click changes the status.
import * as vscode from 'vscode';
import type { Features } from '../features';
import { statusLabel } from '../commands/incidentFacts';

export function registerIncidentStatusBar(features: Features): vscode.StatusBarItem {
  const item = vscode.window.createStatusBarItem('irPlaybook.incident', vscode.StatusBarAlignment.Left, 51);
  item.name = vscode.l10n.t('Open incident');
  item.command = 'irPlaybook.setIncidentStatus';
  const show = () => {
    const header = features.reports.current?.state?.header;
    if (!header) return item.hide();
    const status = header.facts?.status;
    item.text = `$(shield) ${header.incidentId}${status ? ` · ${statusLabel(status)}` : ''}`;
    item.tooltip = vscode.l10n.t('Incident {0}: {1}. Click to change its status.', header.incidentId, header.title);
    item.show();
  };
  features.context.subscriptions.push(item, features.reports.onDidChange(show));
  show();
  return item;
}
