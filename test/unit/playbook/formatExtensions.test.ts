import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { allSteps, parsePlaybook } from '../../../src/core/playbook/parser';
import { phaseIdsFromHeading } from '../../../src/core/playbook/phaseNames';
import { loadQueryFiles } from '../../../src/core/playbook/queryFiles';
import { applyInsertions, stepIdEdits } from '../../../src/core/playbook/stepIdEdits';
import { runCli } from '../runCli';
import { brief, playbookWith } from './helpers';

const outline = (text: string) => parsePlaybook(text).playbook!.phases.map(p => [p.id, p.steps.map(s => s.id)]);

describe('playbook format: phase aliases', () => {
  it('reads Part N headings, combined headings and translated phase names', () => {
    const cases: [string, string[]][] = [
      ['Part 4b — Recover', ['recovery']],
      ['Part 2 — Detect & Analyze', ['detection-analysis']],
      ['Part 4 — Eradicate & Recover', ['containment-eradication', 'recovery']],
      ['Containment, Eradication and Recovery', ['containment-eradication', 'recovery']],
      ['Vorbereitung', ['preparation']],
      ['Erkennung und Analyse', ['detection-analysis']],
      ['Eindämmung', ['containment-eradication']],
      ['Wiederherstellung', ['recovery']],
      ['Detección y análisis', ['detection-analysis']],
      ['Erradicación', ['containment-eradication']],
      ['Lecciones aprendidas', ['post-incident']],
      ['Détection et analyse', ['detection-analysis']],
      ['Récupération', ['recovery']],
      ['封じ込め', ['containment-eradication']],
      ['リカバリ', ['recovery']],
      ['検出と分析', ['detection-analysis']],
      ['准备', ['preparation']],
      ['遏制和根除', ['containment-eradication']],
      ['恢复', ['recovery']],
      ['事件后活动', ['post-incident']],
      ['Overview', []],
      ['Acquire, Preserve, document evidence', []],
      ['Recovery plan and more words here', []],
    ];
    for (const [heading, ids] of cases) assert.deepEqual(phaseIdsFromHeading(heading), ids, heading);
  });

  it('puts the steps under a combined heading in the phase their titles name', () => {
    const text = playbookWith(
      '## Part 4 — Eradicate & Recover',
      '### 4.1 Remove persistence {#a}',
      '### 4.4 Recovery steps {#b}',
    );
    assert.deepEqual(outline(text), [
      ['containment-eradication', ['a']],
      ['recovery', ['b']],
    ]);
    assert.deepEqual(brief(parsePlaybook(text).diagnostics), []);
  });
});

