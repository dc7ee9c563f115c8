// Finds and reads a scenario from a folder (its scenario.md) or a file path.
import fs from 'node:fs';
import path from 'node:path';
import type { ScenarioParseResult } from './model';
import { parseScenario } from './parseScenario';

export const SCENARIO_FILE = 'scenario.md';

export interface LoadedScenario extends ScenarioParseResult {
  /** Absolute path of the scenario.md that was read. */
  file: string;
  text: string;
}

/** The scenario.md a path names: the path itself, or scenario.md inside it when it is a folder. */
export function scenarioFile(p: string): string {
  const full = path.resolve(p);
  return fs.existsSync(full) && fs.statSync(full).isDirectory() ? path.join(full, SCENARIO_FILE) : full;
}

/** Reads and parses a scenario; a missing or unreadable file is an error naming the path. */
export function loadScenario(p: string): LoadedScenario {
  const file = scenarioFile(p);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new Error(
      `Cannot read the scenario ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file (give a scenario folder or its scenario.md)' : (e as Error).message}`,
      { cause: e },
    );
  }
  return { file, text, ...parseScenario(text) };
}
