import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EngineError } from '../../../src/core/engine/types';
import type { LocalEngine } from '../../../src/core/local';
import { CUSTOM_FIELDS, flowLogKey, flowRows, writeFlowLog } from '../../fixtures/local/generate';
import { WORKER, collect, engineFor, param, request, rowsOf, tempDir } from './helpers';

/** A query that keeps DuckDB busy for minutes unless interrupted. */
const SLOW = 'SELECT count(*) FROM range(100000000) a, range(100000) b WHERE (a.range * b.range) % 7 = 3';

describe('local engine: runs', function () {
  let engine: LocalEngine;
  before(() => {
    const data = tempDir();
    writeFlowLog(path.join(data, flowLogKey('x')), flowRows(2500, 11), CUSTOM_FIELDS);
    engine = engineFor([data]);
  });
  after(() => engine.dispose());

  it('streams results in pages of 250 rows', async () => {
    const r = await rowsOf(engine, request('athena', 'SELECT * FROM vpc_flow_logs'));
    assert.equal(r.rows.length, 2500);
    assert.equal(r.pages, 10);
    assert.equal(r.metadata.rowCount, 2500);
    assert.equal(r.metadata.partial, false);
  });

  it("gives the cache's queries one DuckDB thread more than the cores", async () => {
    await engine.loadCache(new AbortController().signal);
    const r = await rowsOf(engine, request('local', "SELECT current_setting('threads')"));
    assert.equal(r.metadata.context.readFrom, undefined, 'answered from the cache');
    assert.equal(Number(r.rows[0][0]), os.availableParallelism() + 1);
  });

  it('stops at the row cap and marks the run partial', async () => {
    const r = await rowsOf(engine, request('athena', 'SELECT * FROM vpc_flow_logs', {}, [], 1500));
    assert.equal(r.rows.length, 1500);
    assert.equal(r.metadata.partial, true);
    assert.equal(r.metadata.partialReason, 'row-cap');
  });

  it('binds parameters as values, never as SQL text', async () => {
    const defs = [param('ip', 'string'), param('port', 'integer'), param('window', 'timeWindow')];
    const sql = `SELECT count(*) AS n FROM vpc_flow_logs WHERE srcaddr <> {{ip}} AND dstport <> {{port}}
      AND "start" >= to_unixtime(from_iso8601_timestamp({{window.start}}))`;
    const values = { ip: "x' OR '1'='1", port: '22', window: '2026-11-20T00:00:00Z/2026-11-21T00:00:00Z' };
    const r = await rowsOf(engine, request('athena', sql, values, defs));
    assert.match(r.metadata.queryText, /srcaddr <> \? AND dstport <> \?/);
    assert.ok(!r.metadata.queryText.includes('OR'));
    assert.ok(Number(r.rows[0][0]) > 0);
  });

  it('reports SQL errors and parameter problems as failed runs with a message', async () => {
    const bad = await collect(engine, request('athena', 'SELECT nope FROM vpc_flow_logs'));
    assert.ok(bad.error instanceof EngineError);
    assert.match(bad.error.message, /nope/);
    assert.equal(bad.metadata.partialReason, 'failed');
    const missing = await collect(engine, request('athena', 'SELECT {{ip}}', {}, [param('ip', 'ip')]));
    assert.match(String(missing.error?.message), /required/);
  });

  it('lets a query read only the loaded data: no other files, no writes, no settings, no downloads', async () => {
    const attempts: Array<[string, RegExp]> = [
      ["SELECT * FROM read_text('/etc/passwd')", /Permission Error/],
      ["SELECT * FROM read_csv('https://example.com/x.csv')", /Permission Error/],
      ["COPY (SELECT 1) TO '/tmp/irp-local-evil.csv'", /only queries|Permission Error/],
      ['DROP TABLE ct_events', /only queries/],
      ["ATTACH '/tmp/irp-local-evil.duckdb' AS evil", /only queries|Permission Error/],
      ['SET enable_external_access = true', /only queries/],
      ['INSTALL httpfs', /only queries/],
      ['SELECT 1; DROP TABLE flow_records', /one SQL statement/],
    ];
    for (const [sql, expected] of attempts) {
      const r = await collect(engine, request('local', sql));
      assert.match(String(r.error?.message), expected, sql);
    }
    assert.deepEqual((await rowsOf(engine, request('athena', 'SELECT count(*) FROM vpc_flow_logs'))).rows, [[2500]]);
  });

  it('cancels a running query and keeps working afterwards', async () => {
    const controller = new AbortController();
    const handle = engine.run(request('local', SLOW), controller.signal);
    setTimeout(() => controller.abort(), 500);
    for await (const page of handle.pages) assert.fail(`no page expected, got ${page.rows.length} rows`);
    const meta = await handle.metadata;
    assert.equal(meta.partial, true);
    assert.equal(meta.partialReason, 'cancelled');
    const after = await rowsOf(engine, request('athena', 'SELECT count(*) FROM vpc_flow_logs'));
    assert.deepEqual(after.rows, [[2500]]);
  });

  it('cancels a run still queued behind another one without touching that one', async () => {
    const first = new AbortController();
    const slow = engine.run(request('local', SLOW), first.signal);
    const queued = new AbortController();
    const second = engine.run(request('athena', 'SELECT count(*) FROM vpc_flow_logs'), queued.signal);
    queued.abort();
    assert.equal((await second.metadata).partialReason, 'cancelled');
    const pid = engine.workerPid;
    setTimeout(() => first.abort(), 300);
    for await (const page of slow.pages) void page;
    assert.equal((await slow.metadata).partialReason, 'cancelled');
    assert.equal(engine.workerPid, pid, 'the worker was not killed');
  });

  it('stops the query when the caller stops reading early', async () => {
    const handle = engine.run(request('athena', 'SELECT * FROM vpc_flow_logs'), new AbortController().signal);
    for await (const page of handle.pages) {
      assert.equal(page.rows.length, 250);
      break;
    }
    const meta = await handle.metadata;
    assert.equal(meta.partialReason, 'cancelled');
  });

  it('reports a crash of the engine process and starts a fresh one for the next run', async () => {
    const handle = engine.run(request('local', SLOW), new AbortController().signal);
    const first = await new Promise<number>(resolve => {
      const wait = () => (engine.workerPid ? resolve(engine.workerPid) : setTimeout(wait, 20));
      wait();
    });
    setTimeout(() => process.kill(first, 'SIGSEGV'), 300);
    await assert.rejects(
      async () => {
        for await (const page of handle.pages) void page;
      },
      (e: Error) => e instanceof EngineError && e.code === 'LocalEngineCrashed' && /SIGSEGV/.test(e.message),
    );
    const meta = await handle.metadata;
    assert.equal(meta.error?.code, 'LocalEngineCrashed');
    const again = await rowsOf(engine, request('athena', 'SELECT count(*) FROM vpc_flow_logs'));
    assert.deepEqual(again.rows, [[2500]]);
    assert.notEqual(engine.workerPid, first);
  });
});

