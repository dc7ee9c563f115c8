// The first question on log files the cache does not hold is answered from the files themselves (directViews.ts):
// the same tables and rows as the cache gives after the load, the load's file-by-file fallback when a file is bad,
// and the load first when only a few files are new.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { LocalEngine } from '../../../src/core/local';
import type { QueryRequest } from '../../../src/core/engine/types';
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
import { readsLoadTables } from '../../../src/core/local/directViews';
import { collect, engineFor, objects, request, rowsOf, tempDir } from './helpers';

/** Tables and views as queries see them, in a fixed order (the same statements on the files and on the cache). */
const QUESTIONS: QueryRequest[] = [
  request('local', 'SELECT * FROM ct_events ORDER BY _file, eventid, _raw'),
  request('local', 'SELECT * FROM cloudtrail_logs ORDER BY eventid, eventtime'),
  request('local', 'SELECT * FROM vpc_flow_logs ORDER BY ALL'),
  request('local', 'SELECT * FROM flow_records ORDER BY ALL'),
  request('local', 'SELECT count(*) FROM guardduty_findings'),
  request(
    'athena',
    "SELECT eventname, count(*) AS n FROM cloudtrail_logs WHERE eventsource <> '' GROUP BY 1 ORDER BY 1",
  ),
  request('cloudtrail', 'attribute: EventName=AuthorizeSecurityGroupIngress\nworld-open: true'),
];

function data(): string {
  const dir = tempDir();
  writeCloudTrail(path.join(dir, cloudTrailKey('story')), storyRecords());
  for (let i = 0; i < 3; i++)
    writeCloudTrail(path.join(dir, cloudTrailKey(`bg${i}`)), backgroundRecords(40, i, i * 40));
  writeFlowLog(path.join(dir, flowLogKey('default')), flowRows(300, 1), DEFAULT_FIELDS);
  writeFlowLog(path.join(dir, flowLogKey('custom')), flowRows(200, 2), CUSTOM_FIELDS);
  return dir;
}

async function answers(engine: LocalEngine): Promise<Array<{ rows: unknown; readFrom?: string }>> {
  const out = [];
  for (const q of QUESTIONS) {
    const r = await rowsOf(engine, q);
    out.push({ rows: objects(r), readFrom: r.metadata.context.readFrom });
  }
  return out;
}

