// Local log files for local mode: added to the open incident's report (relative to the report), or to the workspace
// setting when no incident is open.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { ui } from '../window/windowPrompts';
import type { Features } from '../features';
import { baseFolderOf, firstWorkspaceFolder } from '../report/workspaceFiles';
import { portableRelative } from '../../core/report/headerPaths';
import { readSettings, writeSetting } from '../settings';

export function addLocalDataSource(features: Features) {
  return async (given?: vscode.Uri[] | vscode.Uri): Promise<void> => {
    const picked =
      given instanceof vscode.Uri
        ? [given]
        : Array.isArray(given)
          ? given
          : await ui.showOpenDialog({
              title: vscode.l10n.t('Add local data source: CloudTrail or VPC Flow Log files, or a folder of them'),
              canSelectFiles: true,
              canSelectFolders: true,
              canSelectMany: true,
              openLabel: vscode.l10n.t('Add Data Source'),
              defaultUri: features.reports.current
                ? baseFolderOf(features.reports.current.uri)
                : firstWorkspaceFolder()?.uri,
            });
    if (!picked?.length) return;
    const session = features.reports.current;
    if (session) {
      const reportFolder = path.dirname(session.uri.fsPath);
      for (const uri of picked) await session.addDataSource(portableRelative(reportFolder, uri.fsPath));
    } else {
      const base = firstWorkspaceFolder()?.uri.fsPath;
      const added = picked.map(u => (base ? portableRelative(base, u.fsPath) : u.fsPath));
      await writeSetting('local.dataSources', [...new Set([...readSettings().localDataSources, ...added])]);
    }
    void vscode.window.setStatusBarMessage(vscode.l10n.t('IR Playbook: {0} data source(s) added', picked.length), 4000);
  };
}