describe('local engine: cancelling a load', () => {
  it('keeps what it committed, and the next load adds the rest, each file once', async () => {
    const data = tempDir();
    for (let i = 0; i < 8; i++)
      writeFlowLog(path.join(data, flowLogKey(`c${i}`)), flowRows(25000, 20 + i), CUSTOM_FIELDS);
    const engine = engineFor([data]);
    try {
      const controller = new AbortController();
      const load = await engine.loadCache(controller.signal, p => {
        if (/Loading data/.test(p.message)) controller.abort();
      });
      assert.equal(load.partialReason, 'cancelled');
      // The cancel takes effect between chunks (a chunk is one transaction): on a busy machine the load may have
      // committed some or all of them first. Whatever it kept, the next load adds the rest, and every row is there
      // once: no half-loaded file, no file twice.
      const rest = await engine.loadCache(new AbortController().signal);
      const loaded = Number(rest.context.loadedFiles);
      assert.ok(loaded >= 0 && loaded <= 8, `loaded ${loaded} files`);
      assert.equal(rest.context.flowRecords, '200000');
      const r = await rowsOf(engine, request('athena', 'SELECT count(*) FROM vpc_flow_logs'));
      assert.equal(r.metadata.context.readFrom, undefined, 'answered from the cache');
      assert.deepEqual(r.rows, [[200000]], 'the 8 files of 25,000 rows, each once');
    } finally {
      await engine.dispose();
    }
  });
});

describe('local engine: a host that dies', () => {
  it('does not leave its worker behind, even in the middle of a query calling back into JavaScript', async () => {
    const helper = path.resolve(__dirname, '../../fixtures/local/abandonEngine.js');
    const run = spawnSync(process.execPath, [helper, WORKER, tempDir()], { encoding: 'utf8' });
    assert.equal(run.signal, 'SIGKILL', run.stderr);
    const pid = Number(run.stdout.trim());
    assert.ok(pid > 0);
    const alive = () => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    while (alive()) await new Promise(resolve => setTimeout(resolve, 100));
  });
});

describe('local engine: availability', () => {
  it('names a missing data source or worker', async () => {
    const missing = engineFor(['/no/such/folder']);
    assert.match(String((await missing.availability()).reason), /not found: \/no\/such\/folder/);
    const ok = engineFor([tempDir()]);
    assert.deepEqual(await ok.availability(), { available: true });
  });
});

describe('local engine data sources', () => {
  it('refuses a data folder that holds credentials (a home folder picked by mistake), naming the fix', async () => {
    const home = tempDir();
    fs.mkdirSync(path.join(home, '.aws'));
    fs.writeFileSync(path.join(home, '.aws', 'credentials'), '[default]\naws_secret_access_key = not-for-queries\n');
    const engine = engineFor([home]);
    try {
      const r = await collect(
        engine,
        request('local', "SELECT * FROM read_text('" + path.join(home, '.aws', 'credentials') + "')"),
      );
      assert.match(
        String(r.error?.message),
        /contains \.aws, where credentials live; choose the folder that holds the log files/,
      );
      assert.ok(!JSON.stringify(r.rows).includes('not-for-queries'));
    } finally {
      await engine.dispose();
    }
  });

  it('refuses the file system root, which holds the home folder', async () => {
    const engine = engineFor([path.parse(tempDir()).root]);
    try {
      const r = await collect(engine, request('local', 'SELECT 1'));
      assert.match(String(r.error?.message), /contains your home folder, where credentials live/);
    } finally {
      await engine.dispose();
    }
  });
});
