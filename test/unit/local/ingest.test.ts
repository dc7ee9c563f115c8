import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { LocalEngine } from '../../../src/core/local';
import { DATABASE_FILE } from '../../../src/core/local/protocol';
import { backgroundRecords, cloudTrailKey, writeCloudTrail } from '../../fixtures/local/generate';
import { FORMATS, WORKER, collect, engineFor, objects, request, rowsOf, tempDir } from './helpers';

describe('local engine: loading files', function () {
  let engine: LocalEngine;
  before(() => {
    engine = engineFor([FORMATS]);
  });
  after(() => engine.dispose());

  const fileRows = async () =>
    new Map(
      objects(
        await rowsOf(
          engine,
          request('local', 'SELECT path, kind, records, skipped_records, failed, problems FROM _files'),
        ),
      ).map(o => [path.basename(String(o.path)), o]),
    );

  it('reads CloudTrail from S3 delivery files, LookupEvents exports, JSON arrays (also with a BOM) and JSON lines', async () => {
    const r = await rowsOf(engine, request('athena', 'SELECT eventid FROM cloudtrail_logs ORDER BY eventid'));
    assert.deepEqual(
      r.rows.map(x => x[0]),
      ['ev-arr-1', 'ev-arr-2', 'ev-bom-1', 'ev-jl-1', 'ev-jl-2', 'ev-lk-1', 'ev-s3-1'],
    );
  });

  it('reads VPC flow logs in the default, custom, header-less default and Parquet forms, by content not name', async () => {
    const files = await fileRows();
    assert.equal(files.get('flow-default.log')?.records, 2);
    assert.equal(files.get('flow-custom.log.gz')?.records, 1);
    assert.equal(files.get('headerless-default.log')?.records, 1);
    assert.equal(files.get('misnamed-flow.json')?.kind, 'flow-text');
    assert.equal(files.get('flow.parquet')?.records, 2);
    assert.equal(files.get('cloudwatch-export-000000.gz')?.records, 2);
    assert.equal(files.get('lookup-export.json')?.kind, 'cloudtrail-json');
    assert.equal(files.get('records.jsonl')?.kind, 'cloudtrail-jsonl');
    const digest = [...files.values()].find(f => String(f.path).includes('CloudTrail-Digest'));
    assert.equal(digest?.kind, 'cloudtrail-digest');
    assert.equal(digest?.failed, false);
  });

  it('names the file and line or record of every problem, skips only that, and counts what it skipped', async () => {
    const files = await fileRows();
    const problem = (name: string) => (JSON.parse(String(files.get(name)?.problems)) as string[]).join('\n');
    assert.match(problem('flow-default.log'), /flow-default\.log: line 5: expected 14 fields, found 13/);
    assert.match(problem('records.jsonl'), /records\.jsonl: line 2: invalid JSON/);
    assert.match(problem('lookup-export.json'), /Events\[1\]: CloudTrailEvent is not valid JSON/);
    assert.match(problem('invalid.json'), /invalid\.json: line 3: invalid JSON/);
    assert.match(problem('truncated.json.gz'), /truncated\.json\.gz: corrupt or truncated gzip/);
    assert.match(
      problem('flow-truncated.log.gz'),
      /flow-truncated\.log\.gz: after line \d+: corrupt or truncated gzip/,
    );
    assert.match(problem('headerless-custom.log'), /custom format \(18 fields\) but has no header line/);
    assert.match(problem('broken.parquet'), /not a readable Parquet file/);
    assert.match(problem('notes.txt'), /neither CloudTrail JSON nor a VPC flow log/);
    assert.match(
      problem('cloudwatch-export-000000.gz'),
      /CloudWatch Logs export: the time at the start of each line was dropped/,
    );
    const s3 = [...files.values()].find(f => String(f.path).endsWith('_abc.json.gz'));
    assert.match(JSON.parse(String(s3?.problems))[0], /Records\[1\]: missing eventName \(eventID ev-s3-2\)/);
    // The first part of a truncated flow log is kept.
    assert.ok(Number(files.get('flow-truncated.log.gz')?.records) > 100);

    const r = await rowsOf(engine, request('athena', 'SELECT count(*) AS n FROM vpc_flow_logs'));
    assert.equal(r.metadata.context.skippedRecords, '4');
    assert.equal(r.metadata.context.skippedFiles, '6');
    assert.equal(r.metadata.context.dataSource, FORMATS);
    assert.match(r.metadata.context.loadProblems ?? '', /broken\.parquet/);
  });

  it('exposes Athena column names and types, with "-" kept in strings and NULL in numbers', async () => {
    const r = await rowsOf(
      engine,
      request(
        'athena',
        "SELECT * FROM vpc_flow_logs WHERE log_status = 'NODATA' AND interface_id = 'eni-0aaa0000000000001'",
      ),
    );
    const types = Object.fromEntries(r.columns.map(c => [c.name, c.type]));
    assert.equal(types.version, 'integer');
    assert.equal(types.srcport, 'integer');
    assert.equal(types.bytes, 'bigint');
    assert.equal(types.end, 'bigint');
    assert.equal(types.traffic_path, 'integer');
    assert.equal(types.ecs_cluster_name, 'varchar');
    assert.equal(types.date, 'date');
    const [row] = objects(r);
    assert.equal(row.srcaddr, '-');
    assert.equal(row.action, '-');
    assert.equal(row.srcport, null);
    assert.equal(row.bytes, null);
    assert.equal(row.date, '2026-11-21');
    const cw = objects(
      await rowsOf(
        engine,
        request(
          'athena',
          "SELECT srcaddr, bytes FROM vpc_flow_logs WHERE interface_id = 'eni-0ggg0000000000001' ORDER BY bytes",
        ),
      ),
    );
    assert.deepEqual(cw, [
      { srcaddr: '10.7.0.6', bytes: 4000 },
      { srcaddr: '10.7.0.5', bytes: 5000 },
    ]);
    const custom = objects(
      await rowsOf(
        engine,
        request(
          'athena',
          'SELECT flow_direction, traffic_path, pkt_dstaddr, tcp_flags FROM vpc_flow_logs WHERE version = 5',
        ),
      ),
    );
    assert.deepEqual(custom, [{ flow_direction: 'egress', traffic_path: 8, pkt_dstaddr: '52.95.0.1', tcp_flags: 19 }]);
  });

  it('exposes CloudTrail as the Athena table: nested useridentity, JSON strings, string readonly, partitions', async () => {
    const [row] = objects(
      await rowsOf(
        engine,
        request(
          'athena',
          `SELECT useridentity.username AS u, useridentity.type AS t,
      readonly, json_extract_scalar(requestparameters, '$.groupName') AS g, responseelements, region, year, month, day
      FROM cloudtrail WHERE eventid = 'ev-s3-1'`,
        ),
      ),
    );
    assert.deepEqual(row, {
      u: 'carol',
      t: 'IAMUser',
      readonly: 'false',
      g: 'web',
      responseelements: '{"groupId":"sg-0aaaaaaaaaaaaaaaa"}',
      region: 'us-east-1',
      year: '2026',
      month: '11',
      day: '21',
    });
  });
});

