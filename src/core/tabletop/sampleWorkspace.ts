// Lays out the sample workspace `npm start` opens: the shipped playbook, the bundled scenario, its generated logs
// and settings that select the local engine over them. Safe to run again: unchanged parts are left alone and the
// logs are regenerated only when the scenario, seed, scale or generator changed.
import fs from 'node:fs';
import path from 'node:path';
import type { GenerationSummary } from './generator/generate';
import { loadScenario, SCENARIO_FILE } from './loadScenario';
import { hasErrors } from './parseScenario';
import { ensureScenarioData, readOrUndefined } from './scenarioData';

export interface SampleWorkspaceOptions {
  /** The repository holding playbooks/ and tabletops/. */
  repoRoot: string;
  /** Folder name under tabletops/; default the bundled scenario. */
  scenario?: string;
  scale?: number;
}

export interface SampleWorkspaceResult {
  targetDir: string;
  playbookPath: string;
  scenarioPath: string;
  dataDir: string;
  /** Present when the logs were written by this call (absent when the existing ones were current). */
  generated?: GenerationSummary;
  /** Set when .vscode/settings.json could not be read as JSON and was left as it was. */
  settingsProblem?: string;
}

const DEFAULT_SCENARIO = 'leaked-key-open-ssh';
const DATA_FOLDER = 'data';
const SETTINGS: Record<string, unknown> = {
  'irPlaybook.engine.mode': 'local',
  'irPlaybook.local.dataSources': [DATA_FOLDER],
};

export async function prepareSampleWorkspace(
  targetDir: string,
  options: SampleWorkspaceOptions,
): Promise<SampleWorkspaceResult> {
  const target = path.resolve(targetDir);
  const scenarioName = options.scenario ?? DEFAULT_SCENARIO;
  const sourceDir = path.join(options.repoRoot, 'tabletops', scenarioName);
  const loaded = loadScenario(sourceDir);
  if (!loaded.scenario || hasErrors(loaded.diagnostics)) {
    const first = loaded.diagnostics.find(d => d.severity === 'error');
    throw new Error(
      `The scenario ${loaded.file} has errors${first ? ` (line ${first.line}: ${first.message})` : ''}; fix it before preparing the workspace.`,
    );
  }
  const scenario = loaded.scenario;

  const playbookSource = path.join(options.repoRoot, 'playbooks', `${scenario.playbookId}.md`);
  const playbookPath = path.join(target, 'playbooks', `${scenario.playbookId}.md`);
  copyIfChanged(playbookSource, playbookPath);
  const scenarioDir = path.join(target, 'tabletops', scenarioName);
  for (const name of fs.readdirSync(sourceDir)) {
    if (fs.statSync(path.join(sourceDir, name)).isFile())
      copyIfChanged(path.join(sourceDir, name), path.join(scenarioDir, name));
  }

  const dataDir = path.join(target, DATA_FOLDER);
  const generated = ensureScenarioData(scenario, dataDir, { scale: options.scale });
  const settingsProblem = mergeSettings(path.join(target, '.vscode', 'settings.json'));
  return {
    targetDir: target,
    playbookPath,
    scenarioPath: path.join(scenarioDir, SCENARIO_FILE),
    dataDir,
    ...(generated ? { generated } : {}),
    ...(settingsProblem ? { settingsProblem } : {}),
  };
}

function copyIfChanged(from: string, to: string): void {
  const content = fs.readFileSync(from);
  const existing = fs.existsSync(to) ? fs.readFileSync(to) : undefined;
  if (existing && existing.equals(content)) return;
  fs.mkdirSync(path.dirname(to), { recursive: true });
  fs.writeFileSync(to, content);
}

/** Adds the engine settings to the workspace settings, keeping whatever else is there. */
function mergeSettings(file: string): string | undefined {
  const text = readOrUndefined(file);
  let current: Record<string, unknown> = {};
  if (text !== undefined && text.trim() !== '') {
    try {
      const parsed: unknown = JSON.parse(text);
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
        return `${file} does not hold a JSON object; it was left unchanged.`;
      current = parsed as Record<string, unknown>;
    } catch (e) {
      return `${file} is not plain JSON (${(e as Error).message}); add ${JSON.stringify(SETTINGS)} to it yourself.`;
    }
  }
  const merged = { ...current, ...SETTINGS };
  const out = `${JSON.stringify(merged, null, 2)}\n`;
  if (out !== text) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, out);
  }
  return undefined;
}
