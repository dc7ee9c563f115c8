import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../runCli';
import { FIXTURES, roundTripErrors } from './helpers';

describe('irp import (CLI)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'irp-import-'));
  const irp = (...argv: string[]) => runCli(argv, dir);
  const fixture = (name: string) => path.join(FIXTURES, name);
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes playbooks/<id>.md by default, and prints what it made', async () => {
    const run = await irp('import', fixture('framework-de.md'));
    assert.equal(run.code, 0, run.stderr);
    const written = path.join(dir, 'playbooks', 'framework-de.md');
    assert.match(
      run.stdout,
      /→ playbooks\/framework-de\.md: 4 phase\(s\), 5 step\(s\), 0 checklist item\(s\), 1 question\(s\)/,
    );
    assert.deepEqual(roundTripErrors(fs.readFileSync(written, 'utf8')), []);
    assert.deepEqual(fs.readdirSync(path.dirname(written)), ['framework-de.md'], 'no temporary file is left behind');
  });

  it('prints the counts per kind and what stayed as guidance with --json', async () => {
    const run = await irp('import', fixture('parts-2026.md'), '--out', 'out/parts.md', '--json');
    assert.equal(run.code, 0, run.stderr);
    const out = JSON.parse(run.stdout);
    assert.equal(out.output, 'out/parts.md');
    assert.deepEqual(
      { ...out.counts, repairedLines: 0 },
      {
        phases: 5,
        steps: 7,
        checklistItems: 4,
        questions: 4,
        athena: 3,
        cloudtrail: 1,
        aws: 1,
        action: 1,
        parameters: 6,
        references: 2,
        repairedLines: 0,
        unmapped: 1,
      },
    );
    assert.deepEqual(
      out.unmapped.map((u: { kind: string }) => u.kind),
      ['aws-command'],
    );
  });

  it('never overwrites an existing file without --force', async () => {
    const target = path.join(dir, 'kept.md');
    fs.writeFileSync(target, 'hand-written\n');
    const refused = await irp('import', fixture('framework-fr.md'), '--out', 'kept.md');
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /"kept\.md" already exists; nothing was written \(use --force to replace it\)/);
    assert.equal(fs.readFileSync(target, 'utf8'), 'hand-written\n');
    const forced = await irp('import', fixture('framework-fr.md'), '--out', 'kept.md', '--force');
    assert.equal(forced.code, 0);
    assert.match(fs.readFileSync(target, 'utf8'), /^---\nid: framework-fr\n/);
  });

  it('says clearly that a file is not a playbook, and writes nothing', async () => {
    const run = await irp('import', fixture('not-a-playbook.md'), '--out', 'readme.md', '--json');
    assert.equal(run.code, 1);
    assert.match(
      run.stderr,
      /not-a-playbook\.md was not imported: it does not look like an incident-response playbook/,
    );
    assert.equal(JSON.parse(run.stdout).imported, false);
    assert.equal(fs.existsSync(path.join(dir, 'readme.md')), false);
  });

  it('exits 2 on usage errors', async () => {
    assert.equal((await irp('import')).code, 2);
    assert.equal((await irp('import', fixture('older.md'), '--out')).code, 2);
    assert.equal((await irp('import', fixture('older.md'), '--bogus')).code, 2);
    assert.equal((await irp('import', path.join(dir, 'missing.md'))).code, 2);
  });
});
