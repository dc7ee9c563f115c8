import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import type { QueryRequest } from '../../../src/core/engine/types';
import type { ParameterDefinition } from '../../../src/core/playbook/model';
import { parseReport, renderReport } from '../../../src/core/report';
import { resolvedQuery } from '../../../src/core/run/resolvedQuery';
import { filledState, playbook, run } from '../report/fixtures';
import { HOSTILE } from '../report/hostile';

const at = { line: 1, column: 1 };
const def = (name: string, type: ParameterDefinition['type'], pattern?: string): ParameterDefinition => ({
  name,
  type,
  label: name,
  required: true,
  position: at,
  ...(pattern ? { pattern } : {}),
});
const definitions = [def('window', 'timeWindow'), def('user', 'string', '.*'), def('limit', 'integer')];
const now = new Date('2026-11-29T10:00:00Z');
const request = (engine: QueryRequest['engine'], text: string, parameters: Record<string, string>): QueryRequest => ({
  engine,
  queryId: 'q',
  text,
  parameters,
  definitions,
});
/** Values an attacker could get into a parameter (a user name copied from a log). */
const HOSTILE_VALUES = ["o'brien", "x' OR '1'='1", "'; DROP TABLE t; --", "a''b", "\\'", '$(id) `id` "q"', 'ü\t中'];

describe('resolvedQuery', () => {
  it('writes the actual window start and end, and numbers bare, into SQL', () => {
    const text =
      'SELECT * FROM t WHERE ts BETWEEN {{window.start}} AND {{window.end}} AND u = {{ user }} LIMIT {{limit}}';
    const sql = resolvedQuery(request('athena', text, { window: 'P1D', user: 'alice', limit: '50' }), now);
    assert.equal(
      sql,
      "SELECT * FROM t WHERE ts BETWEEN '2026-11-28T10:00:00Z' AND '2026-11-29T10:00:00Z' AND u = 'alice' LIMIT 50",
    );
  });

  for (const value of HOSTILE_VALUES) {
    it(`keeps the hostile value ${JSON.stringify(value)} inside one SQL string literal`, () => {
      const sql = resolvedQuery(request('local', 'SELECT {{user}} AS v', { window: 'P1D', user: value }), now);
      // The literal reads back to the value: quotes doubled, nothing else touched, nothing outside it.
      const match = /^SELECT '((?:[^']|'')*)' AS v$/s.exec(sql);
      assert.ok(match, `not one literal: ${sql}`);
      assert.equal(match[1].replace(/''/g, "'"), value);
    });
  }

  it('refuses what the engine would refuse instead of writing it in', () => {
    assert.throws(
      () => resolvedQuery(request('athena', 'SELECT {{limit}}', { limit: '1; DROP TABLE t' }), now),
      /whole number/,
    );
  });

  it('writes a CloudTrail lookup as aws cli commands, one per attribute, hostile values in one shell word', () => {
    const value = "it's $(id)";
    const text = 'attribute: Username={{user}}\nattribute: EventName=RunInstances\nstart: {{window.start}}';
    const sh = resolvedQuery(request('cloudtrail', text, { window: 'PT1H', user: value }), now);
    const lines = sh.split('\n');
    assert.equal(lines.length, 2);
    assert.match(lines[0], /^aws cloudtrail lookup-events --lookup-attributes '\[/);
    assert.match(lines[0], / --start-time 2026-11-29T09:00:00\.000Z$/);
    // A real shell hands the JSON over as one argument that decodes to the value.
    const args = execFileSync('sh', ['-c', `set -- ${lines[0].slice('aws '.length)}; printf '%s\\0' "$@"`])
      .toString()
      .split('\0');
    assert.deepEqual(JSON.parse(args[3]), [{ AttributeKey: 'Username', AttributeValue: value }]);
    assert.match(lines[1], /AttributeValue":"RunInstances"/);
  });

  it('writes an aws block as its JSON input, every value escaped by JSON', () => {
    const text =
      'service: ec2\noperation: DescribeSecurityGroups\ninput:\n  Filters:\n    - Name: owner\n      Values: ["{{user}}"]';
    const out = resolvedQuery(request('aws', text, { user: '"}]} x' }), now);
    const [head, ...json] = out.split('\n');
    assert.equal(head, '# ec2 DescribeSecurityGroups');
    assert.deepEqual(JSON.parse(json.join('\n')), { Filters: [{ Name: 'owner', Values: ['"}]} x'] }] });
  });

  it('is kept in the run record as a fenced block that reads back exactly, hostile text included', () => {
    for (const hostile of [...HOSTILE, ...HOSTILE_VALUES]) {
      const state = filledState();
      const first = Object.values(state.steps).find(s => s.runs.length)!;
      first.runs[0] = run({ ...first.runs[0], resolvedQuery: `SELECT '${hostile}'\n${hostile}` });
      const parsed = parseReport(renderReport(playbook(), state));
      assert.deepEqual(parsed.diagnostics, []);
      assert.deepStrictEqual(parsed.state, state, `differs for ${JSON.stringify(hostile)}`);
    }
  });
});
