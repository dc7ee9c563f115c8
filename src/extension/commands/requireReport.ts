import * as vscode from 'vscode';
import { ui } from '../window/windowPrompts';
import type { CommandId } from './commandIds';
import type { Features } from '../features';
import type { ReportSession } from '../report/reportSession';

/** The open incident, or undefined after telling the user how to open one. */
export function requireReport(features: Features): ReportSession | undefined {
  const session = features.reports.current;
  if (!session) {
    void ui
      .showInformationMessage(
        vscode.l10n.t('No incident is open. Start one from a playbook or open an incident report first.'),
        vscode.l10n.t('Open Incident Report…'),
      )
      .then(choice => choice && vscode.commands.executeCommand('irPlaybook.openReport' satisfies CommandId));
  }
  return session;
}

/** Runs a command body and turns a thrown Error into a message instead of a silent failure. */
export async function reportErrors<T>(body: () => Promise<T>): Promise<T | undefined> {
  try {
    return await body();
  } catch (e) {
    void ui.showErrorMessage(e instanceof Error ? e.message : String(e));
    return undefined;
  }
}
