import assert from 'node:assert/strict';
import type { Column, Row, RunMetadata } from '../../../src/core/engine/types';
import { type RowsSink, RowsWriter, formatRows, type RowsOutputOptions } from '../../../src/cli/rowsOutput';
import { CLOUDTRAIL_COLUMNS, rowOfRawEvent } from '../../../src/core/aws/cloudtrailRows';

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

/** The writer's output for these pages; `threaded`: the sink takes bytes, so a large result goes to the formatting thread. */
async function streamed(
  format: 'json' | 'csv',
  options: RowsOutputOptions,
  pages: Row[][],
  threaded = false,
  columns = COLUMNS,
) {
  const chunks: Buffer[] = [];
  let threadPages = 0;
  const sink: RowsSink = { text: t => chunks.push(Buffer.from(t)) };
  if (threaded)
    sink.bytes = b => {
      threadPages++;
      chunks.push(Buffer.from(b));
    };
  const writer = new RowsWriter(format, sink, options);
  try {
    for (const page of pages) await writer.rows(columns, page);
    await writer.end(METADATA);
  } finally {
    await writer.dispose();
  }
  return { text: Buffer.concat(chunks).toString('utf8'), threadPages };
}

/** `n` rows like ROWS, each different. */
const manyRows = (n: number, from = 0): Row[] =>
  Array.from({ length: n }, (_, i) => ROWS[i % 3].map((v, j) => (j === 0 ? `ev-${from + i} é` : v)));

