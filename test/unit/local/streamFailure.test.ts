// A query that fails after its first rows were read ends the run as failed, with DuckDB's reason, on the cache and on
// the files: node-api ends such a stream like a finished one, and the rows read would pass for the whole answer.
import assert from 'node:assert/strict';
import path from 'node:path';
import { DEFAULT_FIELDS, flowLogKey, flowRows, writeFlowLog } from '../../fixtures/local/generate';
import { collect, engineFor, request, tempDir } from './helpers';

const FAILS_MIDWAY =
  "SELECT CASE WHEN i = 150000 THEN error('stopped at row 150000') ELSE i END AS n FROM range(300000) t(i)";

describe('local engine: a query that fails midway', function () {
  this.timeout(60_000);

  it('fails the run with the reason instead of returning part of the rows as the answer', async () => {
    const dir = tempDir();
    writeFlowLog(path.join(dir, flowLogKey('a')), flowRows(100, 1), DEFAULT_FIELDS);
    const engine = engineFor([dir]);
    try {
      await engine.loadCache(new AbortController().signal);
      const r = await collect(engine, request('local', FAILS_MIDWAY));
      assert.match(r.error?.message ?? '', /stopped before its end.*stopped at row 150000/);
      assert.equal(r.metadata.partial, true);
      assert.ok(r.rows.length < 150000, `${r.rows.length} rows`);
      const whole = await collect(engine, request('local', 'SELECT count(*) FROM range(300000)'));
      assert.deepEqual(whole.rows, [[300000]], 'the connection still answers');
    } finally {
      await engine.dispose();
    }
  });
});
