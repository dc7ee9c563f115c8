// Reads a scenario.md into a Scenario. Never throws: every problem becomes a diagnostic with its file line, and
// whatever could be read stays usable (a scenario is returned whenever the front matter gave at least an id).
import type { Diagnostic } from '../playbook/model';
import { splitFrontMatter } from './frontMatter';
import type { ScenarioParseResult } from './model';
import { readScenarioBody } from './scenarioBody';
import { readScenarioMeta } from './scenarioMeta';
import { YamlReader } from './yamlReader';

export function parseScenario(text: string): ScenarioParseResult {
  const split = splitFrontMatter(text);
  const diagnostics: Diagnostic[] = [...split.diagnostics];
  const reader = new YamlReader(split.lineCounter, split.yamlFirstLine, diagnostics, { line: 1, column: 1 });
  const hasYamlErrors = split.diagnostics.some(d => d.severity === 'error');
  const meta = hasYamlErrors ? {} : readScenarioMeta(split.doc, reader);
  const body = readScenarioBody(split.body, split.bodyFirstLine, diagnostics);
  diagnostics.sort((a, b) => a.line - b.line || a.column - b.column);
  if (!meta.id) return { diagnostics };
  return {
    scenario: {
      id: meta.id,
      title: meta.title ?? meta.id,
      playbookId: meta.playbookId ?? '',
      seed: meta.seed ?? 1,
      start: meta.start ?? '',
      duration: meta.duration ?? '',
      accountId: meta.accountId ?? '',
      regions: meta.regions ?? [],
      story: meta.story ?? {},
      ...body,
    },
    diagnostics,
  };
}

/** True when the scenario has everything the data generator needs (no errors in the front matter). */
export function hasErrors(diagnostics: Diagnostic[]): boolean {
  return diagnostics.some(d => d.severity === 'error');
}