describe('playbook format: optional step ids and their write-back', () => {
  const text = playbookWith(
    '## Recovery',
    '### Restore the routes',
    '### Tell the owners {severity=high}',
    '### Kept {#kept}',
    '',
  );

  it('derives an id from the title without an error', () => {
    assert.deepEqual(outline(text), [['recovery', ['restore-the-routes', 'tell-the-owners', 'kept']]]);
    assert.deepEqual(brief(parsePlaybook(text).diagnostics), []);
  });

  it('computes the insertions that write the ids into the headings once, so later title edits keep them', () => {
    const edits = stepIdEdits(text);
    assert.deepEqual(edits, [
      { line: 14, offset: 22, text: ' {#restore-the-routes}' },
      { line: 15, offset: 21, text: '#tell-the-owners ' },
    ]);
    const fixed = applyInsertions(text, edits);
    assert.match(
      fixed,
      /### Restore the routes \{#restore-the-routes\}\n### Tell the owners \{#tell-the-owners severity=high\}\n/,
    );
    assert.deepEqual(stepIdEdits(fixed), []);
    const renamed = fixed.replace('Restore the routes', 'Put the approved routes back');
    assert.deepEqual(outline(renamed), [['recovery', ['restore-the-routes', 'tell-the-owners', 'kept']]]);
  });

  it('irp validate --fix writes them into the file', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'irp-fix-'));
    try {
      fs.writeFileSync(path.join(dir, 'p.md'), text.replace(/\n/g, '\r\n'));
      const run = await runCli(['validate', 'p.md', '--fix'], dir);
      assert.equal(run.code, 0);
      assert.match(run.stderr, /wrote the id of 2 step\(s\)/);
      assert.match(
        fs.readFileSync(path.join(dir, 'p.md'), 'utf8'),
        /### Restore the routes \{#restore-the-routes\}\r\n/,
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('playbook format: severity and owner per step', () => {
  it('reads {severity=… owner="…"} after the heading and warns about values it does not know', () => {
    const text = playbookWith(
      '## Containment',
      '### Cut access {#cut severity=critical owner="IR lead"}',
      '### Tidy up {severity=urgent colour=red}',
    );
    const steps = allSteps(parsePlaybook(text).playbook!);
    assert.deepEqual(
      steps.map(s => [s.id, s.title, s.severity, s.owner]),
      [
        ['cut', 'Cut access', 'critical', 'IR lead'],
        ['tidy-up', 'Tidy up', undefined, undefined],
      ],
    );
    assert.deepEqual(brief(parsePlaybook(text).diagnostics), [
      '15:1 warning bad-step-attribute',
      '15:1 warning bad-step-attribute',
    ]);
  });
});

describe('playbook format: reference sections', () => {
  it('lists the sections that name no phase, with their sub-headings, without warnings', () => {
    const text = playbookWith(
      '## Overview',
      'Why this playbook.',
      '### Out of scope',
      'Other incidents.',
      '## Recovery',
      '### R {#r}',
      '## Appendix',
      'Contacts.',
    );
    const result = parsePlaybook(text);
    assert.deepEqual(
      result.playbook!.references!.map(r => [r.title, r.text, r.position.line]),
      [
        ['Overview', 'Why this playbook.\n### Out of scope\nOther incidents.', 13],
        ['Appendix', 'Contacts.', 19],
      ],
    );
    assert.deepEqual(brief(result.diagnostics), []);
  });
});

describe('playbook format: queries in .sql files', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'irp-sqlfile-'));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reads file= relative to the playbook, and refuses paths that leave its folder', () => {
    fs.mkdirSync(path.join(dir, 'queries'));
    fs.writeFileSync(path.join(dir, 'queries', 'by-ip.sql'), 'SELECT * FROM vpc_flow_logs WHERE srcaddr = {{ip}}\n');
    fs.writeFileSync(path.join(os.tmpdir(), 'outside-irp.sql'), 'SELECT 1');
    fs.symlinkSync(path.join(os.tmpdir(), 'outside-irp.sql'), path.join(dir, 'queries', 'link.sql'));
    const text = playbookWith(
      '## Detection',
      '### D {#d}',
      '```athena id=a file=queries/by-ip.sql',
      '```',
      '```athena id=b file=../x.sql',
      '```',
      '```athena id=c file=queries/link.sql',
      '```',
      '```athena id=e file=queries/missing.sql',
      '```',
      '```athena id=f file=queries/by-ip.sql',
      'SELECT 1',
      '```',
    );
    const result = parsePlaybook(text);
    assert.deepEqual(brief(result.diagnostics), ['17:16 error bad-query-file', '23:16 error bad-query-file']);
    const problems = loadQueryFiles(result.playbook!, path.join(dir, 'p.md'));
    assert.deepEqual(
      problems.map(p => `${p.line} ${p.message}`),
      [
        '19:1 query block "c": file=queries/link.sql leads outside the playbook\'s folder',
        '21:1 query block "e": file=queries/missing.sql cannot be read (ENOENT)',
      ].map(s => s.replace(/^(\d+):1/, '$1')),
    );
    const a = result.playbook!.phases[0].steps[0].queries[0];
    assert.deepEqual(
      [a.file, a.text, a.parameters],
      ['queries/by-ip.sql', 'SELECT * FROM vpc_flow_logs WHERE srcaddr = {{ip}}\n', ['ip']],
    );
    fs.rmSync(path.join(os.tmpdir(), 'outside-irp.sql'));
  });
});

describe('playbook format: sample values left in queries', () => {
  it('warns where a query holds a value that will match nothing', () => {
    const text = playbookWith(
      '## Detection',
      '### D {#d}',
      '```athena id=a',
      "SELECT * FROM cloudtrail_logs WHERE useridentity.accesskeyid = 'AKIAIOSFODNN7EXAMPLE'",
      "  AND eventtime > 'START_TIME' AND recipientaccountid = '<ACCOUNT_ID>' AND sourceipaddress = '1.2.3.4'",
      '  AND useridentity.accountid = 123456789012 -- not 123456789012 in a comment',
      "  AND eventname = 'CreateUser' AND action = 'REJECT'",
      '```',
    );
    assert.deepEqual(brief(parsePlaybook(text).diagnostics), [
      '16:64 warning sample-value',
      '17:19 warning sample-value',
      '17:57 warning sample-value',
      '17:94 warning sample-value',
      '18:32 warning sample-value',
    ]);
  });
});

describe('playbook format: the language key', () => {
  const withLanguage = (line: string) =>
    playbookWith('## Preparation', '### Step {#s}').replace('version: 1.0.0', `version: 1.0.0\n${line}`);

  it('reads a language tag in lower case, and none when the key is absent', () => {
    const parsed = parsePlaybook(withLanguage('language: zh-CN'));
    assert.deepEqual(brief(parsed.diagnostics), []);
    assert.equal(parsed.playbook!.language, 'zh-cn');
    assert.equal(parsePlaybook(playbookWith('## Preparation', '### Step {#s}')).playbook!.language, undefined);
  });

  it('reports a value that is not a language tag where it is written, and keeps the rest of the playbook', () => {
    const parsed = parsePlaybook(withLanguage('language: Simplified Chinese'));
    assert.deepEqual(brief(parsed.diagnostics), ['5:11 error front-matter-language']);
    assert.match(parsed.diagnostics[0].message, /"language" must be a language tag such as "en" or "zh-cn"/);
    assert.equal(parsed.playbook!.language, undefined);
    assert.deepEqual(outline(withLanguage('language: Simplified Chinese')), [['preparation', ['s']]]);
  });
});