describe('local engine: many small files', function () {
  it('loads thousands of files within a small memory budget', async () => {
    const data = tempDir();
    for (let i = 0; i < 2000; i++)
      writeCloudTrail(path.join(data, cloudTrailKey(`f${i}`)), backgroundRecords(3, i, 1000 + i * 3));
    const engine = new LocalEngine({
      dataSources: [data],
      cacheDir: tempDir(),
      workerScript: WORKER,
      memoryLimit: '256MB',
    });
    try {
      const r = await rowsOf(
        engine,
        request('athena', 'SELECT count(*) AS n, count(DISTINCT eventid) AS ids FROM cloudtrail'),
      );
      assert.deepEqual(r.rows, [[6000, 6000]]);
      assert.equal(r.metadata.context.files, '2000');
    } finally {
      await engine.dispose();
    }
  });
});

describe('local engine: cache', function () {
  it('rebuilds a cache of another schema version in the current format, the raw records compressed with zstd', async () => {
    const data = tempDir();
    const cache = tempDir();
    fs.copyFileSync(path.join(FORMATS, 'records-array.json'), path.join(data, 'b.json'));
    // A cache as an older release left it: DuckDB's default storage format, schema version 3, a table since dropped.
    const old = await DuckDBInstance.create(path.join(cache, DATABASE_FILE));
    const conn = await old.connect();
    await conn.run(
      "CREATE TABLE _meta (key VARCHAR PRIMARY KEY, value VARCHAR); INSERT INTO _meta VALUES ('schema', '3')",
    );
    await conn.run('CREATE TABLE old_only AS SELECT 1 AS x');
    conn.closeSync();
    old.closeSync();
    const engine = engineFor([data], cache);
    try {
      const r = await rowsOf(
        engine,
        request(
          'local',
          `SELECT (SELECT count(*) FROM cloudtrail) AS events,
            (SELECT count(*) FROM duckdb_tables() WHERE table_name = 'old_only') AS old_tables,
            (SELECT list(DISTINCT compression) FROM pragma_storage_info('ct_events')
              WHERE column_name = '_raw' AND segment_type = 'VARCHAR') AS raw_compression`,
        ),
      );
      assert.deepEqual(r.rows, [[2, 0, '["ZSTD"]']]);
    } finally {
      await engine.dispose();
    }
  });

  it('loads each file once and again only when it changes, is added or removed', async () => {
    const data = tempDir();
    const cache = tempDir();
    fs.copyFileSync(path.join(FORMATS, 'flow-default.log'), path.join(data, 'a.log'));
    fs.copyFileSync(path.join(FORMATS, 'records-array.json'), path.join(data, 'b.json'));
    const count = 'SELECT (SELECT count(*) FROM vpc_flow_logs) AS flows, (SELECT count(*) FROM cloudtrail) AS events';
    let engine = engineFor([data], cache);
    let r = await rowsOf(engine, request('athena', count));
    assert.equal(r.metadata.context.loadedFiles, '2');
    assert.deepEqual(r.rows, [[2, 2]]);
    r = await rowsOf(engine, request('athena', count));
    assert.equal(r.metadata.context.loadedFiles, '0');
    await engine.dispose();

    // A new process on the same cache: nothing to load.
    engine = engineFor([data], cache);
    r = await rowsOf(engine, request('athena', count));
    assert.equal(r.metadata.context.loadedFiles, '0');
    assert.deepEqual(r.rows, [[2, 2]]);

    fs.appendFileSync(
      path.join(data, 'a.log'),
      '2 111122223333 eni-1 10.1.0.9 10.1.0.6 40000 443 6 1 60 1795219300 1795219360 ACCEPT OK\n',
    );
    r = await rowsOf(engine, request('athena', count));
    assert.equal(r.metadata.context.loadedFiles, '1');
    assert.deepEqual(r.rows, [[3, 2]]);

    const custom = await collect(engine, request('athena', 'SELECT pkt_srcaddr FROM vpc_flow_logs'));
    assert.match(
      String(custom.error?.message),
      /no "pkt-srcaddr" field\. It exists only in flow logs created with a custom log record format/,
    );

    fs.rmSync(path.join(data, 'b.json'));
    fs.copyFileSync(path.join(FORMATS, 'records.jsonl'), path.join(data, 'c.jsonl'));
    r = await rowsOf(engine, request('athena', count));
    assert.equal(r.metadata.context.loadedFiles, '1');
    assert.deepEqual(r.rows, [[3, 2]]);
    const ids = await rowsOf(engine, request('athena', 'SELECT eventid FROM cloudtrail ORDER BY 1'));
    assert.deepEqual(
      ids.rows.map(x => x[0]),
      ['ev-jl-1', 'ev-jl-2'],
    );
    await engine.dispose();
  });
});
