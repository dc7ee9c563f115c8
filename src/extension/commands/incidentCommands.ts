// Start an incident from a playbook, open an existing report, refresh the view.
import * as vscode from 'vscode';
import { ui } from '../window/windowPrompts';
import { parsePlaybook } from '../../core/playbook/parser';
import { portableRelative } from '../../core/report/headerPaths';
import { createReport, parseReport } from '../../core/report/index';
import type { Features } from '../features';
import type { ReportSession } from '../report/reportSession';
import {
  findFiles,
  findPlaybooks,
  firstWorkspaceFolder,
  loadPlaybook,
  readText,
  reportsGlob,
  writeReportText,
} from '../report/workspaceFiles';
import { readSettings } from '../settings';
import { VIEW_ID } from '../tree/incidentView';
import { askStartAnswers, isStartAnswers } from './incidentFacts';
import { requireReport } from './requireReport';

type CreateOptions = Omit<Parameters<typeof createReport>[1], 'playbookPath' | 'now'>;

/** Writes a new report for a playbook into the reports folder, opens it and makes it the current incident. */
export async function createIncident(
  features: Features,
  playbookUri: vscode.Uri,
  options: CreateOptions,
): Promise<ReportSession> {
  const folder = vscode.workspace.getWorkspaceFolder(playbookUri) ?? firstWorkspaceFolder();
  if (!folder) throw new Error(vscode.l10n.t('Open a workspace folder first: incident reports are written into it.'));
  const { playbook } = await loadPlaybook(playbookUri);
  const reportsFolder = vscode.Uri.joinPath(folder.uri, readSettings().reportsFolder);
  const playbookPath = portableRelative(reportsFolder.fsPath, playbookUri.fsPath);
  const created = createReport(playbook, { ...options, playbookPath, now: new Date() });
  await vscode.workspace.fs.createDirectory(reportsFolder);
  const reportUri = vscode.Uri.joinPath(reportsFolder, created.fileName);
  await writeReportText(reportUri, created.text);
  const session = await features.reports.open(reportUri, { show: true });
  await vscode.commands.executeCommand(`${VIEW_ID}.focus`);
  return session;
}

async function pickPlaybook(): Promise<vscode.Uri | undefined> {
  const uris = await findPlaybooks();
  if (!uris.length) {
    void ui.showWarningMessage(
      vscode.l10n.t('No playbook found: put playbook markdown files in a "playbooks" folder of the workspace.'),
    );
    return undefined;
  }
  const items = await Promise.all(
    uris.map(async uri => {
      const parsed = parsePlaybook(await readText(uri).catch(() => ''));
      return {
        label: parsed.playbook?.title ?? vscode.workspace.asRelativePath(uri),
        description: vscode.workspace.asRelativePath(uri),
        detail: parsed.playbook?.description,
        uri,
      };
    }),
  );
  if (items.length === 1) return items[0].uri;
  return (
    await ui.showQuickPick(items, {
      title: vscode.l10n.t('Start incident from playbook'),
      matchOnDescription: true,
    })
  )?.uri;
}

/** `answers` from a caller that already has them (a task, a test) start the incident without asking. */
export function startIncident(features: Features) {
  return async (playbookUri?: vscode.Uri, answers?: unknown): Promise<ReportSession | undefined> => {
    const uri = playbookUri instanceof vscode.Uri ? playbookUri : await pickPlaybook();
    if (!uri) return undefined;
    const given = isStartAnswers(answers) ? answers : await askStartAnswers((await loadPlaybook(uri)).playbook.title);
    if (!given) return undefined;
    return createIncident(features, uri, { mode: 'live', ...given });
  };
}

export function openReport(features: Features) {
  return async (reportUri?: vscode.Uri): Promise<ReportSession | undefined> => {
    let uri = reportUri instanceof vscode.Uri ? reportUri : undefined;
    if (!uri) {
      const uris = await findFiles(reportsGlob());
      const items = (
        await Promise.all(
          uris.map(async u => {
            const header = parseReport(await readText(u).catch(() => '')).state.header;
            return header.incidentId
              ? {
                  label: header.title || header.incidentId,
                  description: vscode.workspace.asRelativePath(u),
                  detail: `${header.mode === 'exercise' ? vscode.l10n.t('Exercise') : vscode.l10n.t('Live incident')} · ${header.createdAt}`,
                  uri: u,
                }
              : undefined;
          }),
        )
      )
        .filter(i => i !== undefined)
        .reverse();
      if (!items.length) {
        void ui.showInformationMessage(
          vscode.l10n.t(
            'No incident report in the "{0}" folder yet. Start an incident from a playbook to create one.',
            readSettings().reportsFolder,
          ),
        );
        return undefined;
      }
      uri = (
        await ui.showQuickPick(items, {
          title: vscode.l10n.t('Open incident report'),
          matchOnDescription: true,
          matchOnDetail: true,
        })
      )?.uri;
    }
    if (!uri) return undefined;
    return features.reports.open(uri, { show: true });
  };
}

export function refresh(features: Features) {
  return async (): Promise<void> => {
    const session = requireReport(features);
    if (!session) return;
    await session.reloadPlaybook();
    session.accept(await readText(session.uri));
  };
}
