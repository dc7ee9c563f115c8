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
});
