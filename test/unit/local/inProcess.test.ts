import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { LocalEngine } from '../../../src/core/local';
import { CUSTOM_FIELDS, flowLogKey, flowRows, writeFlowLog } from '../../fixtures/local/generate';
import { WORKER, collect, engineFor, request, rowsOf, tempDir } from './helpers';

/** A query that keeps DuckDB busy for minutes unless interrupted. */
const SLOW = 'SELECT count(*) FROM range(100000000) a, range(100000) b WHERE (a.range * b.range) % 7 = 3';
const TOP_TALKERS = `SELECT srcaddr, sum(bytes) AS total FROM vpc_flow_logs GROUP BY srcaddr ORDER BY total DESC, srcaddr`;

const inProcessEngine = (data: string, cacheDir = tempDir()) =>
  new LocalEngine({ dataSources: [data], cacheDir, workerScript: WORKER, inProcess: true });

function flowData(): string {
  const data = tempDir();
  for (let i = 0; i < 3; i++) writeFlowLog(path.join(data, flowLogKey(`p${i}`)), flowRows(2000, 40 + i), CUSTOM_FIELDS);
  return data;
}

describe('local engine in the host process (irp)', () => {
  it('answers as the engine in its own process does, first from the files and then from the cache, without a child process', async () => {
    const data = flowData();
    const forked = engineFor([data]);
    const inProcess = inProcessEngine(data);
    try {
      const expected = await rowsOf(forked, request('athena', TOP_TALKERS));
      const first = await rowsOf(inProcess, request('athena', TOP_TALKERS));
      assert.equal(first.metadata.context.readFrom, 'files');
      assert.equal(inProcess.workerPid, undefined, 'no child process');
      assert.deepEqual(first.rows, expected.rows);
      const load = await inProcess.loadCache(new AbortController().signal);
      assert.equal(load.context.flowRecords, '6000');
      const cached = await rowsOf(inProcess, request('athena', TOP_TALKERS));
      assert.equal(cached.metadata.context.readFrom, undefined, 'answered from the cache');
      assert.deepEqual(cached.rows, expected.rows);
    } finally {
      await forked.dispose();
      await inProcess.dispose();
    }
  });

  it('finds a worker script given relative to the working folder, as a child process would', async () => {
    const engine = new LocalEngine({
      dataSources: [flowData()],
      cacheDir: tempDir(),
      workerScript: path.relative(process.cwd(), WORKER),
      inProcess: true,
    });
    try {
      assert.equal((await engine.availability()).available, true);
      assert.deepEqual((await rowsOf(engine, request('athena', 'SELECT count(*) FROM vpc_flow_logs'))).rows, [[6000]]);
    } finally {
      await engine.dispose();
    }
  });

  it('cancels a running query and keeps working afterwards', async () => {
    const engine = inProcessEngine(flowData());
    try {
      const controller = new AbortController();
      const handle = engine.run(request('local', SLOW), controller.signal);
      setTimeout(() => controller.abort(), 500);
      for await (const page of handle.pages) assert.fail(`no page expected, got ${page.rows.length} rows`);
      assert.equal((await handle.metadata).partialReason, 'cancelled');
      assert.deepEqual((await rowsOf(engine, request('athena', 'SELECT count(*) FROM vpc_flow_logs'))).rows, [[6000]]);
    } finally {
      await engine.dispose();
    }
  });

  it('closes the cache when disposed: another process can open it', async () => {
    const data = flowData();
    const cache = tempDir();
    const engine = inProcessEngine(data, cache);
    await engine.loadCache(new AbortController().signal);
    await rowsOf(engine, request('athena', 'SELECT count(*) FROM vpc_flow_logs'));
    await engine.dispose();
    const other = engineFor([data], cache);
    try {
      const r = await collect(other, request('athena', 'SELECT count(*) FROM vpc_flow_logs'));
      assert.equal(r.error, undefined, r.error?.message);
      assert.deepEqual(r.rows, [[6000]]);
    } finally {
      await other.dispose();
    }
  });

  it('stops a query calling back into JavaScript when disposed, and the process then ends on its own', async () => {
    const helper = path.resolve(__dirname, '../../fixtures/local/disposeMidQuery.js');
    const child = spawn(process.execPath, [helper, WORKER, tempDir(), tempDir()]);
    let out = '';
    let err = '';
    child.stdout.on('data', d => (out += d));
    child.stderr.on('data', d => (err += d));
    const [code, signal] = await new Promise<[number | null, string | null]>(resolve =>
      child.on('exit', (c, s) => resolve([c, s])),
    );
    assert.equal(signal, null, `ended by ${signal}: ${err}`);
    assert.equal(code, 0, err);
    assert.deepEqual(out.trim().split('\n'), ['run ended: cancelled', 'disposed']);
  });
});
