import * as assert from 'node:assert/strict';
import type { Playbook } from '../../../src/core/playbook/model';
import { parsePlaybook } from '../../../src/core/playbook/parser';
import { adjacentStep, allQueries, allSteps, findQuery, findStep } from '../../../src/core/playbook/query';
import { brief, playbookWith, readRepoFile } from './helpers';

function parseFixture(): Playbook {
  const result = parsePlaybook(readRepoFile('test/fixtures/playbook/complete.md'));
  assert.deepEqual(brief(result.diagnostics), []);
  assert.ok(result.playbook);
  return result.playbook;
}

describe('parsePlaybook on a playbook using every construct', () => {
  const playbook = parseFixture();

  it('reads the front matter, keeping the version as written', () => {
    assert.equal(playbook.id, 'sample-network-changes');
    assert.equal(playbook.title, 'Sample network changes');
    assert.equal(playbook.version, '1.0');
    assert.equal(playbook.description, 'Every construct of the playbook format, once.');
    assert.deepEqual(
      playbook.parameters.map(p => [p.name, p.type, p.label, p.required, p.default]),
      [
        ['access_key_id', 'accessKeyId', 'Access key that made the changes', false, undefined],
        ['window', 'timeWindow', 'Investigation window', false, 'P7D'],
        ['source_ip', 'ip', 'Source address', true, undefined],
      ],
    );
    assert.deepEqual(playbook.parameters[0].position, { line: 7, column: 3 });
  });

  it('keeps the introduction without the title heading', () => {
    assert.equal(playbook.introduction, 'This introduction sits between the title and the first phase.');
  });

  it('finds the five phases in the order written, appending a phase that appears twice', () => {
    assert.deepEqual(
      playbook.phases.map(p => [p.id, p.title, p.position.line]),
      [
        ['preparation', '1. Preparation', 24],
        ['detection-analysis', 'Detection & Analysis', 44],
        ['containment-eradication', 'Containment and Eradication', 78],
        ['recovery', 'Recovery', 84],
        ['post-incident', 'Lessons Learned', 90],
      ],
    );
    assert.deepEqual(
      playbook.phases[1].steps.map(s => s.id),
      ['review-sg-changes', 'late-detection'],
    );
    assert.equal(playbook.phases[0].introduction, 'Before anything happens.');
  });

  it('reads steps with ids, titles, phase and position; a tab before the id is fine', () => {
    assert.deepEqual(
      allSteps(playbook).map(s => [s.id, s.title, s.phaseId, s.position.line]),
      [
        ['contacts', 'Know who to call', 'preparation', 28],
        ['logging', 'Check logging', 'preparation', 39],
        ['review-sg-changes', 'Review security group changes', 'detection-analysis', 46],
        ['late-detection', 'A second detection step', 'detection-analysis', 98],
        ['revoke', 'Revoke the rules', 'containment-eradication', 80],
        ['restore', 'Restore service', 'recovery', 86],
        ['review', 'Review the incident', 'post-incident', 92],
      ],
    );
  });

  it('picks out checklist items with explicit, slugged and de-duplicated ids', () => {
    const contacts = findStep(playbook, 'contacts')!;
    assert.deepEqual(contacts.checklist, [
      { id: 'rota', text: 'Confirm the on-call rota', position: { line: 32, column: 3 } },
      { id: 'print-the-escalation-tree', text: 'Print the escalation tree', position: { line: 33, column: 3 } },
    ]);
    assert.deepEqual(
      findStep(playbook, 'logging')!.checklist.map(c => c.id),
      ['turn-on-cloudtrail-in-every-region', 'turn-on-cloudtrail-in-every-region-2'],
    );
  });

  it('picks out questions with their suggested answers, plain or bold "Question:"', () => {
    assert.deepEqual(findStep(playbook, 'contacts')!.questions, [
      {
        id: 'which-channel-do-responders-use',
        text: 'Which channel do responders use?',
        suggestions: ['Phone bridge', 'Chat channel'],
        position: { line: 34, column: 3 },
      },
    ]);
    const approved = findStep(playbook, 'review-sg-changes')!.questions;
    assert.deepEqual(
      approved.map(q => [q.id, q.text, q.suggestions]),
      [['approved', 'Was the change approved?', ['Yes, by change ticket', 'No']]],
    );
    assert.deepEqual(
      findStep(playbook, 'review')!.questions.map(q => [q.id, q.suggestions]),
      [['what-would-have-caught-this-sooner', []]],
    );
  });

  it('reads query blocks of every engine, also when nested in a list', () => {
    const queries = findStep(playbook, 'review-sg-changes')!.queries;
    assert.deepEqual(
      queries.map(q => [q.id, q.engine, q.title, q.parameters, q.variantOf, q.position]),
      [
        ['sg-ingress', 'cloudtrail', 'Ingress rules added', ['window'], undefined, { line: 50, column: 1 }],
        ['rejected-ssh', 'athena', 'Rejected SSH', ['source_ip', 'window'], undefined, { line: 59, column: 4 }],
        ['rejected-ssh-local', 'local', 'rejected-ssh-local', ['source_ip'], 'rejected-ssh', { line: 66, column: 4 }],
      ],
    );
    assert.equal(
      queries[0].text,
      'attribute: EventName=AuthorizeSecurityGroupIngress\nstart: {{window.start}}\nend: {{window.end}}\nregions: all\n',
    );
    assert.ok(queries[1].text.startsWith('SELECT srcaddr, count(*) AS attempts\nFROM vpc_flow_logs\n'));
  });

  it('leaves guidance readable: structured parts gone, ordinary markdown kept', () => {
    assert.equal(
      findStep(playbook, 'contacts')!.guidance,
      'Keep the contact list current.\n\n- A plain bullet that stays in the guidance.',
    );
    assert.equal(findStep(playbook, 'logging')!.guidance, '');
    assert.equal(
      findStep(playbook, 'review-sg-changes')!.guidance,
      [
        'Look at who opened what.',
        '',
        '1. Run the Athena query:',
        '',
        '```json',
        '{ "an": "ordinary code block stays in the guidance" }',
        '```',
      ].join('\n'),
    );
  });

  it('offers look-ups by id', () => {
    assert.equal(findStep(playbook, 'nope'), undefined);
    assert.equal(allQueries(playbook).length, 3);
    assert.equal(findQuery(playbook, 'rejected-ssh')?.step.id, 'review-sg-changes');
    assert.equal(findQuery(playbook, 'nope'), undefined);
    assert.equal(adjacentStep(playbook, 'logging', 1)?.id, 'review-sg-changes');
    assert.equal(adjacentStep(playbook, 'contacts', -1), undefined);
    assert.equal(adjacentStep(playbook, 'review', 1), undefined);
  });
});

