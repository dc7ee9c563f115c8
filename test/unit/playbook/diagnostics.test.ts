import * as assert from 'node:assert/strict';
import { MAX_DIAGNOSTICS } from '../../../src/core/playbook/diagnostics';
import { parsePlaybook } from '../../../src/core/playbook/parser';
import { brief, playbookWith } from './helpers';

/** Diagnostics of a text, as "line:column severity code". */
function problems(text: string): string[] {
  return brief(parsePlaybook(text).diagnostics);
}

const STEP = ['## Detection', '### S {#s}'];

describe('parsePlaybook diagnostics: front matter', () => {
  it('reports a missing front matter, and nothing more when the phases are fine', () => {
    const result = parsePlaybook('## Recovery\n### Restore {#restore}\n');
    assert.deepEqual(brief(result.diagnostics), ['1:1 error front-matter-missing']);
    assert.equal(result.playbook, undefined);
  });

  it('reports a front matter that is never closed, and still reads the phases', () => {
    const result = parsePlaybook('---\nid: a\ntitle: A\n## Recovery\n');
    assert.deepEqual(brief(result.diagnostics), ['1:1 error front-matter-unclosed']);
    assert.equal(result.playbook, undefined);
  });

  it('reports invalid YAML where the YAML parser stopped', () => {
    assert.deepEqual(problems('---\nid: a\ntitle: [x\nversion: 1\n---\n## Recovery\n### S {#s}\n'), [
      '3:8 error front-matter-type',
      '4:1 error front-matter-yaml',
    ]);
  });

  it('reports missing id, title and version, and keeps no playbook without an id', () => {
    const result = parsePlaybook('---\ndescription: d\n---\n## Recovery\n');
    assert.deepEqual(brief(result.diagnostics), [
      '1:1 error front-matter-missing-field',
      '1:1 error front-matter-missing-field',
      '1:1 error front-matter-missing-field',
    ]);
    assert.deepEqual(
      result.diagnostics.map(d => d.message.match(/"(\w+)"/)?.[1]),
      ['id', 'title', 'version'],
    );
    assert.equal(result.playbook, undefined);
  });

  it('keeps a playbook with an id even when other fields are wrong', () => {
    const result = parsePlaybook('---\nid: a\n---\n## Recovery\n');
    assert.equal(result.playbook?.id, 'a');
    assert.equal(result.playbook?.title, 'a');
  });

  it('reports a front matter that is not a mapping', () => {
    assert.deepEqual(problems('---\n- a\n---\n'), ['2:1 error front-matter-type', '4:1 error no-phases']);
  });

  it('reports wrong types, bad names, unknown types and bad fields where they are written', () => {
    const text = [
      '---',
      'id: Bad_Id',
      'title:',
      '  nested: map',
      'version: [1]',
      'parameters:',
      '  Bad-Name:',
      '    type: ip',
      '  addr:',
      '    type: ipaddress',
      '  t:',
      '    label: x',
      '  s:',
      '    type: string',
      '    pattern: "(["',
      '    default: 3',
      '    required: yes',
      '    colour: red',
      '  n: ip',
      '  w:',
      '    type: timeWindow',
      '    default: yesterday',
      '  k:',
      '    type: integer',
      '    pattern: "x"',
      '---',
      '## Recovery',
      '### S {#s}',
    ].join('\n');
    assert.deepEqual(problems(text), [
      '2:5 error front-matter-id',
      '4:3 error front-matter-type',
      '5:10 error front-matter-type',
      '7:3 error bad-parameter-name',
      '10:11 error unknown-parameter-type',
      '11:3 error unknown-parameter-type',
      '15:14 error bad-pattern',
      '17:15 error front-matter-type',
      '18:5 warning unknown-parameter-field',
      '19:6 error front-matter-type',
      '22:14 error bad-parameter-default',
      '25:14 warning unused-pattern',
    ]);
    const params = parsePlaybook(text).playbook!.parameters;
    assert.deepEqual(
      params.map(p => p.name),
      ['s', 'w', 'k'],
    );
  });

  it('does not report references to a parameter whose declaration is already reported', () => {
    const text = [
      '---',
      'id: a',
      'title: A',
      'version: 1',
      'parameters:',
      '  addr:',
      '    type: ipaddress',
      '---',
      ...STEP,
      '```athena id=q',
      'SELECT {{addr}}',
      '```',
    ].join('\n');
    assert.deepEqual(problems(text), ['7:11 error unknown-parameter-type']);
  });
});

