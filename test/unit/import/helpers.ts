// Shared by the import tests: the fixtures, and reading an imported playbook back with the playbook parser.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { companionReader, importPlaybook, type ImportResult } from '../../../src/core/import';
import { ENGINE_IDS, type Diagnostic, type Playbook } from '../../../src/core/playbook/model';
import { parsePlaybook } from '../../../src/core/playbook/parser';
import { REPO_ROOT } from '../playbook/helpers';

export const FIXTURES = path.join(REPO_ROOT, 'test/fixtures/import');

export function importFixture(name: string): Extract<ImportResult, { ok: true }> {
  const file = path.join(FIXTURES, name);
  const result = importPlaybook(fs.readFileSync(file, 'utf8'), {
    fileName: name,
    readCompanion: companionReader(file),
  });
  if (!result.ok) throw new Error(`${name} was not imported: ${result.reason}`);
  return result;
}

/**
 * The errors the parser finds in an imported playbook. `aws`/`action` blocks are read by the aws engine's parser
 * support; until that is merged they are an unknown engine, and only that is set aside here.
 */
export function roundTripErrors(markdown: string): Diagnostic[] {
  const lines = markdown.split('\n');
  const awsEngineMerged = (ENGINE_IDS as readonly string[]).includes('aws');
  return parsePlaybook(markdown).diagnostics.filter(
    d =>
      d.severity === 'error' &&
      (awsEngineMerged || d.code !== 'unknown-engine' || !/^\s*```(?:aws|action) id=/.test(lines[d.line - 1])),
  );
}

export function parsed(markdown: string): Playbook {
  const playbook = parsePlaybook(markdown).playbook;
  if (!playbook) throw new Error('the imported playbook has no front matter id');
  return playbook;
}
