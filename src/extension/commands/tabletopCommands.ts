// Tabletop exercises: a scenario from tabletops/ writes its logs (once; the generator is deterministic), and an
// exercise report runs every query on them. The debrief scores the report against the scenario's expected findings.
import { fork } from 'node:child_process';
import * as vscode from 'vscode';
import { ui } from '../window/windowPrompts';
import type { Playbook } from '../../core/playbook/model';
import { parseDuration } from '../../core/playbook/parameters';
import { parsePlaybook } from '../../core/playbook/parser';
import { parseReport } from '../../core/report/parse';
import { renderDebrief, scoreDebrief, type DebriefResult } from '../../core/tabletop/index';
import type { Scenario } from '../../core/tabletop/model';
import type { Features } from '../features';
import type { ReportSession } from '../report/reportSession';
import { exists, findPlaybooks, firstWorkspaceFolder, loadPlaybook, readText } from '../report/workspaceFiles';
import { portableRelative } from '../../core/report/headerPaths';
import { readSettings } from '../settings';
import { BriefingPanel } from '../tabletop/briefingPanel';
import { DebriefPanel } from '../tabletop/debriefPanel';
import { readExerciseOf, releaseInjects, updateExercise } from '../tabletop/exerciseRecord';
import { InjectTimer } from '../../core/tabletop/injectTimer';
import { EXERCISE_DATA_FOLDER, readScenarios, scenarioOfReport, type ScenarioFile } from '../tabletop/scenarios';
import { createIncident } from './incidentCommands';
import { requireReport } from './requireReport';

async function playbookFor(scenario: Scenario): Promise<vscode.Uri | undefined> {
  for (const uri of await findPlaybooks()) {
    if (parsePlaybook(await readText(uri)).playbook?.id === scenario.playbookId) return uri;
  }
  return undefined;
}

/**
 * Writes a scenario's logs with the bundled `irp tabletop generate`, in a child process: generation takes seconds of
 * CPU that must not freeze the extension host.
 */
function generateLogs(extensionUri: vscode.Uri, scenarioFile: vscode.Uri, outDir: vscode.Uri): Promise<void> {
  const cli = vscode.Uri.joinPath(extensionUri, 'dist', 'cli.js').fsPath;
  return new Promise((resolve, reject) => {
    const child = fork(cli, ['tabletop', 'generate', scenarioFile.fsPath, '--out', outDir.fsPath, '--replace'], {
      silent: true,
    });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-2000);
    });
    child.on('error', reject);
    child.on('exit', code =>
      code === 0
        ? resolve()
        : reject(
            new Error(vscode.l10n.t('Could not write the scenario logs: {0}', stderr.trim() || `exit code ${code}`)),
          ),
    );
  });
}

/** The scenario's logs, written on first use into the reports folder and reused after (same scenario, same bytes). */
async function scenarioData(features: Features, file: ScenarioFile): Promise<vscode.Uri> {
  const folder = firstWorkspaceFolder();
  if (!folder)
    throw new Error(vscode.l10n.t('Open a workspace folder first: exercise data and reports are written into it.'));
  const dataDir = vscode.Uri.joinPath(folder.uri, readSettings().reportsFolder, EXERCISE_DATA_FOLDER, file.dataFolder);
  if (await exists(dataDir)) return dataDir;
  await vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: vscode.l10n.t('Writing the logs of scenario "{0}"…', file.scenario.title),
    },
    () => generateLogs(features.context.extensionUri, file.uri, dataDir),
  );
  return dataDir;
}

/**
 * Parameters an exercise starts with: the scenario's time span for every time window and its account for every
 * account id. What the team has to find out (the key, the addresses) stays empty.
 */
function exerciseParameters(playbook: Playbook, scenario: Scenario): Record<string, string> {
  const end = new Date(Date.parse(scenario.start) + (parseDuration(scenario.duration) ?? 0))
    .toISOString()
    .replace(/\.000Z$/, 'Z');
  const values: Record<string, string> = {};
  for (const def of playbook.parameters) {
    if (def.type === 'timeWindow') values[def.name] = `${scenario.start}/${end}`;
    if (def.type === 'accountId') values[def.name] = scenario.accountId;
  }
  return values;
}

export function startTabletop(features: Features) {
  return async (scenarioUri?: vscode.Uri): Promise<ReportSession | undefined> => {
    const scenarios = await readScenarios();
    let chosen =
      scenarioUri instanceof vscode.Uri ? scenarios.find(s => s.uri.toString() === scenarioUri.toString()) : undefined;
    if (!chosen) {
      if (!scenarios.length) {
        void ui.showWarningMessage(
          vscode.l10n.t(
            'No tabletop scenario found: put scenario markdown files in a "tabletops" folder of the workspace.',
          ),
        );
        return undefined;
      }
      chosen =
        scenarios.length === 1
          ? scenarios[0]
          : (
              await ui.showQuickPick(
                scenarios.map(s => ({
                  label: s.scenario.title,
                  description: vscode.workspace.asRelativePath(s.uri),
                  file: s,
                })),
                { title: vscode.l10n.t('Start tabletop exercise') },
              )
            )?.file;
    }
    if (!chosen) return undefined;
    const playbookUri = await playbookFor(chosen.scenario);
    if (!playbookUri) {
      throw new Error(
        vscode.l10n.t(
          'Scenario "{0}" follows playbook "{1}", which is not in the playbooks folder.',
          chosen.scenario.title,
          chosen.scenario.playbookId,
        ),
      );
    }
    const dataDir = await scenarioData(features, chosen);
    const reportsDir = vscode.Uri.joinPath(firstWorkspaceFolder()!.uri, readSettings().reportsFolder);
    const relativeData = portableRelative(reportsDir.fsPath, dataDir.fsPath);
    const { playbook } = await loadPlaybook(playbookUri);
    return createIncident(features, playbookUri, {
      mode: 'exercise',
      defaultEngine: 'local',
      dataSources: [relativeData],
      parameters: exerciseParameters(playbook, chosen.scenario),
    });
  };
}

