// DuckDB's own readers (bulkLoad.ts) against the Node loader: the same tables from the same files, a file the bulk
// read rejects read alone by the Node loader and named, a second folder loaded alone, and progress as it goes.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { LocalEngine } from '../../../src/core/local';
import type { LoadStatus, RunProgress } from '../../../src/core/engine/types';
import { jsonTextDeeperThan } from '../../../src/core/local/ingest/bulkLoad';
import { generateScenarioData } from '../../../src/core/tabletop/index';
import {
  CUSTOM_FIELDS,
  DEFAULT_FIELDS,
  backgroundRecords,
  cloudTrailKey,
  flowLogKey,
  flowRows,
  storyRecords,
  writeCloudTrail,
  writeFlowLog,
} from '../../fixtures/local/generate';
import { bundledScenario } from '../tabletop/helpers';
import { collectRun } from '../collectRun';
import { FORMATS, WORKER, objects, request, rowsOf, tempDir } from './helpers';

const engineWith = (dataSources: string[], bulkRead: boolean, cacheDir = tempDir()) =>
  new LocalEngine({ dataSources, cacheDir, workerScript: WORKER, bulkRead });

/** Every table the queries read, in a fixed order, with the manifest (the decompressed-size estimate left out). */
const TABLES = [
  'SELECT * FROM ct_events ORDER BY _file, eventid, _raw',
  'SELECT * FROM vpc_flow_logs ORDER BY ALL',
  'SELECT * EXCLUDE (_file) FROM flow_records ORDER BY ALL',
  'SELECT * FROM guardduty_findings ORDER BY ALL',
  'SELECT * FROM config_items ORDER BY ALL',
  'SELECT path, size, kind, records, skipped_records, failed, problems, invalid_utf8 FROM _files ORDER BY path',
];

async function snapshot(engine: LocalEngine): Promise<unknown[]> {
  const out = [];
  for (const sql of TABLES) out.push(objects(await rowsOf(engine, request('local', sql))));
  return out;
}