describe('parsePlaybook diagnostics: phases and steps', () => {
  it('reports a playbook without phases', () => {
    assert.deepEqual(problems(playbookWith('Just text.')), ['13:1 error no-phases']);
    assert.deepEqual(problems(playbookWith()), ['12:1 error no-phases']);
  });

  it('reports steps outside phases (an error only with an explicit id); a heading naming no phase is a reference', () => {
    const text = playbookWith(
      '### Early {#early}',
      '### Early plain',
      '## Recovery',
      '### R {#r}',
      '## Overview',
      '### Sub',
      '### Misplaced {#misplaced}',
    );
    assert.deepEqual(problems(text), [
      '13:1 error step-outside-phase',
      '14:1 warning step-outside-phase',
      '19:1 error step-outside-phase',
    ]);
    const references = parsePlaybook(text).playbook!.references!;
    assert.deepEqual(
      references.map(r => [r.title, r.position.line]),
      [['Overview', 17]],
    );
    assert.equal(references[0].text, '### Sub\n### Misplaced {#misplaced}');
  });

  it('derives a missing step id from the title, and reports duplicate and malformed ids, keeping every step', () => {
    const text = playbookWith('## Recovery', '### No id here', '### One {#one}', '### Two {#one}', '### Bad {#bad/id}');
    assert.deepEqual(problems(text), ['16:9 error duplicate-step-id', '17:9 error bad-id']);
    assert.deepEqual(
      parsePlaybook(text).playbook!.phases[0].steps.map(s => s.id),
      ['no-id-here', 'one', 'one-2', 'bad/id'],
    );
  });

  it('reports duplicate checklist and question ids within a step', () => {
    assert.deepEqual(
      problems(playbookWith(...STEP, '- [ ] a {#x}', '- [ ] b {#x}', '- Question: q? {#y}', '- Question: r? {#y}')),
      ['16:9 error duplicate-checklist-id', '18:16 error duplicate-question-id'],
    );
  });

  it('warns about checklist items, questions and queries outside a step, and empty items', () => {
    assert.deepEqual(
      problems(
        playbookWith(
          '- [ ] intro item',
          '- Question: intro?',
          '```athena id=q',
          'SELECT 1',
          '```',
          '## Recovery',
          '### S {#s}',
          '- [ ]',
          '- Question:',
        ),
      ),
      [
        '13:3 warning checklist-outside-step',
        '14:3 warning question-outside-step',
        '15:1 warning query-outside-step',
        '20:3 warning empty-checklist',
        '21:3 warning empty-question',
      ],
    );
  });
});

