// No SQL a query block holds can change the cache, the data folder or anything else: the query connection is
// read-only, and only one SELECT (or EXPLAIN of one) runs, decided from DuckDB's own parse. Real DuckDB, real worker.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { LocalEngine } from '../../../src/core/local';
import {
  backgroundRecords,
  cloudTrailKey,
  flowLogKey,
  flowRows,
  storyRecords,
  writeCloudTrail,
  writeFlowLog,
  DEFAULT_FIELDS,
} from '../../fixtures/local/generate';
import { WORKER, collect, engineFor, hashTree, request, rowsOf, tempDir } from './helpers';

describe('local engine: queries cannot write', function () {
  let data: string;
  let outside: string;
  let engine: LocalEngine;
  let hashes: Record<string, string>;
  const ctFile = () => path.join(data, cloudTrailKey('a'));

  /** What the cache holds: row counts and the definition of every view. */
  async function cacheState(): Promise<unknown> {
    const counts = await rowsOf(
      engine,
      request(
        'local',
        'SELECT (SELECT count(*) FROM ct_events), (SELECT count(*) FROM flow_records), (SELECT count(*) FROM _files)',
      ),
    );
    const views = await rowsOf(
      engine,
      request('local', 'SELECT view_name, sql FROM duckdb_views() WHERE NOT internal ORDER BY 1'),
    );
    const macros = await rowsOf(
      engine,
      request(
        'local',
        "SELECT function_name FROM duckdb_functions() WHERE function_type = 'macro' AND NOT internal ORDER BY 1",
      ),
    );
    return { counts: counts.rows, views: views.rows, macros: macros.rows.length };
  }

  let state: unknown;
  before(async () => {
    data = tempDir();
    outside = tempDir();
    writeCloudTrail(ctFile(), [...storyRecords(), ...backgroundRecords(40, 3)]);
    writeFlowLog(path.join(data, flowLogKey('f')), flowRows(300, 5), DEFAULT_FIELDS);
    engine = engineFor([data]);
    state = await cacheState();
    hashes = hashTree(data);
  });
  after(() => engine.dispose());

  const refused: Array<[string, RegExp]> = [
    ['DELETE FROM ct_events', /only queries .* DELETE could change/],
    ['UPDATE ct_events SET eventname = 1', /only queries .* UPDATE/],
    ["INSERT INTO _files (path) VALUES ('x')", /only queries .* INSERT/],
    ['DROP VIEW cloudtrail_logs', /only queries .* DROP/],
    ['CREATE OR REPLACE VIEW cloudtrail_logs AS SELECT 1 AS eventname', /only queries .* CREATE/],
    ['CREATE TEMP VIEW cloudtrail AS SELECT 1 AS eventname', /only queries .* CREATE/],
    ['CREATE MACRO regexp_like(a, b) AS true', /only queries .* CREATE/],
    ['CREATE TEMP TABLE t AS SELECT 1', /only queries .* CREATE/],
    ["ATTACH ':memory:' AS other", /only queries .* ATTACH/],
    ['DETACH local_data', /only queries .* DETACH/],
    ["COPY (SELECT 'x') TO 'FILE' (FORMAT csv)", /only queries .* COPY/],
    ["COPY ct_events TO 'FILE'", /only queries .* COPY/],
    ["EXPORT DATABASE 'DIR'", /only queries .* EXPORT/],
    ['INSTALL httpfs', /only queries .* INSTALL/],
    ['LOAD httpfs', /only queries .* LOAD/],
    ['SET enable_external_access = true', /only queries .* SET/],
    ["SET allowed_directories = ['/']", /only queries .* SET/],
    ['RESET memory_limit', /only queries .* RESET/],
    ['SET VARIABLE x = 1', /only queries .* SET/],
    ['PRAGMA enable_profiling', /only queries .* PRAGMA/],
    ["PRAGMA table_info('ct_events')", /only queries .* PRAGMA/],
    ['CALL checkpoint()', /only queries .* CALL/],
    ['CHECKPOINT', /only queries .* CHECKPOINT/],
    ['VACUUM', /only queries .* VACUUM/],
    ['BEGIN TRANSACTION', /only queries .* BEGIN/],
    ['PREPARE p AS SELECT 1', /only queries .* PREPARE/],
    ['USE memory', /only queries .* USE/],
    ['SELECT 1; DELETE FROM ct_events', /one SQL statement at a time: this block holds 2 statements/],
    ['SELECT 1; SELECT 2', /one SQL statement at a time/],
    ['EXPLAIN ANALYZE DELETE FROM ct_events', /EXPLAIN ANALYZE runs the statement it wraps, and DELETE is not a query/],
    ["EXPLAIN ANALYZE COPY (SELECT 'x') TO 'FILE' (FORMAT csv)", /EXPLAIN ANALYZE runs .* COPY is not a query/],
    ["EXPLAIN ANALYZE EXPORT DATABASE 'DIR'", /syntax error at or near "EXPORT"/],
    ['EXPLAIN ANALYZE CREATE OR REPLACE VIEW cloudtrail_logs AS SELECT 1', /EXPLAIN ANALYZE runs .* CREATE/],
    ["explain analyse insert into _files (path) values ('x')", /EXPLAIN ANALYZE runs .* INSERT/],
    ['EXPLAIN (ANALYZE) DELETE FROM flow_records', /EXPLAIN ANALYZE runs .* DELETE/],
    ['EXPLAIN (ANALYZE, FORMAT json) DELETE FROM flow_records', /EXPLAIN ANALYZE runs .* DELETE/],
    ['EXPLAIN DELETE FROM ct_events', /only EXPLAIN of a SELECT runs on local data \(not of DELETE\)/],
    ['EXPLAIN ANALYZE EXPLAIN ANALYZE DELETE FROM ct_events', /syntax error at or near "EXPLAIN"/],
    ['/* comment */ EXPLAIN ANALYZE DELETE FROM ct_events', /only queries/],
    ["EXPLAIN ANALYZE SELECT 1; COPY (SELECT 'x') TO 'FILE'", /one SQL statement at a time/],
    ["SELECT * FROM query('COPY (SELECT 1) TO ''FILE''')", /Expected a single SELECT statement/],
    ['WITH gone AS (DELETE FROM ct_events RETURNING *) SELECT * FROM gone', /A CTE needs a SELECT/],
    ["FROM (COPY (SELECT 1) TO 'FILE')", /syntax error/],
  ];
  for (const [template, expected] of refused) {
    it(`refuses ${template}`, async () => {
      const sql = template.replace('FILE', ctFile()).replace('DIR', path.join(data, 'export'));
      const r = await collect(engine, request('local', sql));
      assert.match(String(r.error?.message), expected);
      assert.equal(r.metadata.partialReason, 'failed');
      assert.deepEqual(r.rows, []);
    });
  }

  it('refuses the same statements in athena blocks (after the Athena rewrite)', async () => {
    for (const sql of [
      'DELETE FROM cloudtrail_logs',
      'EXPLAIN ANALYZE DELETE FROM "default".cloudtrail_logs',
      `EXPLAIN ANALYZE COPY (SELECT 1) TO '${ctFile()}'`,
    ]) {
      const r = await collect(engine, request('athena', sql));
      assert.match(String(r.error?.message), /only queries|EXPLAIN ANALYZE runs/, sql);
    }
  });

  it('runs reads: SELECT, WITH, FROM-first, VALUES, DESCRIBE, EXPLAIN and EXPLAIN ANALYZE of a SELECT', async () => {
    const reads = [
      'SELECT count(*) FROM cloudtrail_logs',
      'WITH e AS (SELECT * FROM cloudtrail) SELECT count(*) FROM e',
      'FROM vpc_flow_logs SELECT count(*)',
      'VALUES (1), (2)',
      'DESCRIBE cloudtrail_logs',
      'EXPLAIN SELECT * FROM ct_events',
      'EXPLAIN ANALYZE SELECT count(*) FROM flow_records',
      'SELECT 1;',
    ];
    for (const sql of reads) {
      const r = await collect(engine, request('local', sql));
      assert.equal(r.error, undefined, `${sql}: ${r.error?.message}`);
      assert.ok(r.rows.length > 0, sql);
    }
  });

  it('reads no file outside the data sources, follows no link out of them, and reaches no URL', async () => {
    fs.writeFileSync(path.join(outside, 'secret.txt'), 'not-for-queries\n');
    const attempts = [
      "SELECT * FROM read_text('/etc/passwd')",
      "SELECT * FROM read_csv('/etc/passwd')",
      `SELECT * FROM read_text('${path.join(data, '..', path.basename(outside), 'secret.txt')}')`,
      "SELECT * FROM glob('/etc/*')",
      `SELECT * FROM glob('${path.join(outside, '*')}')`,
      "SELECT * FROM read_csv('https://example.com/x.csv')",
      "SELECT * FROM read_json('http://169.254.169.254/latest/meta-data/')",
    ];
    for (const sql of attempts) {
      const r = await collect(engine, request('local', sql));
      assert.match(String(r.error?.message), /Permission Error/, sql);
    }
    const inside = await rowsOf(engine, request('local', `SELECT count(*) FROM glob('${path.join(data, '**')}')`));
    assert.deepEqual(inside.rows, [[2]], 'the data sources stay readable');
  });

  it('leaves the cache, its views and every data file as they were', async () => {
    assert.deepEqual(await cacheState(), state);
    assert.deepEqual(hashTree(data), hashes);
    assert.ok(!fs.existsSync(path.join(data, 'export')));
  });
});

describe('local engine: the read-only query connection', function () {
  it('still spills to the cache folder when a query needs more memory than its budget', async () => {
    const data = tempDir();
    writeFlowLog(path.join(data, flowLogKey('s')), flowRows(100, 9), DEFAULT_FIELDS);
    const small = new LocalEngine({
      dataSources: [data],
      cacheDir: tempDir(),
      workerScript: WORKER,
      memoryLimit: '100MB',
    });
    try {
      // Sorting 4 M rows of 32-character text and a number holds about 220 MB, twice the budget: with no temporary
      // folder DuckDB fails this query with "Out of Memory"; here it spills to duckdb-tmp/ in the cache folder.
      const r = await rowsOf(
        small,
        request(
          'local',
          `SELECT sum(r) FROM (SELECT md5(CAST(range AS VARCHAR)) AS h, range AS r
        FROM range(4000000) ORDER BY h LIMIT 10 OFFSET 3000000)`,
        ),
      );
      assert.deepEqual(r.rows, [[17128955]]);
    } finally {
      await small.dispose();
    }
  });
});
