import assert from 'node:assert/strict';
import { CLOUDTRAIL_COLUMNS } from '../../../src/core/aws/cloudtrailRows';
import { bytesOverTime, chartPlans, eventsOverTime, topTalkers } from '../../../src/core/results/chartData';

const FLOW_COLUMNS = [
  { name: 'srcaddr', type: 'varchar' },
  { name: 'dstaddr', type: 'varchar' },
  { name: 'bytes', type: 'bigint' },
  { name: 'start', type: 'bigint' },
];

describe('result chart data', () => {
  it('offers bytes over time and top talkers for flow logs, events over time for CloudTrail, nothing otherwise', () => {
    assert.deepEqual(
      chartPlans(FLOW_COLUMNS).map(p => p.kind),
      ['bytesOverTime', 'topTalkers'],
    );
    assert.deepEqual(
      chartPlans(CLOUDTRAIL_COLUMNS).map(p => p.kind),
      ['eventsOverTime'],
    );
    assert.deepEqual(chartPlans([{ name: 'GroupId', type: 'varchar' }]), []);
    assert.deepEqual(chartPlans([{ name: 'srcaddr', type: 'varchar' }]), []);
  });

  it('sums bytes per time bucket, with empty buckets kept as zero', () => {
    const t0 = Date.UTC(2026, 10, 28, 12) / 1000;
    const rows = [
      ['203.0.113.77', '10.0.1.5', 100, t0],
      ['203.0.113.77', '10.0.1.5', 50, t0 + 20],
      ['10.0.1.9', '10.0.1.5', 7, t0 + 3000],
      ['bad', 'x', 1, 'not a time'],
    ];
    const series = bytesOverTime(rows, 3, 2);
    assert.equal(series.bucketSeconds, 60);
    assert.equal(series.x[0], t0);
    assert.equal(series.y[0], 150);
    assert.equal(series.y.at(-1), 7);
    assert.equal(series.y.length, 51);
    assert.equal(
      series.y.reduce((a, b) => a + b, 0),
      157,
    );
  });

  it('counts events per bucket from ISO event times', () => {
    const rows = [['2026-11-28T12:00:00Z'], ['2026-11-28T12:00:04Z'], ['2026-11-28T12:00:09Z']];
    const series = eventsOverTime(rows, 0);
    assert.equal(series.bucketSeconds, 1);
    assert.equal(
      series.y.reduce((a, b) => a + b, 0),
      3,
    );
    assert.deepEqual(eventsOverTime([], 0), { x: [], y: [], bucketSeconds: 0 });
  });

  it('puts an empty bucket either side of a single one, so the time axis has a span', () => {
    const series = eventsOverTime([['2026-11-20T09:23:10Z'], ['2026-11-20T09:23:10Z']], 0);
    assert.deepEqual(series.y, [0, 2, 0]);
    assert.equal(series.x[1] - series.x[0], series.bucketSeconds);
    assert.equal(series.x[2] - series.x[1], series.bucketSeconds);
    assert.ok(series.x[1] <= Date.parse('2026-11-20T09:23:10Z') / 1000);
  });

  it('ranks the sources that sent the most bytes', () => {
    const rows = [
      ['10.0.0.1', 'x', 10, 0],
      ['203.0.113.77', 'x', 500, 0],
      ['10.0.0.1', 'x', '15', 0],
      ['10.0.0.2', 'x', 25, 0],
      [null, 'x', 999, 0],
    ];
    assert.deepEqual(topTalkers(rows, 0, 2, 2), [
      { address: '203.0.113.77', bytes: 500 },
      { address: '10.0.0.1', bytes: 25 },
    ]);
  });
});