describe('parsePlaybook diagnostics: code fences and query blocks', () => {
  it('reports an unclosed fence at its opening marker, at the end of the file, a list item or a quote', () => {
    assert.deepEqual(problems(playbookWith(...STEP, 'text', '  ~~~~python', 'x = 1', '~~~')), [
      '16:3 error unclosed-fence',
    ]);
    assert.deepEqual(problems(playbookWith(...STEP, '- item', '  ```athena id=open', '  SELECT 1', 'not indented')), [
      '16:3 error unclosed-fence',
    ]);
    assert.deepEqual(problems(playbookWith(...STEP, '> ```local id=l', '> SELECT 1', '> ``', 'after')), [
      '15:3 error unclosed-fence',
    ]);
    assert.deepEqual(problems(playbookWith(...STEP, '```')), ['15:1 error unclosed-fence']);
  });

  it('accepts a closing fence that is longer than the opening one, or indented in a list', () => {
    assert.deepEqual(
      problems(playbookWith(...STEP, '```athena id=a', 'SELECT 1', '`````', '- item', '  ```', '  x', '  ```')),
      [],
    );
  });

  it('reports an unknown engine when the info string has an id, and leaves other code alone', () => {
    assert.deepEqual(
      problems(
        playbookWith(...STEP, '```sql id=x', 'SELECT 1', '```', '```sql', 'SELECT 1', '```', '``` id=y', 'x', '```'),
      ),
      ['15:4 error unknown-engine', '21:5 error unknown-engine'],
    );
  });

  it('reports a query block without id, with a duplicate id, or with an empty body', () => {
    assert.deepEqual(
      problems(
        playbookWith(
          ...STEP,
          '```athena title=x',
          'SELECT 1',
          '```',
          '```athena id=a',
          'SELECT 1',
          '```',
          '```local id=a',
          'SELECT 1',
          '```',
          '```cloudtrail id=e',
          '',
          '```',
        ),
      ),
      ['15:1 error missing-query-id', '21:10 error duplicate-query-id', '24:1 error empty-query'],
    );
  });

  it('reports placeholders naming undeclared parameters, at the placeholder', () => {
    const result = parsePlaybook(
      playbookWith(...STEP, '```athena id=a', 'SELECT * FROM t WHERE ip = {{ip}} AND x = {{nope}}', '```'),
    );
    assert.deepEqual(brief(result.diagnostics), ['16:43 error undeclared-parameter']);
    assert.match(result.diagnostics[0].message, /\{\{nope\}\}/);
    assert.deepEqual(result.playbook!.phases[0].steps[0].queries[0].parameters, ['ip', 'nope']);
  });

  it('reports .start/.end on a non-window, a bare window, malformed and quoted placeholders', () => {
    assert.deepEqual(
      problems(
        playbookWith(
          ...STEP,
          '```athena id=a',
          "WHERE t > {{window}} AND ip = {{ip.start}} AND '{{ip}}' <> {{ Window }}",
          '```',
        ),
      ),
      [
        '16:11 error bad-placeholder-part',
        '16:31 error bad-placeholder-part',
        '16:49 error quoted-placeholder',
        '16:60 error bad-placeholder',
      ],
    );
  });

  it('finds placeholder columns in blocks indented in a list or quoted', () => {
    assert.deepEqual(
      problems(
        playbookWith(
          ...STEP,
          '1. step',
          '   ```athena id=a',
          '   SELECT {{nope}}',
          '   ```',
          '> ```local id=b',
          '> SELECT {{nope2}}',
          '> ```',
        ),
      ),
      ['17:11 error undeclared-parameter', '20:10 error undeclared-parameter'],
    );
  });

  it('reports bad lines of a cloudtrail lookup body, and leaves a valid one alone', () => {
    assert.deepEqual(
      problems(
        playbookWith(
          ...STEP,
          '```cloudtrail id=c',
          'attribute: Color=red',
          '  bogus line',
          'start: {{window.start}}',
          'end: {{window.end}}',
          'regions: all',
          'world-open: true',
          '```',
        ),
      ),
      ['16:1 error bad-lookup', '17:3 error bad-lookup'],
    );
  });

  it('warns about unknown attributes and words that are not key=value', () => {
    assert.deepEqual(
      problems(playbookWith(...STEP, '```cloudtrail id=c foo=bar stray title="A title"', 'regions: all', '```')),
      ['15:20 warning bad-query-attribute', '15:28 warning bad-query-attribute'],
    );
  });

  it('reports variant-of naming no athena block, or one in another step, or on a non-local block', () => {
    assert.deepEqual(
      problems(
        playbookWith(
          ...STEP,
          '```local id=v variant-of=zzz',
          'SELECT 1',
          '```',
          '```local id=v2 variant-of=other',
          'SELECT 1',
          '```',
          '```athena id=e variant-of=v',
          'SELECT 1',
          '```',
          '```local id=ok variant-of=e',
          'SELECT 1',
          '```',
          '### T {#t}',
          '```athena id=other',
          'SELECT 1',
          '```',
        ),
      ),
      ['15:15 error bad-variant-of', '18:16 error bad-variant-of', '21:16 warning bad-query-attribute'],
    );
  });

  it('reports a malformed query id', () => {
    assert.deepEqual(problems(playbookWith(...STEP, '```athena id=-bad', 'SELECT 1', '```')), ['15:11 error bad-id']);
  });
});

describe('parsePlaybook diagnostics: volume', () => {
  it(`lists at most ${MAX_DIAGNOSTICS} problems, then says how many more there are`, () => {
    const result = parsePlaybook(
      playbookWith(...STEP, '```athena id=a', '{{nope}} '.repeat(MAX_DIAGNOSTICS + 10), '```'),
    );
    assert.equal(result.diagnostics.length, MAX_DIAGNOSTICS + 1);
    const last = result.diagnostics[MAX_DIAGNOSTICS];
    assert.equal(last.code, 'too-many-problems');
    assert.match(last.message, /^10 more/);
  });
});
