// The tabletop scenarios of the workspace, and the one an exercise report follows.
import { createHash } from 'node:crypto';
import type * as vscode from 'vscode';
import type { ReportHeader } from '../../core/report/model';
import { parseScenario } from '../../core/tabletop/index';
import { SCENARIO_FILE } from '../../core/tabletop/loadScenario';
import type { Scenario } from '../../core/tabletop/model';
import { findFiles, readText } from '../report/workspaceFiles';

const SCENARIO_GLOB = `tabletops/**/${SCENARIO_FILE}`;
export const EXERCISE_DATA_FOLDER = 'exercise-data';

export interface ScenarioFile {
  uri: vscode.Uri;
  scenario: Scenario;
  /** Names the scenario's generated logs: a new folder whenever the scenario text changes, never stale logs. */
  dataFolder: string;
}

export async function readScenarios(): Promise<ScenarioFile[]> {
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

/** The exercise's own scenario is the one whose logs it reads; else any scenario of the same playbook. */
export async function scenarioOfReport(header: ReportHeader): Promise<Scenario | undefined> {
  const candidates = (await readScenarios()).filter(s => s.scenario.playbookId === header.playbookId);
  return (
    candidates.find(s => header.dataSources.some(d => d.endsWith(`${EXERCISE_DATA_FOLDER}/${s.dataFolder}`))) ??
    candidates.find(s => header.dataSources.some(d => d.includes(`${EXERCISE_DATA_FOLDER}/${s.scenario.id}-`))) ??
    candidates[0]
  )?.scenario;
}
