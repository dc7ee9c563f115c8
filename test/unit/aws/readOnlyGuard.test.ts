import * as assert from 'node:assert/strict';
import { athenaCostUsd } from '../../../src/core/aws/athenaCost';
import { toExecutionParameter } from '../../../src/core/aws/athenaParameters';
import { checkReadOnly } from '../../../src/core/aws/readOnlyGuard';
import { TokenBucket } from '../../../src/core/aws/rateLimiter';

describe('Athena read-only guard', () => {
  const readOnly = [
    'SELECT * FROM flows',
    '  -- leading comment\n select 1;',
    '/* DROP TABLE x */ SELECT 1',
    "SELECT 'DROP TABLE x; DELETE FROM y' AS s",
    'WITH t AS (SELECT 1) SELECT * FROM t',
    '(SELECT 1) UNION (SELECT 2)',
    'SHOW CREATE TABLE vpc_flow_logs',
    'DESCRIBE vpc_flow_logs',
    'EXPLAIN SELECT 1',
    'VALUES 1, 2',
    'SELECT "delete", start, "end" FROM vpc_flow_logs',
  ];
  const writes = [
    'INSERT INTO t SELECT 1',
    'CREATE TABLE t AS SELECT 1',
    'DROP TABLE t',
    'MSCK REPAIR TABLE t',
    "UNLOAD (SELECT 1) TO 's3://b/' WITH (format = 'CSV')",
    'SELECT 1; DROP TABLE t',
    'EXPLAIN ANALYZE INSERT INTO t SELECT 1',
    'USE other_db',
    '',
  ];
  /** Federated passthrough: the statement inside the string runs on the data source, unseen by the guard. */
  const passthrough: [string, RegExp][] = [
    ["SELECT * FROM TABLE(system.query(query => 'DELETE FROM users'))", /table function/],
    ["select * from table ( SYSTEM . QUERY ( QUERY => 'DELETE FROM users' ) )", /table function/],
    ["SELECT * FROM TaBlE/* hidden */(mysql.system.query('DROP TABLE t'))", /table function/],
    ['SELECT * FROM \n  TABLE\n\t("system"."query"(\'DELETE FROM t\'))', /table function/],
    ["SELECT * FROM mysql.system.query('UPDATE t SET a = 1')", /system\.query/],
    ['SELECT * FROM "SyStEm"."raw_query"(\'x\')', /system\.raw_query/],
    ["SELECT * FROM `system`.query('x')", /system\.query/],
    ["SELECT * FROM system -- comment\n . query('x')", /system\.query/],
    ["SELECT * FROM f(querystring => 'x')", /named argument/],
    ['SELECT * FROM f("query"=>\'x\')', /named argument/],
    ["WITH q AS (SELECT * FROM TABLE(system.query(query => 'x'))) SELECT * FROM q", /table function/],
  ];
  const notPassthrough = [
    "SELECT 'TABLE(system.query(query => ''DELETE''))' AS quoted_text",
    '/* TABLE(system.query(query => 1)) */ SELECT 1',
    'SELECT "table", "system" FROM t WHERE a >= 1',
    'SELECT transform(a, x -> x + 1) FROM t',
  ];
  for (const [sql, reason] of passthrough) {
    it(`needs confirmation for passthrough: ${JSON.stringify(sql)}`, () => {
      const v = checkReadOnly(sql);
      assert.equal(v.readOnly, false);
      assert.match(v.reason ?? '', reason);
    });
  }
  for (const sql of notPassthrough) {
    it(`reads: ${JSON.stringify(sql)}`, () => assert.equal(checkReadOnly(sql).readOnly, true));
  }
  for (const sql of readOnly)
    it(`reads: ${JSON.stringify(sql)}`, () => assert.equal(checkReadOnly(sql).readOnly, true));
  for (const sql of writes) {
    it(`needs confirmation: ${JSON.stringify(sql)}`, () => {
      const v = checkReadOnly(sql);
      assert.equal(v.readOnly, false);
      assert.ok(v.reason);
    });
  }
});

describe('Athena values and cost', () => {
  it('writes ExecutionParameters as SQL literals', () => {
    assert.equal(toExecutionParameter({ kind: 'string', value: "a'b" }), "'a''b'");
    assert.equal(toExecutionParameter({ kind: 'integer', value: '-42' }), '-42');
    assert.equal(toExecutionParameter({ kind: 'timestamp', value: '2026-11-20T00:00:00Z' }), "'2026-11-20T00:00:00Z'");
    assert.throws(() => toExecutionParameter({ kind: 'integer', value: '1 OR 1=1' }));
  });

  it('bills whole megabytes with a 10 MB minimum', () => {
    assert.equal(athenaCostUsd(0, 5), 0);
    assert.equal(athenaCostUsd(1, 5), ((10 * 1024 ** 2) / 1024 ** 4) * 5);
    assert.equal(athenaCostUsd(1024 ** 4, 5), 5);
  });
});

describe('TokenBucket', () => {
  it('spaces acquisitions one interval apart after the burst', async () => {
    let now = 0;
    const bucket = new TokenBucket(2, 1, () => now);
    await bucket.acquire();
    assert.equal(bucket.delayMs(), 500);
    now = 200;
    assert.equal(bucket.delayMs(), 300);
    now = 2000;
    assert.equal(bucket.delayMs(), 0);
  });

  it('gives up waiting when cancelled', async () => {
    const bucket = new TokenBucket(0.001);
    await bucket.acquire();
    const controller = new AbortController();
    const waiting = bucket.acquire(controller.signal);
    controller.abort();
    await assert.rejects(waiting, { code: 'Cancelled' });
  });
});
