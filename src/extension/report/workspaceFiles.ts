// Where playbooks, reports and the files they name live in the workspace.
import * as vscode from 'vscode';
import { parsePlaybook } from '../../core/playbook/parser';
import type { Playbook } from '../../core/playbook/model';
import { updateReportFile } from '../../core/report/reportFile';
import { loadQueryFiles } from '../../core/playbook/queryFiles';
import { readSettings } from '../settings';

const PLAYBOOK_GLOB = 'playbooks/**/*.md';

export function reportsGlob(): string {
  return `${readSettings().reportsFolder}/**/*.md`;
}

export function firstWorkspaceFolder(): vscode.WorkspaceFolder | undefined {
  return vscode.workspace.workspaceFolders?.[0];
}

/** Folder that relative paths in a report are taken from: the workspace folder holding it, else its own folder. */
export function baseFolderOf(uri: vscode.Uri): vscode.Uri {
  return vscode.workspace.getWorkspaceFolder(uri)?.uri ?? vscode.Uri.joinPath(uri, '..');
}

export function isPlaybookUri(uri: vscode.Uri): boolean {
  return (
    uri.path.endsWith('.md') &&
    /(^|\/)playbooks\//.test(vscode.workspace.asRelativePath(uri, false)) &&
    !uri.path.endsWith('/FORMAT.md')
  );
}

export function isReportUri(uri: vscode.Uri): boolean {
  const folder = readSettings().reportsFolder.replace(/^\.?\/+|\/+$/g, '');
  const rel = vscode.workspace.asRelativePath(uri, false);
  return uri.path.endsWith('.md') && (rel.startsWith(`${folder}/`) || rel.includes(`/${folder}/`));
}

export async function findFiles(glob: string): Promise<vscode.Uri[]> {
  const uris = await vscode.workspace.findFiles(glob, '**/node_modules/**');
  return uris.sort((a, b) => a.path.localeCompare(b.path));
}

/**
 * Whether the workspace holds incident work: a playbook, or a report in the configured reports folder. One search
 * that stops at the first file, so a workspace the extension woke up in after startup pays next to nothing.
 */
export async function holdsIncidentWork(): Promise<boolean> {
  const found = await vscode.workspace.findFiles(`{${PLAYBOOK_GLOB},${reportsGlob()}}`, '**/node_modules/**', 1);
  return found.length > 0;
}

export async function findPlaybooks(): Promise<vscode.Uri[]> {
  return (await findFiles(PLAYBOOK_GLOB)).filter(isPlaybookUri);
}

/** The file's document when one is open: its text may be newer than what is on disk. */
export function openDocument(uri: vscode.Uri): vscode.TextDocument | undefined {
  const key = uri.toString();
  return vscode.workspace.textDocuments.find(d => d.uri.toString() === key);
}

export async function readText(uri: vscode.Uri): Promise<string> {
  const open = openDocument(uri);
  if (open) return open.getText();
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
}

/**
 * Writes a whole report file (a new report, "Save As"): on disk through the core's report writer (atomic, under the
 * report's lock), so a crash or a full disk leaves the old file whole; on other file systems through VS Code.
 */
export async function writeReportText(uri: vscode.Uri, text: string): Promise<void> {
  if (uri.scheme === 'file') await updateReportFile(uri.fsPath, () => text, { ifMissing: () => text });
  else await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
}

export async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

interface LoadedPlaybook {
  uri: vscode.Uri;
  playbook: Playbook;
}

/** Reads and parses a playbook; throws an Error naming the file when it yields no usable playbook. */
export async function loadPlaybook(uri: vscode.Uri): Promise<LoadedPlaybook> {
  let text: string;
  try {
    text = await readText(uri);
  } catch {
    throw new Error(
      vscode.l10n.t(
        'The playbook {0} cannot be read. Restore it, or correct the "Playbook path" line in the report header.',
        vscode.workspace.asRelativePath(uri),
      ),
    );
  }
  const result = parsePlaybook(text);
  if (!result.playbook) {
    const first = result.diagnostics[0];
    const where = first ? ` (line ${first.line}: ${first.message})` : '';
    throw new Error(
      vscode.l10n.t(
        '{0} is not a usable playbook{1}. Fix it and try again; the Problems panel lists every issue.',
        vscode.workspace.asRelativePath(uri),
        where,
      ),
    );
  }
  // Query blocks may keep their SQL in a .sql file beside the playbook (file=); it is read now, confined to the folder.
  const fileProblems = uri.scheme === 'file' ? loadQueryFiles(result.playbook, uri.fsPath) : [];
  if (fileProblems.length) {
    throw new Error(
      vscode.l10n.t(
        '{0} is not a usable playbook (line {1}: {2}). Fix it and try again.',
        vscode.workspace.asRelativePath(uri),
        fileProblems[0].line,
        fileProblems[0].message,
      ),
    );
  }
  return { uri, playbook: result.playbook };
}

/**
 * The playbook a report's header names. Paths in a header are relative to the report's folder (core/report/headerPaths);
 * reports written by the extension before that rule named the playbook relative to the workspace, and still open.
 */
export async function playbookOf(reportUri: vscode.Uri, stored: string): Promise<vscode.Uri> {
  const fromReport = resolveFromReport(reportUri, stored, true);
  if (await exists(fromReport)) return fromReport;
  const legacy = resolveFromReport(reportUri, stored);
  return (await exists(legacy)) ? legacy : fromReport;
}

/** Resolves a path a report or a setting stores: relative to the report's folder, or else to the workspace. */
export function resolveFromReport(reportUri: vscode.Uri, relative: string, relativeToReport = false): vscode.Uri {
  const base = relativeToReport ? vscode.Uri.joinPath(reportUri, '..') : baseFolderOf(reportUri);
  return relative.startsWith('/') ? vscode.Uri.file(relative) : vscode.Uri.joinPath(base, relative);
}