describe('parsePlaybook tolerates how real files are written', () => {
  const body = [
    '# Title',
    '## Preparation ##',
    '### [Set up](https://example.com) *logging* `now` {#setup} ###',
    '- [ ] Item',
    '## DETECTION & ANALYSIS',
    '### Look {#look}',
  ];

  it('reads the same playbook with LF, CRLF and a BOM', () => {
    const lf = parsePlaybook(playbookWith(...body));
    const crlf = parsePlaybook(`\uFEFF${playbookWith(...body).replace(/\n/g, '\r\n')}`);
    assert.deepEqual(brief(lf.diagnostics), []);
    assert.deepEqual(crlf, lf);
  });

  it('takes heading text from links, emphasis and code, and drops closing #s', () => {
    const playbook = parsePlaybook(playbookWith(...body)).playbook!;
    assert.deepEqual(
      allSteps(playbook).map(s => [s.id, s.title]),
      [
        ['setup', 'Set up logging now'],
        ['look', 'Look'],
      ],
    );
    assert.equal(playbook.phases[1].id, 'detection-analysis');
    assert.equal(findStep(playbook, 'setup')!.checklist[0].text, 'Item');
  });

  it('accepts the usual spellings of the phases', () => {
    const headings = [
      'Part 1 — Prepare',
      '2. Detection',
      'Analysis',
      '[**CONTAINMENT**]',
      'Eradication',
      'Phase 4: Recovery',
      'Post-Incident Activities',
      'Post Incident Activity',
    ];
    const playbook = parsePlaybook(playbookWith(...headings.map(h => `## ${h}`))).playbook!;
    assert.deepEqual(
      playbook.phases.map(p => p.id),
      ['preparation', 'detection-analysis', 'containment-eradication', 'recovery', 'post-incident'],
    );
  });

  it('accepts ids written with spaces or Pandoc attributes, and answer choices written as task items', () => {
    const result = parsePlaybook(
      playbookWith(
        '## Step 2: Detect',
        '### Look { #look }',
        '### Again {#again .unnumbered}',
        '- Question: Who? { #who }',
        '  - [ ] Alice',
        '  - [x] Bob',
      ),
    );
    assert.deepEqual(brief(result.diagnostics), []);
    const playbook = result.playbook!;
    assert.deepEqual(
      allSteps(playbook).map(s => [s.id, s.title, s.phaseId]),
      [
        ['look', 'Look', 'detection-analysis'],
        ['again', 'Again', 'detection-analysis'],
      ],
    );
    assert.deepEqual(
      findStep(playbook, 'again')!.questions.map(q => [q.id, q.suggestions]),
      [['who', ['Alice', 'Bob']]],
    );
  });

  it('accepts tabs and a checked task item', () => {
    const playbook = parsePlaybook(
      playbookWith('## Recovery', '###\tRestore\t{#restore}', '-\t[x]\tDone already'),
    ).playbook!;
    assert.deepEqual(
      findStep(playbook, 'restore')!.checklist.map(c => c.text),
      ['Done already'],
    );
  });

  it('treats headings inside lists and quotes as guidance, and H4 as part of the step', () => {
    const playbook = parsePlaybook(
      playbookWith('## Recovery', '### Restore {#restore}', '> ## Not a phase', '#### Detail', 'Text'),
    ).playbook!;
    assert.equal(findStep(playbook, 'restore')!.guidance, '> ## Not a phase\n#### Detail\nText');
  });

  it('keeps a level-3 heading before the first phase in the introduction', () => {
    const result = parsePlaybook(
      playbookWith('# Title', 'Intro.', '### Objectives', 'Find the change.', '## Recovery', '### R {#r}'),
    );
    assert.deepEqual(brief(result.diagnostics), ['15:1 warning step-outside-phase']);
    assert.equal(result.playbook!.introduction, 'Intro.\n### Objectives\nFind the change.');
  });

  it('keeps ordinary code fences and a nested list inside a checklist item out of the guidance', () => {
    const playbook = parsePlaybook(
      playbookWith('## Recovery', '### Restore {#restore}', '- [ ] Parent', '  - [ ] Child', '', 'After'),
    ).playbook!;
    const step = findStep(playbook, 'restore')!;
    assert.deepEqual(
      step.checklist.map(c => c.id),
      ['parent', 'child'],
    );
    assert.equal(step.guidance, 'After');
  });
});
