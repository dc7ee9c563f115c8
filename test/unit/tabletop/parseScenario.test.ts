import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { slugify } from '../../../src/core/playbook/ids';
import { parseScenario } from '../../../src/core/tabletop/index';
import { minimalScenario, REPO_ROOT } from './helpers';

const BUNDLED = path.join(REPO_ROOT, 'tabletops/leaked-key-open-ssh/scenario.md');

function codes(text: string): string[] {
  return parseScenario(text).diagnostics.map(d => `${d.line}:${d.code}`);
}

describe('tabletop scenario parser', () => {
  it('reads the bundled scenario without a diagnostic', () => {
    const { scenario, diagnostics } = parseScenario(fs.readFileSync(BUNDLED, 'utf8'));
    assert.deepEqual(diagnostics, []);
    assert.ok(scenario);
    assert.equal(scenario.id, 'leaked-key-open-ssh');
    assert.equal(scenario.playbookId, 'unauthorized-network-changes');
    assert.equal(scenario.accountId, '111122223333');
    assert.deepEqual(scenario.regions, ['eu-west-1', 'us-east-1']);
    assert.equal(scenario.story.accessKeyId, 'AKIAWX3N7QGT5LKE2HVR');
    assert.equal(scenario.story.instanceIds?.length, 3);
    assert.ok(scenario.injects.length >= 5 && scenario.injects.length <= 8);
    assert.deepEqual(
      scenario.injects.map(i => i.offsetMinutes),
      [...scenario.injects.map(i => i.offsetMinutes)].sort((a, b) => a - b),
    );
    assert.ok(scenario.questions.length >= 5);
    assert.ok(scenario.findings.length >= 8);
    assert.match(scenario.storyText, /Northwind/);
    assert.match(scenario.facilitatorNotes, /NAT/);
  });

  it('aligns the bundled findings with the shipped playbook step, checklist and question ids', () => {
    const playbook = fs.readFileSync(path.join(REPO_ROOT, 'playbooks/unauthorized-network-changes.md'), 'utf8');
    const { scenario } = parseScenario(fs.readFileSync(BUNDLED, 'utf8'));
    const ids = new Set(Array.from(playbook.matchAll(/\{#([\w.-]+)\}/g), m => m[1]));
    const referenced: string[] = [];
    const walk = (m: unknown): void => {
      const o = m as Record<string, unknown>;
      for (const key of ['step', 'item', 'question']) if (typeof o[key] === 'string') referenced.push(o[key] as string);
      if (Array.isArray(o.of)) o.of.forEach(walk);
    };
    scenario?.findings.forEach(f => walk(f.matcher));
    assert.ok(referenced.length > 0);
    for (const id of referenced) assert.ok(ids.has(id), `playbook has no {#${id}}`);
  });

  it('reads injects, questions and every matcher kind', () => {
    const { scenario, diagnostics } = parseScenario(
      minimalScenario({
        injects: '### T+00:00 · Start {#start}\n\nGo.\n\n### PT1H30M Later\n\nMore.\n\n### T+95m Last one\n\nEnd.\n',
        questions: '1. Who did it? {#who}\n2. Question: What changed?\n   - nested, ignored\n',
        findings: [
          '### Key {#f-key}',
          '',
          'Explained.',
          '',
          '```match',
          'mentions: [AKIAEXAMPLEEXAMPLE12, other]',
          '```',
          '',
          '### Combined',
          '',
          '```match',
          'run: { step: review-cloudtrail, query: sg-rule-changes, minRows: 2 }',
          "matches: '12:4\\d'",
          'answer: { step: s, question: q, contains: x }',
          'checked: { step: s, item: i }',
          'status: { step: s, is: [done, skipped] }',
          "says: [[DeleteAccessKey, 'delet* key'], '12:47']",
          'any:',
          '  - mentions: a',
          '  - run: step-only',
          '```',
        ].join('\n'),
      }),
    );
    assert.deepEqual(diagnostics, []);
    assert.ok(scenario);
    assert.deepEqual(
      scenario.injects.map(i => [i.id, i.offsetMinutes, i.offsetText, i.title]),
      [
        ['start', 0, 'T+00:00', 'Start'],
        ['later', 90, 'PT1H30M', 'Later'],
        ['last-one', 95, 'T+95m', 'Last one'],
      ],
    );
    assert.deepEqual(
      scenario.questions.map(q => [q.id, q.text]),
      [
        ['who', 'Who did it?'],
        ['what-changed', 'What changed?'],
      ],
    );
    assert.deepEqual(scenario.findings[0].matcher, { kind: 'mentions', anyOf: ['AKIAEXAMPLEEXAMPLE12', 'other'] });
    assert.equal(scenario.findings[0].description, 'Explained.');
    assert.equal(scenario.findings[1].id, 'combined');
    assert.deepEqual(scenario.findings[1].matcher, {
      kind: 'all',
      of: [
        { kind: 'run', step: 'review-cloudtrail', minRows: 2, query: 'sg-rule-changes' },
        { kind: 'matches', pattern: '12:4\\d' },
        { kind: 'answer', question: 'q', anyOf: ['x'], step: 's' },
        { kind: 'checked', step: 's', item: 'i' },
        { kind: 'status', step: 's', anyOf: ['done', 'skipped'] },
        { kind: 'says', allOf: [['DeleteAccessKey', 'delet* key'], ['12:47']] },
        {
          kind: 'any',
          of: [
            { kind: 'mentions', anyOf: ['a'] },
            { kind: 'run', step: 'step-only', minRows: 1 },
          ],
        },
      ],
    });
  });

  it('refuses says: terms with a "*" anywhere but at the end of a word, naming the line', () => {
    const { diagnostics } = parseScenario(
      minimalScenario({ findings: "### Key {#f-key}\n\n```match\nsays: ['*key', 'de*lete']\n```\n" }),
    );
    const bad = diagnostics.find(d => d.code === 'invalid-value');
    assert.ok(bad, JSON.stringify(diagnostics));
    assert.match(bad.message, /says: "\*key" is not a term/);
  });

  it('makes ids from titles with the playbook rule (slugify), also for a 40,000-character title', () => {
    const long = `Key ${'- '.repeat(20_000)}end`;
    const title = 'Über-long café title that goes on well past the sixty characters an id may hold';
    const { scenario, diagnostics } = parseScenario(
      minimalScenario({
        injects: `### T+00:00 ${title}\n\nGo.\n\n### T+00:05 ${long}\n\nMore.\n`,
      }),
    );
    assert.deepEqual(diagnostics, []);
    assert.deepEqual(
      scenario?.injects.map(i => i.id),
      [slugify(title, 'item'), slugify(long, 'item')],
    );
  });

  it('refuses matches: patterns that backtrack super-linearly, naming why', () => {
    const evil = ['(a+)+b', '(a|a)*', '(a|ab)*c', '(\\w+\\s?)*$', '(x)\\1', '(?=a)a'];
    for (const pattern of evil) {
      const { scenario, diagnostics } = parseScenario(
        minimalScenario({
          findings: ['### Evil {#evil}', '', '```match', `matches: '${pattern}'`, '```'].join('\n'),
        }),
      );
      const refused = diagnostics.filter(d => d.code === 'invalid-pattern');
      assert.equal(refused.length, 1, pattern);
      assert.match(refused[0].message, /^matches: the pattern is refused at character \d+: /, pattern);
      assert.equal(scenario?.findings.length ?? 0, 0, pattern);
    }
  });

  it('points at the line of each front-matter problem', () => {
    const text = [
      '---',
      'id: Bad Id',
      'title: t',
      'playbook: p',
      'seed: -4',
      'start: yesterday',
      'duration: P30D',
      "account: '12345'",
      'regions: [mars-north-9x]',
      'story:',
      '  accessKeyId: nope',
      '  colour: blue',
      '  times: { deleteKey: later }',
      '---',
      '',
    ].join('\n');
    assert.deepEqual(
      codes(text).sort(),
      [
        '2:invalid-value',
        '5:invalid-value',
        '6:invalid-value',
        '7:invalid-value',
        '8:invalid-value',
        '9:invalid-value',
        '11:invalid-value',
        '12:unknown-key',
        '13:invalid-value',
        '15:missing-section',
        '15:missing-section',
        '15:missing-section',
        '15:missing-section',
      ].sort(),
    );
  });

  it('reports missing front matter, unclosed front matter and YAML errors without throwing', () => {
    assert.ok(codes('# Just markdown\n').includes('1:missing-front-matter'));
    assert.ok(codes('---\nid: x\n').includes('1:unclosed-front-matter'));
    assert.ok(codes('---\nid: [unclosed\n---\n').some(c => c.endsWith('invalid-front-matter')));
    assert.equal(parseScenario('---\nid: x\n').scenario, undefined);
  });

  it('reports body problems at their lines', () => {
    const text = minimalScenario({
      injects: '### Sometime later\n\nNo time.\n',
      questions: '- Same {#dup}\n- Again {#dup}\n',
      findings:
        '### No matcher\n\nText.\n\n### Bad matcher\n\n```match\nrun: { minRows: lots }\nfrobnicate: 1\n```\n\n### Broken yaml\n\n```match\nmentions: [a\n```\n',
      extra: '## Appendix\n\nStuff.\n',
    });
    const lines = text.split('\n');
    const lineOf = (s: string) => lines.findIndex(l => l.includes(s)) + 1;
    const got = codes(text);
    assert.ok(got.includes(`${lineOf('### Sometime later')}:invalid-inject-time`), got.join(' '));
    assert.ok(got.includes(`${lineOf('Again {#dup}')}:duplicate-id`), got.join(' '));
    assert.ok(got.includes(`${lineOf('### No matcher')}:missing-matcher`), got.join(' '));
    assert.ok(got.includes(`${lineOf('run: { minRows')}:missing-key`), got.join(' '));
    assert.ok(got.includes(`${lineOf('run: { minRows')}:invalid-value`), got.join(' '));
    assert.ok(got.includes(`${lineOf('frobnicate')}:unknown-matcher`), got.join(' '));
    assert.ok(
      got.some(c => c.endsWith(':invalid-matcher')),
      got.join(' '),
    );
    assert.ok(got.includes(`${lineOf('## Appendix')}:unknown-section`), got.join(' '));
    assert.equal(parseScenario(text).scenario?.findings.length, 0);
  });

  it('answers arbitrary input with errors that name a line, never by throwing', () => {
    const samples = [
      '',
      '---',
      '---\n---\n',
      '---\n- a\n---\n## Injects\n### T+99:99\n',
      '\u0000\uFEFF---\r\nid: a\r\n---\r\n## Expected findings\r\n### x\r\n```match\r\n```\r\n',
      '---\nid: a\nstory: 5\nregions: 7\n---\n## Questions\n-\n',
      '---\nid: a\n---\n## Expected findings\n### f\n```match\nall: []\nany: x\n```\n',
    ];
    for (const s of samples) {
      const { scenario, diagnostics } = parseScenario(s);
      const errors = diagnostics.filter(d => d.severity === 'error');
      // None of these is a usable scenario: each gets at least one error naming a line of the input.
      assert.ok(errors.length > 0, JSON.stringify(s));
      const lines = s.split(/\r?\n/).length;
      for (const e of errors) assert.ok(e.line >= 1 && e.line <= lines, `${JSON.stringify(s)}: line ${e.line}`);
      if (scenario)
        assert.ok(
          errors.some(e => e.code === 'missing-key'),
          JSON.stringify(s),
        );
    }
  });
});