describe('local engine: DuckDB reads the files itself', function () {
  it('holds the same tables as the Node loader on the format fixtures and the tabletop data', async () => {
    const tabletop = tempDir();
    generateScenarioData(bundledScenario(), tabletop, { scale: 0.05 });
    for (const data of [FORMATS, tabletop]) {
      const bulk = engineWith([data], true);
      const node = engineWith([data], false);
      try {
        const [a, b] = [await snapshot(bulk), await snapshot(node)];
        TABLES.forEach((sql, i) => assert.deepEqual(a[i], b[i], `${data}: ${sql}`));
        assert.ok((a[0] as unknown[]).length > 0, 'CloudTrail events loaded');
        const lookup = 'attribute: EventName=AuthorizeSecurityGroupIngress\nworld-open: true';
        const [la, lb] = [
          await rowsOf(bulk, request('cloudtrail', lookup)),
          await rowsOf(node, request('cloudtrail', lookup)),
        ];
        assert.deepEqual(la.rows, lb.rows);
      } finally {
        await bulk.dispose();
        await node.dispose();
      }
    }
  });

  it('reads a file the bulk read rejects with the Node loader, names it with the reason, and loads the rest', async () => {
    const data = tempDir();
    for (let i = 0; i < 3; i++)
      writeCloudTrail(path.join(data, cloudTrailKey(`good${i}`)), backgroundRecords(50, i, 1000 + i * 50));
    // A truncated gzip makes DuckDB's read of the whole list fail; a record without eventName is one DuckDB reads.
    const truncated = path.join(data, cloudTrailKey('truncated'));
    const whole = zlib.gzipSync(JSON.stringify({ Records: backgroundRecords(400, 9, 5000) }));
    fs.writeFileSync(truncated, whole.subarray(0, whole.length >> 1));
    const missing = path.join(data, cloudTrailKey('missing'));
    const records = storyRecords();
    delete records[1].eventName;
    writeCloudTrail(missing, records);
    const engine = engineWith([data], true);
    try {
      const r = await rowsOf(engine, request('local', 'SELECT count(*) FROM cloudtrail'));
      assert.deepEqual(r.rows, [[150 + records.length - 1]]);
      assert.equal(r.metadata.context.skippedFiles, '1');
      assert.equal(r.metadata.context.skippedRecords, '1');
      const files = new Map(
        objects(await rowsOf(engine, request('local', 'SELECT path, problems, records FROM _files'))).map(o => [
          String(o.path),
          o,
        ]),
      );
      assert.match(
        String(files.get(truncated)?.problems),
        /truncated\.json\.gz: corrupt or truncated gzip .*file skipped/,
      );
      assert.match(
        String(files.get(missing)?.problems),
        /Records\[1\]: missing eventName \(eventID .*\); record skipped/,
      );
      assert.equal(files.get(missing)?.records, records.length - 1);
    } finally {
      await engine.dispose();
    }
  });

  it('reads flow logs with a bad line through the Node loader, which names the line', async () => {
    const data = tempDir();
    writeFlowLog(path.join(data, flowLogKey('good')), flowRows(300, 3), DEFAULT_FIELDS);
    writeFlowLog(path.join(data, flowLogKey('custom')), flowRows(200, 4), CUSTOM_FIELDS);
    const bad = path.join(data, flowLogKey('bad'));
    const rows = flowRows(100, 5);
    rows[10] = rows[10].slice(0, 12);
    writeFlowLog(bad, rows, DEFAULT_FIELDS);
    const engine = engineWith([data], true);
    try {
      const r = await rowsOf(engine, request('athena', 'SELECT count(*) FROM vpc_flow_logs'));
      assert.deepEqual(r.rows, [[599]]);
      assert.match(
        r.metadata.context.loadProblems ?? '',
        /bad\.log\.gz: line 12: expected 14 fields, found 12; record skipped/,
      );
    } finally {
      await engine.dispose();
    }
  });

  it('loads only the files of a second folder, and reports files, bytes, rate and time left while it loads', async () => {
    const first = tempDir();
    const second = tempDir();
    for (let i = 0; i < 4; i++)
      writeCloudTrail(path.join(first, cloudTrailKey(`a${i}`)), backgroundRecords(20, i, i * 20));
    for (let i = 0; i < 3; i++)
      writeCloudTrail(path.join(second, cloudTrailKey(`b${i}`)), backgroundRecords(10, 10 + i, 1000 + i * 10));
    const cache = tempDir();
    const count = request('local', 'SELECT count(*) FROM cloudtrail');
    const progress: RunProgress[] = [];
    let engine = engineWith([first], true, cache);
    const before = await collectRun(engine.run(count, new AbortController().signal));
    // The first question on new files is answered from the files themselves; `irp` then waits for the load.
    assert.equal(before.metadata.context.readFrom, 'files');
    const loaded = await engine.loadCache(new AbortController().signal, p => progress.push(p));
    await engine.dispose();
    assert.deepEqual(before.rows, [[80]]);
    assert.equal(loaded.context.loadedFiles, '4');
    const loads = progress.map(p => p.load).filter((l): l is LoadStatus => l !== undefined);
    const last = loads[loads.length - 1];
    const bytes = fs
      .readdirSync(path.dirname(path.join(first, cloudTrailKey('a0'))))
      .reduce((n, f) => n + fs.statSync(path.join(path.dirname(path.join(first, cloudTrailKey('a0'))), f)).size, 0);
    assert.deepEqual([last.filesDone, last.filesTotal, last.bytesDone, last.bytesTotal], [4, 4, bytes, bytes]);
    assert.ok(last.bytesPerSecond > 0);
    assert.equal(last.secondsLeft, 0);
    assert.equal(loads[0].filesDone, 0);
    assert.match(
      progress[progress.length - 1].message,
      /^Loading data: 4 of 4 files, [\d.]+ of [\d.]+ MB, [\d.]+ MB\/s/,
    );

    engine = engineWith([first, second], true, cache);
    try {
      const added = await engine.loadCache(new AbortController().signal);
      assert.equal(added.context.loadedFiles, '3');
      assert.equal(added.context.files, '7');
      const after = await rowsOf(engine, count);
      assert.deepEqual(after.rows, [[110]]);
      assert.equal(after.metadata.context.readFrom, undefined, 'answered from the cache');
    } finally {
      await engine.dispose();
    }
  });

  /** Stretches of rows (in storage order) with the same value of `column`. */
  const runsOf = async (engine: LocalEngine, table: string, column: string) =>
    Number(
      (
        await rowsOf(
          engine,
          request(
            'local',
            `SELECT count(*) FROM (SELECT ${column} IS DISTINCT FROM lag(${column}) OVER (ORDER BY rowid) AS starts
             FROM ${table}) WHERE starts`,
          ),
        )
      ).rows[0][0],
    );

  it("stores a chunk's events grouped by user and flow records by source address", async () => {
    const data = tempDir();
    // Three files in which the two users alternate at random, event by event; flow logs with many addresses.
    for (let i = 0; i < 3; i++)
      writeCloudTrail(path.join(data, cloudTrailKey(`mixed${i}`)), backgroundRecords(3000, i, 10_000 + i * 3000));
    for (let i = 0; i < 2; i++)
      writeFlowLog(path.join(data, flowLogKey(`mixed${i}`)), flowRows(5000, i), DEFAULT_FIELDS);
    const engine = engineWith([data], true);
    try {
      await engine.loadCache(new AbortController().signal);
      // Interleaved rows would make thousands of runs.
      const userRuns = await runsOf(engine, 'ct_events', '_username');
      assert.ok(userRuns <= 4, `runs of one user: ${userRuns}`);
      const addresses = await rowsOf(engine, request('local', 'SELECT count(DISTINCT srcaddr) FROM flow_records'));
      const addressRuns = await runsOf(engine, 'flow_records', 'srcaddr');
      assert.ok(addressRuns <= 2 * Number(addresses.rows[0][0]), `runs of one address: ${addressRuns}`);
      const lookup = await rowsOf(engine, request('cloudtrail', 'attribute: Username=bob'));
      const times = lookup.rows.map(r => String(r[2]));
      assert.ok(times.length > 4000, `bob's events: ${times.length}`);
      assert.deepEqual(times, [...times].sort().reverse(), 'newest first');
    } finally {
      await engine.dispose();
    }
  });

  it('counts nesting outside strings only', () => {
    assert.equal(jsonTextDeeperThan('{"a":[[1]]}', 3), false);
    assert.equal(jsonTextDeeperThan('{"a":[[[1]]]}', 3), true);
    assert.equal(jsonTextDeeperThan('{"a":"[[[[[[\\"[[[["}', 2), false);
  });
});
