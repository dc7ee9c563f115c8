import assert from 'node:assert/strict';
import type { Column, Row, RunMetadata } from '../../../src/core/engine/types';
import { RowsWriter, formatRows } from '../../../src/cli/rowsOutput';

const METADATA: RunMetadata = {
  engine: 'local',
  queryId: 'q',
  queryText: 'SELECT 1',
  parameters: {},
  startedAt: '2026-12-07T13:00:00.000Z',
  rowCount: 3,
  partial: false,
  context: { dataSource: '/logs', loadProblems: 'a "quoted"\nline' },
};
const COLUMNS: Column[] = [
  { name: 'EventId', type: 'varchar' },
  { name: 'Resources', type: 'varchar' },
  { name: 'n', type: 'bigint' },
  { name: 'CloudTrailEvent', type: 'varchar' },
];
const ROWS: Row[] = [
  ['ev-1', 'AWS::EC2::SecurityGroup:sg-1; AWS::EC2::Instance:i-2', 3, '{"a":"b\\n","c":[1,2]}'],
  ['ev-2', '', null, 'line\nbreak \u202e "quote" =cmd'],
  ['ev-3', null, -1.5, ''],
];

/** What the CLI printed before rows were written page by page: the whole result formatted at once. */
function wholeJson(lookup: boolean, rows: Row[]): string {
  const resources = (v: unknown) =>
    String(v ?? '')
      .split('; ')
      .filter(Boolean)
      .map(p => ({ ResourceType: p.slice(0, p.indexOf(':')), ResourceName: p.slice(p.indexOf(':') + 1) }));
  const objects = rows.map(r =>
    Object.fromEntries(COLUMNS.map((c, i) => [c.name, lookup && c.name === 'Resources' ? resources(r[i]) : r[i]])),
  );
  const body = lookup
    ? { Events: objects, metadata: METADATA }
    : { columns: COLUMNS, rows: objects, metadata: METADATA };
  return JSON.stringify(body, null, 2) + '\n';
}

function streamed(format: 'json' | 'csv', lookup: boolean, pages: Row[][]): string {
  let text = '';
  const writer = new RowsWriter(format, t => (text += t), lookup);
  for (const page of pages) writer.rows(COLUMNS, page);
  writer.end(METADATA);
  return text;
}

describe('rows written page by page', () => {
  for (const lookup of [false, true]) {
    it(`prints the same JSON bytes as the whole result formatted at once${lookup ? ' (LookupEvents shape)' : ''}`, () => {
      const pages = [[ROWS[0]], [], [ROWS[1], ROWS[2]]];
      assert.equal(streamed('json', lookup, pages), wholeJson(lookup, ROWS));
      assert.equal(streamed('json', lookup, [[]]), wholeJson(lookup, []));
      assert.deepEqual(JSON.parse(streamed('json', lookup, pages)).metadata, METADATA);
    });
  }

  it('prints every column in order, also names an object would reorder or merge', () => {
    const columns: Column[] = ['b', '2', 'b', '__proto__', '1'].map(name => ({ name, type: 'varchar' }));
    let text = '';
    const writer = new RowsWriter('json', t => (text += t), false);
    writer.rows(columns, [['x', 'two', 'y', 'p', 'one']]);
    writer.end(METADATA);
    const fields = [
      ...text
        .split('"metadata"')[0]
        .split('"rows"')[1]
        .matchAll(/^ {6}"([^"]+)": "([^"]+)"/gm),
    ].map(m => `${m[1]}=${m[2]}`);
    assert.deepEqual(fields, ['b=x', '2=two', 'b=y', '__proto__=p', '1=one']);
    const proto: Column[] = [{ name: '__proto__', type: 'varchar' }];
    const single = new RowsWriter('json', t => (text = t), false);
    single.rows(proto, [['kept']]);
    assert.match(text, /\n {6}"__proto__": "kept"\n/);
  });

  it('prints the same CSV as the whole result, header once, even with no rows', () => {
    assert.equal(streamed('csv', false, [[ROWS[0]], [ROWS[1], ROWS[2]]]), formatRows('csv', COLUMNS, ROWS, METADATA));
    assert.equal(streamed('csv', false, [[]]), 'EventId,Resources,n,CloudTrailEvent\r\n');
  });

  it('prints a table of 300,000 rows (column widths without one argument a row)', () => {
    const rows: Row[] = Array.from({ length: 300_000 }, (_, i) => [`ev-${i}`, '', i, '']);
    const table = formatRows('table', COLUMNS, rows, METADATA);
    assert.match(table, /ev-299999 +/);
  });
});