describe('local engine: the first question on new files', function () {
  this.timeout(120_000);

  it('is answered from the files themselves, with the tables, columns and rows the cache gives after the load', async () => {
    const engine = engineFor([data()]);
    try {
      const first = await answers(engine);
      assert.deepEqual(
        first.map(a => a.readFrom),
        QUESTIONS.map(() => 'files'),
      );
      const load = await engine.loadCache(new AbortController().signal);
      assert.equal(load.context.loadedFiles, '6');
      const cached = await answers(engine);
      assert.deepEqual(
        cached.map(a => a.readFrom),
        QUESTIONS.map(() => undefined),
      );
      // Same rows, column names, types and values, whichever way they were read.
      assert.deepEqual(
        first.map(a => a.rows),
        cached.map(a => a.rows),
      );
      assert.ok((first[6].rows as unknown[]).length > 0, 'the lookup finds the world-open rule');
    } finally {
      await engine.dispose();
    }
  });

  it('goes through the load when a file is bad, which names it, and answers on the rest', async () => {
    const dir = data();
    const bad = path.join(dir, cloudTrailKey('truncated'));
    fs.writeFileSync(bad, zlib.gzipSync(JSON.stringify({ Records: backgroundRecords(5, 9, 900) })).subarray(0, 60));
    const engine = engineFor([dir]);
    try {
      const r = await rowsOf(engine, request('local', 'SELECT count(*) FROM ct_events'));
      assert.equal(r.metadata.context.readFrom, undefined);
      assert.match(r.metadata.context.loadProblems ?? '', /truncated\.json\.gz: .*file skipped/);
      assert.deepEqual(r.rows, [[storyRecords().length + 120]]);
    } finally {
      await engine.dispose();
    }
  });

  it('loads a few new files beside a loaded cache first, then answers from the cache', async () => {
    const dir = data();
    const engine = engineFor([dir]);
    try {
      await engine.loadCache(new AbortController().signal);
      writeCloudTrail(path.join(dir, cloudTrailKey('new')), backgroundRecords(3, 7, 700));
      const r = await rowsOf(engine, request('local', 'SELECT count(*) FROM ct_events'));
      assert.equal(r.metadata.context.readFrom, undefined);
      assert.equal(r.metadata.context.loadedFiles, '1');
      assert.deepEqual(r.rows, [[storyRecords().length + 123]]);
    } finally {
      await engine.dispose();
    }
  });

  it('takes the load for files only the Node loader reads (CloudTrail as JSON lines)', async () => {
    const dir = data();
    const lines = backgroundRecords(4, 8, 800)
      .map(r => JSON.stringify(r))
      .join('\n');
    fs.writeFileSync(path.join(dir, 'export.jsonl'), lines);
    const engine = engineFor([dir]);
    try {
      const r = await rowsOf(engine, request('local', 'SELECT count(*) FROM ct_events'));
      assert.equal(r.metadata.context.readFrom, undefined);
      assert.deepEqual(r.rows, [[storyRecords().length + 124]]);
    } finally {
      await engine.dispose();
    }
  });

  it('stays confined to the data sources and read-only', async () => {
    const engine = engineFor([data()]);
    try {
      for (const sql of ["SELECT * FROM read_text('/etc/hostname')", 'CREATE TABLE t AS SELECT 1']) {
        const r = await collect(engine, request('local', sql));
        assert.ok(r.error, `${sql} must fail`);
        assert.equal(r.rows.length, 0);
      }
    } finally {
      await engine.dispose();
    }
  });

  it("fails at once on a query's own mistake, without loading the files first", async () => {
    const engine = engineFor([data()]);
    try {
      const r = await collect(engine, request('local', 'SELECT no_such_column FROM cloudtrail_logs'));
      assert.match(r.error?.message ?? '', /no_such_column/);
      assert.equal(r.metadata.context.loadedFiles, undefined, 'nothing was loaded');
    } finally {
      await engine.dispose();
    }
  });

  it('after a bad file met once rows were sent, loads first: the next run answers on every good file', async () => {
    const dir = tempDir();
    for (let i = 0; i < 12; i++)
      writeFlowLog(path.join(dir, flowLogKey(`ok${i}`)), flowRows(20000, 40 + i), DEFAULT_FIELDS);
    const rows = flowRows(20000, 99);
    rows[19990] = rows[19990].slice(0, 5);
    writeFlowLog(path.join(dir, flowLogKey('zz-bad')), rows, DEFAULT_FIELDS);
    const engine = engineFor([dir]);
    try {
      // Streamed without an order: the bad file may be met before any row was sent (the run then loads and answers)
      // or after (the run fails and says the next one loads first). Either way the next run is whole.
      const first = await collect(engine, request('local', 'SELECT srcaddr FROM vpc_flow_logs'));
      if (first.error) assert.match(first.error.message, /reading the log files directly failed after \d+ row/);
      const r = await rowsOf(engine, request('local', 'SELECT count(*) FROM vpc_flow_logs'));
      assert.equal(r.metadata.context.readFrom, undefined);
      assert.deepEqual(r.rows, [[12 * 20000 + 19999]]);
      assert.match(r.metadata.context.loadProblems ?? '', /zz-bad\.log\.gz: line \d+: expected 14 fields/);
    } finally {
      await engine.dispose();
    }
  });

  it("answers a question on the cache's own tables after the load (what was loaded from which file)", async () => {
    assert.equal(readsLoadTables('SELECT path FROM _files'), true);
    assert.equal(readsLoadTables('SELECT * FROM "_Meta"'), true);
    assert.equal(readsLoadTables("SELECT '_files' AS name FROM ct_events -- _files"), false);
    const engine = engineFor([data()]);
    try {
      const r = await rowsOf(engine, request('local', 'SELECT count(*) FROM _files'));
      assert.deepEqual(r.rows, [[6]]);
      assert.equal(r.metadata.context.readFrom, undefined);
      assert.equal(r.metadata.context.loadedFiles, '6');
    } finally {
      await engine.dispose();
    }
  });
});
