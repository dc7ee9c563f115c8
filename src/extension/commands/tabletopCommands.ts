// Tabletop exercises: a scenario from tabletops/ writes its logs (once; the generator is deterministic), and an
// exercise report runs every query on them. The debrief scores the report against the scenario's expected findings.
import { fork } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as vscode from 'vscode';
import { ui } from '../window/windowPrompts';
import type { Playbook } from '../../core/playbook/model';
import { parseDuration } from '../../core/playbook/parameters';
import { parsePlaybook } from '../../core/playbook/parser';
import { parseScenario, renderDebriefSection, scoreDebrief, withDebriefSection } from '../../core/tabletop/index';
import { SCENARIO_FILE } from '../../core/tabletop/loadScenario';
import type { Scenario } from '../../core/tabletop/model';
import type { Features } from '../features';
import type { ReportSession } from '../report/reportSession';
import {
  exists,
  findFiles,
  findPlaybooks,
  firstWorkspaceFolder,
  loadPlaybook,
  readText,
} from '../report/workspaceFiles';
import { portableRelative } from '../../core/report/headerPaths';
import { readSettings } from '../settings';
import { createIncident } from './incidentCommands';
import { requireReport } from './requireReport';

const SCENARIO_GLOB = `tabletops/**/${SCENARIO_FILE}`;
const EXERCISE_DATA_FOLDER = 'exercise-data';

interface ScenarioFile {
  uri: vscode.Uri;
  scenario: Scenario;
  /** Names the scenario's generated logs: a new folder whenever the scenario text changes, never stale logs. */
  dataFolder: string;
}

async function readScenarios(): Promise<ScenarioFile[]> {
  const found = await Promise.all(
    (await findFiles(SCENARIO_GLOB)).map(async uri => {
      const text = await readText(uri).catch(() => '');
      const { scenario } = parseScenario(text);
      const digest = createHash('sha256').update(text).digest('hex').slice(0, 8);
      return scenario ? { uri, scenario, dataFolder: `${scenario.id}-${digest}` } : undefined;
    }),
  );
  return found.filter(f => f !== undefined);
}

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

export function showDebrief(features: Features) {
  return async (): Promise<void> => {
    const session = requireReport(features);
    const header = session?.state?.header;
    if (!session || !header) return;
    if (header.mode !== 'exercise') {
      void ui.showInformationMessage(
        vscode.l10n.t('A debrief is for tabletop exercises; this report is a live incident.'),
      );
      return;
    }
    await session.flush();
    // The exercise's own scenario is the one whose logs it reads; else any scenario of the same playbook.
    const candidates = (await readScenarios()).filter(s => s.scenario.playbookId === header.playbookId);
    const scenario = (
      candidates.find(s => header.dataSources.some(d => d.endsWith(`${EXERCISE_DATA_FOLDER}/${s.dataFolder}`))) ??
      candidates.find(s => header.dataSources.some(d => d.includes(`${EXERCISE_DATA_FOLDER}/${s.scenario.id}-`))) ??
      candidates[0]
    )?.scenario;
    if (!scenario)
      throw new Error(vscode.l10n.t('No scenario in the tabletops folder follows playbook "{0}".', header.playbookId));
    const results = scoreDebrief(scenario, session.state!, await readText(session.uri));
    // The debrief becomes a section of the report itself, replaced each time it is asked for again.
    await session.rewrite('debrief', text => withDebriefSection(text, renderDebriefSection(scenario, results)));
    await vscode.window.showTextDocument(session.uri, { preview: false });
    await vscode.commands.executeCommand('markdown.showPreviewToSide', session.uri);
    const found = results.filter(r => r.found).length;
    void ui.showInformationMessage(
      vscode.l10n.t(
        'Debrief: the report shows {0} of the {1} findings this exercise expected. The details are at the end of the report.',
        found,
        results.length,
      ),
    );
  };
}
