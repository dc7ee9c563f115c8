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

/**
 * Absolute paths of the local data: the sources the report remembers (relative to the report) when it has any, else
 * the workspace setting's. Never both: an exercise's own logs must not be mixed with other files.
 */
export function localDataSources(session: ReportSession): string[] {
  const fromReport = session.state?.header.dataSources ?? [];
  if (fromReport.length) return fromReport.map(p => resolveFromReport(session.uri, p, true).fsPath);
  return readSettings().localDataSources.map(p => resolveFromReport(session.uri, p).fsPath);
}

/** Where the local engine keeps its cache database: beside the report, in a hidden folder. */
export function localCacheDir(session: ReportSession): string {
  return vscode.Uri.joinPath(session.uri, '..', '.irp-cache').fsPath;
}
