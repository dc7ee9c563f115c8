import assert from 'node:assert/strict';
import { CLOUDTRAIL_COLUMNS } from '../../../src/core/aws/cloudtrailRows';
import { columnReadingOrder, isRawColumn, meaningfulColumns } from '../../../src/core/results/columnOrder';

const names = (columns: readonly string[], order: number[]) => order.map(i => columns[i]);

describe('result column order', () => {
  it('puts a LookupEvents result in reading order: time, event, who, from where, Region, key, error, raw JSON last', () => {
    const columns = CLOUDTRAIL_COLUMNS.map(c => c.name);
    const ordered = names(columns, columnReadingOrder(columns));
    assert.deepEqual(ordered.slice(0, 8), [
      'EventTime',
      'EventName',
      'Username',
      'UserArn',
      'SourceIPAddress',
      'AwsRegion',
      'AccessKeyId',
      'ErrorCode',
    ]);
    assert.equal(ordered.at(-1), 'CloudTrailEvent');
    // One-line JSON and long texts come after the plain columns, just before the raw event.
    assert.deepEqual(ordered.slice(-4, -1), ['Resources', 'UserAgent', 'RequestParameters']);
  });

  it('orders Athena CloudTrail and flow-log columns by the same rule, whatever the case or separators', () => {
    const athena = [
      'eventversion',
      'useridentity',
      'eventtime',
      'eventsource',
      'eventname',
      'sourceipaddress',
      'requestsummary',
    ];
    assert.deepEqual(names(athena, columnReadingOrder(athena)), [
      'eventtime',
      'eventname',
      'sourceipaddress',
      'requestsummary',
      'eventversion',
      'eventsource',
      'useridentity',
    ]);
    const flow = ['version', 'account_id', 'bytes', 'srcaddr', 'dst_addr', 'start', 'action'];
    assert.deepEqual(names(flow, columnReadingOrder(flow)), [
      'start',
      'action',
      'srcaddr',
      'dst_addr',
      'bytes',
      'version',
      'account_id',
    ]);
  });

  it('keeps the engine order among columns of equal rank', () => {
    assert.deepEqual(columnReadingOrder(['b', 'a', 'c']), [0, 1, 2]);
  });

  it('never picks the raw JSON column for a summary table', () => {
    const columns = ['CloudTrailEvent', 'EventName', 'EventTime'];
    assert.deepEqual(names(columns, meaningfulColumns(columns, 5)), ['EventTime', 'EventName']);
    assert.ok(isRawColumn('cloudTrailEvent'));
    assert.ok(!isRawColumn('EventName'));
  });
});
