// What the features share: the extension context, the current report and the engines. Each feature folder has a
// register function that takes this and adds its own disposables; extension.ts only calls them in order.
import * as vscode from 'vscode';
import type { DataMode } from '../core/engine/resolve';
import type { EngineProvider } from './engines/engineProvider';
import type { ReportManager } from './report/reportManager';
import type { ReportSession } from './report/reportSession';
import { resolveFromReport } from './report/workspaceFiles';
import { readSettings } from './settings';

export interface Features {
  context: vscode.ExtensionContext;
  reports: ReportManager;
  engines: EngineProvider;
}

/** Exercises always run on local data; a live incident uses the data mode setting. */
export function dataModeOf(session: ReportSession | undefined): DataMode {
  return session?.state?.header.mode === 'exercise' ? 'local' : readSettings().dataMode;
}

/** Absolute paths of the local data: the report's own sources (relative to the report) and the workspace setting's. */
export function localDataSources(session: ReportSession): string[] {
  const fromReport = session.state?.header.dataSources.map(p => resolveFromReport(session.uri, p, true).fsPath) ?? [];
  const folder = vscode.workspace.getWorkspaceFolder(session.uri)?.uri ?? vscode.Uri.joinPath(session.uri, '..');
  const fromSettings = readSettings().localDataSources.map(p => (p.startsWith('/') ? p : vscode.Uri.joinPath(folder, p).fsPath));
  return [...new Set([...fromReport, ...fromSettings])];
}

/** Where the local engine keeps its cache database: beside the report, in a hidden folder. */
export function localCacheDir(session: ReportSession): string {
  return vscode.Uri.joinPath(session.uri, '..', '.irp-cache').fsPath;
}