describe('rows written page by page', () => {
  for (const lookup of [false, true]) {
    it(`prints the same JSON bytes as the whole result formatted at once${lookup ? ' (LookupEvents shape)' : ''}`, async () => {
      const pages = [[ROWS[0]], [], [ROWS[1], ROWS[2]]];
      assert.equal((await streamed('json', { lookup }, pages)).text, wholeJson(lookup, ROWS));
      assert.equal((await streamed('json', { lookup }, [[]])).text, wholeJson(lookup, []));
      assert.deepEqual(JSON.parse((await streamed('json', { lookup }, pages)).text).metadata, METADATA);
    });
  }

  for (const format of ['json', 'csv'] as const) {
    it(`prints the same ${format} bytes when a large result is formatted on the second thread, in order`, async () => {
      // A small page first (written at once), then large pages and small ones: from the page that brings the rows to
      // 1,000 on, every page goes through the thread, more of them than it is given ahead.
      const sizes = [3, 1000, 0, 7, 1000, 1500, 1, 1000, 1000, 1000, 2];
      const pages = sizes.map((n, i) => manyRows(n, i * 10_000));
      const rows = pages.flat();
      const expected = format === 'json' ? wholeJson(true, rows) : formatRows('csv', COLUMNS, rows, METADATA);
      const out = await streamed(format, { lookup: true }, pages, true);
      assert.equal(out.text, expected);
      assert.equal(out.threadPages, sizes.slice(1).filter(n => n > 0).length);
      assert.equal(
        (await streamed(format, { lookup: true }, [manyRows(999)], true)).threadPages,
        0,
        'a small result stays',
      );
    });
  }

  it('prints every column in order, also names an object would reorder or merge', async () => {
    const columns: Column[] = ['b', '2', 'b', '__proto__', '1'].map(name => ({ name, type: 'varchar' }));
    let text = '';
    const writer = new RowsWriter('json', { text: t => (text += t) });
    await writer.rows(columns, [['x', 'two', 'y', 'p', 'one']]);
    await writer.end(METADATA);
    const fields = [
      ...text
        .split('"metadata"')[0]
        .split('"rows"')[1]
        .matchAll(/^ {6}"([^"]+)": "([^"]+)"/gm),
    ].map(m => `${m[1]}=${m[2]}`);
    assert.deepEqual(fields, ['b=x', '2=two', 'b=y', '__proto__=p', '1=one']);
    const proto: Column[] = [{ name: '__proto__', type: 'varchar' }];
    const single = new RowsWriter('json', { text: t => (text = t) });
    await single.rows(proto, [['kept']]);
    assert.match(text, /\n {6}"__proto__": "kept"\n/);
  });

  it('prints the same CSV as the whole result, header once, even with no rows', async () => {
    const pages = [[ROWS[0]], [ROWS[1], ROWS[2]]];
    assert.equal((await streamed('csv', {}, pages)).text, formatRows('csv', COLUMNS, ROWS, METADATA));
    assert.equal((await streamed('csv', {}, [[]])).text, 'EventId,Resources,n,CloudTrailEvent\r\n');
  });

  describe('raw CloudTrail events (flattened where they are printed)', () => {
    /** Events with every field the rows show, odd ones included: no resources, no user name, a broken text. */
    const texts = (n: number, from = 0) =>
      Array.from({ length: n }, (_, i) => {
        const k = from + i;
        if (k % 97 === 3) return `{"eventID": "broken-${k}"`;
        return JSON.stringify({
          eventID: `ev-${k}`,
          eventName: 'AuthorizeSecurityGroupIngress',
          eventTime: `2026-12-0${1 + (k % 7)}T10:00:0${k % 10}Z`,
          eventSource: 'ec2.amazonaws.com',
          awsRegion: 'eu-west-1',
          sourceIPAddress: `203.0.113.${k % 250}`,
          userAgent: 'aws-cli/2 "quoted" \u202e',
          userIdentity: k % 5 ? { type: 'IAMUser', userName: `user-${k % 3}`, accessKeyId: 'AKIAEXAMPLE' } : {},
          requestParameters: {
            groupId: `sg-${k}`,
            ipPermissions: { items: [{ ipRanges: { items: [{ cidrIp: '0.0.0.0/0' }] } }] },
          },
          resources:
            k % 2 ? [{ type: 'AWS::EC2::SecurityGroup', ARN: `arn:aws:ec2:eu-west-1:1:security-group/sg-${k}` }] : [],
        });
      });
    const OPTIONS: RowsOutputOptions = { lookup: true, rawEvents: true };

    for (const format of ['json', 'csv'] as const) {
      it(`prints ${format} byte for byte as the flattened rows, on the calling thread and on two threads`, async () => {
        const sizes = [3, 1000, 0, 7, 1000, 1500, 1, 1000, 2];
        const pages = sizes.map((n, i) => texts(n, i * 10_000).map(t => [t]));
        const flat = pages.flat().map(([t]) => rowOfRawEvent(t));
        const whole = formatRows(format, CLOUDTRAIL_COLUMNS, flat, METADATA, { lookup: true });
        for (const threaded of [false, true]) {
          // The engine's raw pages carry their one column; the output has the lookup's columns.
          const out = await streamed(format, OPTIONS, pages, threaded, [{ name: 'CloudTrailEvent', type: 'json' }]);
          assert.equal(out.text, whole, threaded ? 'threaded' : 'inline');
          assert.equal(out.threadPages, threaded ? sizes.slice(1).filter(n => n > 0).length : 0);
        }
      });
    }

    it('prints the header of the lookup columns when there is no event, and a table of flattened rows', async () => {
      let text = '';
      const writer = new RowsWriter('csv', { text: t => (text += t) }, OPTIONS);
      await writer.rows([{ name: 'CloudTrailEvent', type: 'json' }], []);
      await writer.end(METADATA);
      assert.equal(text, formatRows('csv', CLOUDTRAIL_COLUMNS, [], METADATA));
      const rows = texts(20).map(t => [t]);
      const flat = rows.map(([t]) => rowOfRawEvent(t));
      for (const format of ['table', 'json', 'csv'] as const)
        assert.equal(
          formatRows(format, [{ name: 'CloudTrailEvent', type: 'json' }], rows, METADATA, OPTIONS),
          formatRows(format, CLOUDTRAIL_COLUMNS, flat, METADATA, { lookup: true }),
          format,
        );
    });
  });

  it('prints a table of 300,000 rows (column widths without one argument a row)', () => {
    const rows: Row[] = Array.from({ length: 300_000 }, (_, i) => [`ev-${i}`, '', i, '']);
    const table = formatRows('table', COLUMNS, rows, METADATA);
    assert.match(table, /ev-299999 +/);
  });
});
