// "Open Playbook…" (the playbooks shipped with the extension and those in the workspace) and "Import Playbook…" (a
// playbook as AWS publishes it, converted into the workspace's playbooks/ folder). Thin glue: the import is in
// src/core/import.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { ui } from '../window/windowPrompts';
import type { CommandId } from '../commands/commandIds';
import { companionReader, importPlaybook, OutputExistsError, writePlaybookFile } from '../../core/import';
import { parsePlaybook } from '../../core/playbook/parser';
import type { Features } from '../features';
import { exists, findPlaybooks, firstWorkspaceFolder, loadPlaybook, readText } from '../report/workspaceFiles';
import { VIEW_ID } from '../tree/incidentView';
import { openedPlaybook } from './openedPlaybook';

interface PlaybookItem extends vscode.QuickPickItem {
  uri: vscode.Uri;
  shipped: boolean;
}

async function describe(uri: vscode.Uri, shipped: boolean): Promise<PlaybookItem | undefined> {
  const parsed = parsePlaybook(await readText(uri).catch(() => ''));
  if (!parsed.playbook) return undefined;
  return {
    label: parsed.playbook.title,
    description: shipped ? vscode.l10n.t('shipped with the extension') : vscode.workspace.asRelativePath(uri),
    detail: parsed.playbook.description,
    uri,
    shipped,
  };
}

async function shippedPlaybooks(features: Features): Promise<vscode.Uri[]> {
  const folder = vscode.Uri.joinPath(features.context.extensionUri, 'playbooks');
  const entries = await Promise.resolve(vscode.workspace.fs.readDirectory(folder)).catch(() => []);
  return entries
    .filter(([name, type]) => type === vscode.FileType.File && name.endsWith('.md') && name !== 'FORMAT.md')
    .map(([name]) => vscode.Uri.joinPath(folder, name));
}

/** Shows a playbook now in the workspace in the Incident view and the editor, and offers to start an incident. */
async function showPlaybook(uri: vscode.Uri, message: string): Promise<void> {
  openedPlaybook.set({ uri, playbook: (await loadPlaybook(uri)).playbook });
  await vscode.commands.executeCommand(`${VIEW_ID}.focus`);
  await vscode.window.showTextDocument(uri, { preview: false });
  const start = vscode.l10n.t('Start incident');
  // Not awaited: the command is done once the playbook is in place; the offer stays until the user answers.
  void ui
    .showInformationMessage(message, start)
    .then(answer =>
      answer === start
        ? vscode.commands.executeCommand('irPlaybook.startIncident' satisfies CommandId, uri)
        : undefined,
    );
}

function workspacePlaybooksFolder(): vscode.Uri {
  const folder = firstWorkspaceFolder();
  if (!folder) {
    throw new Error(vscode.l10n.t('Open a workspace folder first: playbooks are kept in its "playbooks" folder.'));
  }
  return vscode.Uri.joinPath(folder.uri, 'playbooks');
}

export function openPlaybook(features: Features) {
  return async (): Promise<vscode.Uri | undefined> => {
    const workspace = (await Promise.all((await findPlaybooks()).map(u => describe(u, false)))).filter(
      i => i !== undefined,
    );
    const inWorkspace = new Set(workspace.map(i => path.basename(i.uri.path)));
    const shipped = (await Promise.all((await shippedPlaybooks(features)).map(u => describe(u, true)))).filter(
      i => i !== undefined && !inWorkspace.has(path.basename(i.uri.path)),
    ) as PlaybookItem[];
    const items = [...workspace, ...shipped];
    if (!items.length) {
      void ui.showWarningMessage(vscode.l10n.t('No playbook found. Import one with "Import Playbook…".'));
      return undefined;
    }
    const picked = await ui.showQuickPick(items, {
      title: vscode.l10n.t('Open playbook'),
      matchOnDescription: true,
    });
    if (!picked) return undefined;
    let uri = picked.uri;
    if (picked.shipped) {
      // Reports name their playbook by a workspace path, so a shipped playbook is copied in first (never over a file).
      uri = vscode.Uri.joinPath(workspacePlaybooksFolder(), path.basename(picked.uri.path));
      if (!(await exists(uri))) await writePlaybookFile(uri.fsPath, await readText(picked.uri), false);
    }
    await showPlaybook(uri, vscode.l10n.t('{0} is open.', picked.label));
    return uri;
  };
}

export function importPlaybookCommand() {
  return async (source?: vscode.Uri): Promise<vscode.Uri | undefined> => {
    const file =
      source instanceof vscode.Uri
        ? source
        : (
            await ui.showOpenDialog({
              title: vscode.l10n.t('Import playbook'),
              canSelectMany: false,
              openLabel: vscode.l10n.t('Import'),
              filters: { [vscode.l10n.t('Markdown')]: ['md', 'markdown', 'txt'] },
            })
          )?.[0];
    if (!file) return undefined;
    const result = importPlaybook(await readText(file), {
      fileName: path.basename(file.path),
      readCompanion: companionReader(file.fsPath),
    });
    if (!result.ok) {
      const name = path.basename(file.path);
      void ui.showErrorMessage(vscode.l10n.t('{0} was not imported: {1}', name, result.reason));
      return undefined;
    }
    const id = /^id: (.+)$/m.exec(result.markdown)?.[1] ?? 'imported-playbook';
    const target = vscode.Uri.joinPath(workspacePlaybooksFolder(), `${id}.md`);
    try {
      await writePlaybookFile(target.fsPath, result.markdown, false);
    } catch (e) {
      if (!(e instanceof OutputExistsError)) throw e;
      const replace = vscode.l10n.t('Replace');
      const answer = await ui.showWarningMessage(
        vscode.l10n.t(
          '{0} already exists. Replace it with the imported playbook?',
          vscode.workspace.asRelativePath(target),
        ),
        { modal: true },
        replace,
      );
      if (answer !== replace) return undefined;
      await writePlaybookFile(target.fsPath, result.markdown, true);
    }
    const c = result.counts;
    await showPlaybook(
      target,
      vscode.l10n.t(
        'Imported {0}: {1} steps, {2} checklist items, {3} questions, {4} queries, {5} AWS calls; {6} items kept as guidance.',
        vscode.workspace.asRelativePath(target),
        c.steps,
        c.checklistItems,
        c.questions,
        c.athena + c.cloudtrail,
        c.aws + c.action,
        c.unmapped,
      ),
    );
    return target;
  };
}
