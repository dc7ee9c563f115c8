import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as os from 'node:os';
import { companionReader, importPlaybook } from '../../../src/core/import';
import { FIXTURES, roundTripErrors } from './helpers';

describe('irp import: markup accidents never make an invalid playbook', () => {
  it('neutralises a fence left open in a quote, a {#id} in a reference, and template braces in SQL', () => {
    const result = importPlaybook(
      [
        '# T',
        '## Overview',
        '### Sub {#sub}',
        'Text.',
        '## Detection',
        '### Look',
        '> ~~~sql',
        '> SELECT 1',
        '',
        '```sql',
        "SELECT '{{ var }}' FROM t",
        '```',
        '## Recovery',
        'Restore.',
      ].join('\n'),
      { fileName: 't.md' },
    );
    assert.ok(result.ok);
    assert.deepEqual(roundTripErrors(result.markdown), []);
    assert.match(result.markdown, /## Overview\n\n### Sub\nText\./);
    assert.match(result.markdown, /> &#126;~~sql\n> SELECT 1/);
    assert.match(result.markdown, /SELECT '\{ \{ var \} \}' FROM t/);
  });

  it('imports mutated copies of every fixture into playbooks that validate (seeded, repeatable)', () => {
    const mutations: ((line: string) => string)[] = [
      l => l.replace(/^- /, '-'),
      l => l.replace('](', '] ('),
      () => '```',
      () => '``',
      l => `${l} {#x}`,
      l => `### ${l}`,
      l => `## ${l}`,
      l => `> ${l}`,
      l => `1. [**RECOVERY**] ${l}`,
      l => `- [ ] ${l}?`,
      () => '>>>',
      () => '~~~sql',
      () => "SELECT 'AKIAIOSFODNN7EXAMPLE'",
      l => `{{${l}}}`,
      l => `\`aws iam list-users --x ${l}\``,
      () => '---',
    ];
    let seed = 11;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const problems: string[] = [];
    for (const name of fs.readdirSync(FIXTURES).filter(f => f.endsWith('.md'))) {
      const text = fs.readFileSync(path.join(FIXTURES, name), 'utf8');
      for (let run = 0; run < 15; run++) {
        const lines = text.split('\n');
        for (let k = 0; k < 6; k++) {
          const i = Math.floor(random() * lines.length);
          lines[i] = mutations[Math.floor(random() * mutations.length)](lines[i]);
        }
        const result = importPlaybook(lines.join('\n'), { fileName: name });
        if (!result.ok) continue;
        for (const e of roundTripErrors(result.markdown)) problems.push(`${name} #${run}: ${e.line}: ${e.message}`);
      }
    }
    assert.deepEqual(problems, []);
  });
});

describe('irp import: companion files', () => {
  it("reads only .sql files inside the playbook's folder", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'irp-companion-'));
    try {
      fs.mkdirSync(path.join(dir, 'pb', 'resources'), { recursive: true });
      fs.writeFileSync(path.join(dir, 'pb', 'resources', 'q.sql'), 'SELECT 1');
      fs.writeFileSync(path.join(dir, 'secret.sql'), 'SELECT 2');
      fs.symlinkSync(path.join(dir, 'secret.sql'), path.join(dir, 'pb', 'resources', 'link.sql'));
      const read = companionReader(path.join(dir, 'pb', 'playbook.md'));
      assert.equal(read('resources/q.sql'), 'SELECT 1');
      assert.equal(read('../secret.sql'), undefined);
      assert.equal(read('resources/link.sql'), undefined);
      assert.equal(read(path.join(dir, 'secret.sql')), undefined);
      assert.equal(read('resources/missing.sql'), undefined);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('irp import: ids and names from the original', () => {
  it('keeps explicit ids the original repeats or misspells from making the playbook invalid', () => {
    const result = importPlaybook(
      [
        '# T',
        '## Containment',
        'Cut access.',
        '## Recovery',
        '### Restore',
        '- [ ] one {#x}',
        '- [ ] two {#x}',
        '- [ ] three {#bad/id}',
      ].join('\n'),
      { fileName: 't.md' },
    );
    assert.ok(result.ok);
    assert.deepEqual(roundTripErrors(result.markdown), []);
    assert.match(result.markdown, /- \[ \] two \{#x-2\}\n- \[ \] three &#123;#bad\/id\}/);
  });
});

describe('irp import: documents that only mention a phase', () => {
  it('refuses a document with one phase-like section, or two that only keywords suggest', () => {
    const refused = (lines: string[]) => !importPlaybook(lines.join('\n')).ok;
    assert.ok(refused(['# Policy', '## Scope', 'Text.', '## Recovery', 'Backups are kept.']));
    assert.ok(refused(['# Guide', '## Detecting misuse', 'Text.', '## Restoring service', 'Text.']));
    assert.ok(
      !refused([
        '# Runbook',
        '## Detecting misuse',
        'a',
        '## Containing the account',
        'b',
        '## Restoring service',
        'c',
      ]),
    );
    assert.ok(!refused(['# Playbook', '## Containment', 'a', '## Recovery', 'b']));
  });
});
