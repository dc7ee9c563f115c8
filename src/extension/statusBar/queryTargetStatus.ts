// One status bar item saying where queries go: `$(cloud) profile · region · account` for AWS, or local data.
// The account comes from STS only once an AWS session exists (a query needed it, or the user picked a profile), so
// activation never loads the SDK or calls AWS.
import * as vscode from 'vscode';
import type { CommandId } from '../commands/commandIds';
import { dataModeOf, type Features } from '../features';
import { holdsIncidentWork } from '../report/workspaceFiles';
import { readSettings, SECTION } from '../settings';

/** The configured profile (or the default chain) and region, as the item names them before a session says more. */
function configuredTarget(): { profile: string; label: string } {
  const settings = readSettings();
  const profile = settings.profile ?? vscode.l10n.t('default profile');
  return { profile, label: [profile, settings.region].filter(Boolean).join(' · ') };
}

export function registerStatusBar(features: Features): vscode.StatusBarItem {
  const item = vscode.window.createStatusBarItem('irPlaybook.dataSource', vscode.StatusBarAlignment.Left, 50);
  item.name = vscode.l10n.t('IR Playbook data source');
  let generation = 0;
  let shownMode: string | undefined;
  let sessionWanted = false;

  const showError = (error: unknown) => {
    const { profile, label } = configuredTarget();
    item.text = `$(error) ${label}`;
    item.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
    item.tooltip = vscode.l10n.t(
      'AWS credentials are missing or expired: {0}\nFix: sign in again (for example `aws sso login --profile {1}`), or click to choose another profile.',
      error instanceof Error ? error.message : String(error),
      profile,
    );
  };

  // The extension also wakes after startup in workspaces that hold no incident work (onStartupFinished, for a reports
  // folder configured elsewhere): it stays out of their status bar until they do.
  let incidentWork = false;
  const show = async () => {
    const current = ++generation;
    const header = features.reports.current?.state?.header;
    shownMode = header?.mode;
    item.backgroundColor = undefined;
    if (!incidentWork && !features.reports.current) return item.hide();
    item.show();
    if (dataModeOf(features.reports.current) === 'local') {
      item.text = `$(database) ${vscode.l10n.t('Local data')}`;
      const exercise = header?.mode === 'exercise';
      item.tooltip = exercise
        ? vscode.l10n.t(
            "Tabletop exercise: every query runs on the scenario's local log files. Click to add a data source.",
          )
        : vscode.l10n.t('Queries run on local log files. Click to switch to AWS.');
      item.command = (exercise ? 'irPlaybook.addLocalDataSource' : 'irPlaybook.switchEngineMode') satisfies CommandId;
      return;
    }
    item.command = 'irPlaybook.selectProfile' satisfies CommandId;
    item.text = `$(cloud) ${configuredTarget().label}`;
    item.tooltip = vscode.l10n.t(
      'AWS profile and region used for CloudTrail and Athena. Click to choose another profile.',
    );
    if (!sessionWanted) return;
    try {
      const session = await features.engines.session();
      const identity = await session.identity();
      if (current !== generation) return;
      const described = session.describe();
      item.text = `$(cloud) ${described.profile} · ${described.region} · ${identity.account}`;
      item.tooltip = new vscode.MarkdownString(
        vscode.l10n.t('Signed in as `{0}`. Click to choose another profile.', identity.arn),
      );
    } catch (e) {
      if (current === generation) showError(e);
    }
  };

  features.context.subscriptions.push(
    item,
    features.engines.onDidOpenSession(({ error }) => {
      sessionWanted = true;
      if (error) {
        ++generation;
        showError(error);
      } else {
        void show();
      }
    }),
    features.engines.onDidResetAws(() => void show()),
    // Reports change on every keystroke in a panel: only a change of incident kind matters here.
    features.reports.onDidChange(session => session?.state?.header.mode !== shownMode && void show()),
    vscode.workspace.onDidChangeConfiguration(e => e.affectsConfiguration(`${SECTION}.engine`) && void show()),
  );
  const checkWork = () =>
    void holdsIncidentWork().then(found => {
      incidentWork = found;
      void show();
    });
  checkWork();
  features.context.subscriptions.push(
    vscode.workspace.onDidCreateFiles(() => !incidentWork && checkWork()),
    vscode.workspace.onDidChangeConfiguration(e => e.affectsConfiguration(`${SECTION}.reportsFolder`) && checkWork()),
  );
  void show();
  return item;
}
