import * as assert from 'node:assert/strict';
import { parseLookupSpec } from '../../../src/core/playbook/lookupSpec';
import type { ParameterDefinition } from '../../../src/core/playbook/model';

const WINDOW: ParameterDefinition = {
  name: 'window',
  type: 'timeWindow',
  label: 'Window',
  required: false,
  position: { line: 1, column: 1 },
};
const BODY = [
  '# added rules',
  'attribute: EventName=AuthorizeSecurityGroupIngress',
  'Attribute: EventName = AuthorizeSecurityGroupEgress',
  '',
  'start: {{window.start}}',
  'end: {{window.end}}',
  'regions: eu-west-1, us-east-1,',
  'world-open: true',
].join('\n');

describe('parseLookupSpec', () => {
  it('reads attributes, window, regions and the world-open filter with values', () => {
    const { spec, problems } = parseLookupSpec(BODY, { window: '2026-11-19T00:00:00Z/2026-11-20T00:00:00Z' }, [WINDOW]);
    assert.deepEqual(problems, []);
    assert.deepEqual(spec, {
      attributes: [
        { key: 'EventName', value: 'AuthorizeSecurityGroupIngress' },
        { key: 'EventName', value: 'AuthorizeSecurityGroupEgress' },
      ],
      start: new Date('2026-11-19T00:00:00Z'),
      end: new Date('2026-11-20T00:00:00Z'),
      regions: ['eu-west-1', 'us-east-1'],
      worldOpen: true,
    });
  });

  it('checks only the shape without values, leaving placeholders alone', () => {
    const { spec, problems } = parseLookupSpec(BODY);
    assert.deepEqual(problems, []);
    assert.equal(spec.start, undefined);
    assert.equal(spec.attributes.length, 2);
  });

  it('reads "regions: all" and defaults to the current region and no filter', () => {
    assert.equal(parseLookupSpec('regions: all').spec.regions, 'all');
    assert.deepEqual(parseLookupSpec(''), { spec: { attributes: [], worldOpen: false }, problems: [] });
  });

  it('reports unknown lines, bad attributes and bad times with 0-based body lines', () => {
    const { problems } = parseLookupSpec(
      'attribute: Colour=red\nattribute EventName\nfoo: bar\nstart: {{window.start}}\nend: later',
      { window: 'bad' },
      [WINDOW],
    );
    assert.deepEqual(
      problems.map(p => p.line),
      [0, 1, 2, 3, 4],
    );
    assert.match(problems[0].message, /Key one of EventId, EventName/);
    assert.match(problems[2].message, /unknown lookup line "foo: bar"/);
    assert.match(problems[3].message, /Window \(window\) must be start\/end/);
    assert.match(problems[4].message, /end is not a time: "later"/);
  });
});