/** The open exercise and its scenario, or undefined after saying why there is none. */
async function requireExercise(
  features: Features,
): Promise<{ session: ReportSession; scenario: Scenario } | undefined> {
  const session = requireReport(features);
  const header = session?.state?.header;
  if (!session || !header) return undefined;
  if (header.mode !== 'exercise') {
    void ui.showInformationMessage(
      vscode.l10n.t('Briefing, injects and debrief are for tabletop exercises; this report is a live incident.'),
    );
    return undefined;
  }
  const scenario = await scenarioOfReport(header);
  if (!scenario)
    throw new Error(vscode.l10n.t('No scenario in the tabletops folder follows playbook "{0}".', header.playbookId));
  return { session, scenario };
}

/** Opens the players' briefing; returns its HTML (for tests and automation). */
export function showBriefing(features: Features) {
  return async (): Promise<{ html: string } | undefined> => {
    const exercise = await requireExercise(features);
    if (!exercise) return undefined;
    const panel = await BriefingPanel.show(features, exercise.session, exercise.scenario);
    return { html: panel.html };
  };
}

const timer = new InjectTimer();

/**
 * The facilitator's control: release one inject now (by id, or chosen from the list), or release the rest on a
 * timer. The briefing opens beside the report if it is not open yet, and shows the release.
 */
export function releaseInject(features: Features) {
  features.context.subscriptions.push(timer);
  return async (injectId?: string): Promise<{ html: string } | undefined> => {
    const exercise = await requireExercise(features);
    if (!exercise) return undefined;
    const { session, scenario } = exercise;
    const { released } = await readExerciseOf(session);
    const pending = scenario.injects.filter(i => !released.some(r => r.id === i.id));
    let chosen = typeof injectId === 'string' ? injectId : undefined;
    if (chosen !== undefined && !scenario.injects.some(i => i.id === chosen))
      throw new Error(vscode.l10n.t('Scenario "{0}" has no inject "{1}".', scenario.title, chosen));
    if (chosen === undefined) {
      type Pick = vscode.QuickPickItem & { action: 'release' | 'timer' | 'stop'; id?: string };
      const items: Pick[] = [
        ...pending.map(i => ({
          label: `${i.offsetText} · ${i.title}`,
          detail: i.body.split('\n')[0],
          action: 'release' as const,
          id: i.id,
        })),
        ...(pending.length && !timer.running
          ? [{ label: vscode.l10n.t('$(watch) Release the rest on a timer'), action: 'timer' as const }]
          : []),
        ...(timer.running ? [{ label: vscode.l10n.t('$(debug-pause) Stop the timer'), action: 'stop' as const }] : []),
      ];
      if (!items.length) {
        void ui.showInformationMessage(vscode.l10n.t('Every inject of this exercise is already out.'));
        return undefined;
      }
      const pick = await ui.showQuickPick(items, {
        title: vscode.l10n.t('Release an inject to the players'),
        matchOnDetail: true,
      });
      if (!pick) return undefined;
      if (pick.action === 'stop') {
        timer.stop();
        return undefined;
      }
      if (pick.action === 'timer') {
        const count = timer.start(scenario, released, async id => {
          await releaseInjects(session, scenario, [id]);
          await BriefingPanel.show(features, session, scenario);
        });
        void ui.showInformationMessage(
          vscode.l10n.t(
            '{0} injects will be released at their times; the timer runs while this window is open.',
            count,
          ),
        );
        return undefined;
      }
      chosen = pick.id;
    }
    if (!chosen) return undefined;
    await releaseInjects(session, scenario, [chosen]);
    const panel = await BriefingPanel.show(features, session, scenario);
    return { html: panel.html };
  };
}

/**
 * Scores what the team recorded against the scenario's expected findings, writes the debrief into the report's
 * exercise section and shows it in a page of its own.
 */
export function showDebrief(features: Features) {
  return async (): Promise<{ results: DebriefResult[]; html: string } | undefined> => {
    const exercise = await requireExercise(features);
    if (!exercise) return undefined;
    const { session, scenario } = exercise;
    await session.flush();
    const results = scoreDebrief(scenario, parseReport(await readText(session.uri)).state);
    const debrief = renderDebrief(scenario, results, new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'));
    await updateExercise(session, scenario, record => ({ ...record, debrief }));
    const html = DebriefPanel.show(scenario.title, debrief);
    const found = results.filter(r => r.found).length;
    void ui.showInformationMessage(
      vscode.l10n.t(
        'Debrief: the team recorded {0} of the {1} expected findings; also written into the report.',
        found,
        results.length,
      ),
    );
    return { results, html };
  };
}
