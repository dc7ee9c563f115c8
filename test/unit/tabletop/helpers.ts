// Shared pieces of the tabletop tests: the repository root, temporary folders and small scenarios.
import fs from 'node:fs';
import os from 'node:os';
import assert from 'node:assert/strict';
import path from 'node:path';
import { loadScenario, type Scenario } from '../../../src/core/tabletop/index';

/** From the compiled test folder (out-.../test/unit/tabletop) back to the repository. */
export const REPO_ROOT = path.resolve(__dirname, '../../../..');
export const BUNDLED_SCENARIO_DIR = path.join(REPO_ROOT, 'tabletops/leaked-key-open-ssh');

/** The scenario shipped in tabletops/, failing the test when it does not load. */
export function bundledScenario(): Scenario {
  const { scenario } = loadScenario(BUNDLED_SCENARIO_DIR);
  assert.ok(scenario, `${BUNDLED_SCENARIO_DIR} does not load`);
  return scenario;
}

export function tempDir(label: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `irp-tabletop-${label}-`));
}

export function removeDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

/** A valid scenario with the given sections; the front matter can be replaced line by line. */
export function minimalScenario(
  parts: { injects?: string; questions?: string; findings?: string; extra?: string; frontMatter?: string[] } = {},
): string {
  return [
    '---',
    ...(parts.frontMatter ?? [
      'id: mini',
      'title: Mini',
      'playbook: unauthorized-network-changes',
      'seed: 7',
      'start: 2026-11-20T08:00:00Z',
      'duration: PT2H',
      "account: '111122223333'",
      'regions: [eu-west-1]',
    ]),
    '---',
    '',
    '## Story',
    '',
    'Something happened.',
    '',
    '## Injects',
    '',
    parts.injects ?? '### T+00:00 Start\n\nGo.\n',
    '## Facilitator notes',
    '',
    'Notes.',
    '',
    '## Questions',
    '',
    parts.questions ?? '- Who? {#who}\n',
    '## Expected findings',
    '',
    parts.findings ?? '### Key {#f-key}\n\n```match\nmentions: AKIA\n```\n',
    parts.extra ?? '',
  ].join('\n');
}
