// Shared by the playbook tests: where the repository is, and a small playbook to put test lines into.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Diagnostic } from '../../../src/core/playbook/model';

/** From out-<dir>/test/unit/playbook/ back to the repository root. */
export const REPO_ROOT = path.resolve(__dirname, '../../../..');

export function readRepoFile(relative: string): string {
  return fs.readFileSync(path.join(REPO_ROOT, relative), 'utf8');
}

/** A valid front matter of 12 lines: the first body line is line 13. */
export const FRONT_MATTER = [
  '---',
  'id: test-playbook',
  'title: Test playbook',
  'version: 1.0.0',
  'parameters:',
  '  window:',
  '    type: timeWindow',
  '    label: Window',
  '  ip:',
  '    type: ip',
  '    label: Address',
  '---',
];
export const FIRST_BODY_LINE = FRONT_MATTER.length + 1;

/** A playbook whose body is `body`, after the front matter above. */
export function playbookWith(...body: string[]): string {
  return [...FRONT_MATTER, ...body].join('\n');
}

/** Diagnostics in a compact form that compares well in assertions. */
export function brief(diagnostics: Diagnostic[]): string[] {
  return diagnostics.map(d => `${d.line}:${d.column} ${d.severity} ${d.code}`);
}
