import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../runCli';
import { playbookWith, REPO_ROOT } from './helpers';

const irp = (...argv: string[]) => runCli(argv, REPO_ROOT);

describe('irp validate', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'irp-validate-'));
  const broken = path.join(dir, 'broken.md');
  const warned = path.join(dir, 'warned.md');
  fs.writeFileSync(
    broken,
    playbookWith('## Recovery', '### Restore {#restore}', '```athena id=q', 'SELECT {{nope}}', '```'),
  );
  fs.writeFileSync(warned, playbookWith('### Stray', '## Overview', '## Recovery', '### Restore {#restore}'));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('exits 0 for a valid playbook and prints a summary line', async () => {
    const run = await irp('validate', 'test/fixtures/playbook/complete.md');
    assert.equal(run.code, 0);
    assert.equal(run.stderr, '');
    assert.equal(
      run.stdout,
      'test/fixtures/playbook/complete.md: valid: 0 error(s), 0 warning(s); 5 phase(s), 7 step(s), 3 query block(s)\n',
    );
  });

  it('exits 0 with warnings, printing them as file:line:column', async () => {
    const run = await irp('validate', warned);
    assert.equal(run.code, 0);
    assert.match(
      run.stdout,
      new RegExp(`^${warned.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:13:1: warning: step "Stray" is not under a phase`),
    );
    assert.match(run.stdout, /: valid: 0 error\(s\), 1 warning\(s\); 1 phase\(s\), 1 step\(s\), 0 query block\(s\)\n$/);
  });

  it('exits 1 on errors, one line per problem then the summary', async () => {
    const run = await irp('validate', broken);
    assert.equal(run.code, 1);
    const lines = run.stdout.trimEnd().split('\n');
    assert.equal(lines.length, 2);
    assert.equal(
      lines[0],
      `${broken}:16:8: error: {{nope}} refers to "nope", which the front matter does not declare under parameters`,
    );
    assert.match(lines[1], /: invalid: 1 error\(s\), 0 warning\(s\)/);
  });

  it('prints exactly the documented JSON with --json', async () => {
    const run = await irp('validate', '--json', broken);
    assert.equal(run.code, 1);
    assert.deepEqual(JSON.parse(run.stdout), {
      playbook: {
        id: 'test-playbook',
        title: 'Test playbook',
        phases: [
          {
            id: 'recovery',
            title: 'Recovery',
            steps: [{ id: 'restore', title: 'Restore', queries: [{ engine: 'athena' }] }],
          },
        ],
      },
      diagnostics: [
        {
          line: 16,
          column: 8,
          severity: 'error',
          message: '{{nope}} refers to "nope", which the front matter does not declare under parameters',
        },
      ],
    });
  });

  it('prints a null playbook in JSON when the front matter has no id', async () => {
    const noId = path.join(dir, 'no-id.md');
    fs.writeFileSync(noId, '# Just a document\n');
    const run = await irp('validate', noId, '--json');
    assert.equal(run.code, 1);
    const out = JSON.parse(run.stdout);
    assert.equal(out.playbook, null);
    assert.deepEqual(
      out.diagnostics.map((d: { line: number; column: number }) => [d.line, d.column]),
      [
        [1, 1],
        [1, 1],
      ],
    );
  });

  it('refuses a pattern that backtracks exponentially, at its line and column, saying how to rewrite it', async () => {
    const evil = path.join(dir, 'evil.md');
    fs.writeFileSync(
      evil,
      [
        '---',
        'id: evil',
        'title: Evil',
        'version: 1',
        'parameters:',
        '  name:',
        '    type: string',
        "    pattern: '(a+)+b'",
        `    default: '${'a'.repeat(35)}'`,
        '---',
        '## Recovery',
        '### Restore {#restore}',
      ].join('\n'),
    );
    const run = await irp('validate', evil);
    assert.equal(run.code, 1);
    const lines = run.stdout.trimEnd().split('\n');
    assert.equal(lines.length, 2);
    assert.match(
      lines[0],
      new RegExp(
        `^${evil.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:8:14: error: parameter "name": ` +
          'pattern is refused at character 1: "\\(a\\+\\)\\+" repeats a part that itself repeats .*nested quantifiers.*' +
          'Use one repeat',
      ),
    );
    assert.match(lines[1], /: invalid: 1 error\(s\), 0 warning\(s\)/);
  });

  it('exits 2 with a message for usage errors and unreadable files', async () => {
    for (const [argv, message] of [
      [['validate'], /which playbook\?/],
      [['validate', 'a.md', '--strict'], /unknown option "--strict"/],
      [['validate', 'a.md', 'b.md'], /one playbook at a time/],
      [['validate', 'no/such/file.md'], /cannot read "no\/such\/file.md": ENOENT/],
      [['validate', dir], /cannot read ".*": it is a directory/],
    ] as const) {
      const run = await irp(...argv);
      assert.equal(run.code, 2, argv.join(' '));
      assert.equal(run.stdout, '');
      assert.match(run.stderr, /^irp validate: /);
      assert.match(run.stderr, message);
    }
  });
});
