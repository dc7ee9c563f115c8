import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { DATABASE_FILE } from '../../../src/core/local/protocol';
import { listDataFiles, listingDigest } from '../../../src/core/local/ingest/files';
import { CUSTOM_FIELDS, flowLogKey, flowRows, writeFlowLog } from '../../fixtures/local/generate';
import { FORMATS, engineFor, request, rowsOf, tempDir } from './helpers';

const COUNT = 'SELECT count(*) FROM vpc_flow_logs';

/** Runs `sql` on the cache file itself, with no engine open on it. */
async function onCacheFile(cache: string, sql: string): Promise<unknown[][]> {
  const instance = await DuckDBInstance.create(path.join(cache, DATABASE_FILE));
  try {
    const conn = await instance.connect();
    const rows = (await conn.runAndReadAll(sql)).getRowsJS();
    conn.closeSync();
    return rows;
  } finally {
    instance.closeSync();
  }
}

const recorded = async (cache: string) =>
  (await onCacheFile(cache, "SELECT value FROM _meta WHERE key = 'listing'")).map(r => r[0]);

describe('local engine: the listing a finished load records', () => {
  it('is what the data sources hold; a warm run that finds it again does not read the manifest', async () => {
    const data = tempDir();
    const cache = tempDir();
    fs.copyFileSync(path.join(FORMATS, 'flow-default.log'), path.join(data, 'a.log'));
    let engine = engineFor([data], cache);
    await engine.loadCache(new AbortController().signal);
    await engine.dispose();
    assert.deepEqual(await recorded(cache), [listingDigest(listDataFiles([data], cache).files)]);

    // With the manifest emptied behind its back, the cache still answers: the recorded listing said it was current.
    await onCacheFile(cache, 'DELETE FROM _files');
    engine = engineFor([data], cache);
    try {
      const r = await rowsOf(engine, request('athena', COUNT));
      assert.equal(r.metadata.context.loadedFiles, '0');
      assert.deepEqual(r.rows, [[2]]);
    } finally {
      await engine.dispose();
    }
  });

  it('differs after any change a file-by-file comparison would see: a new time, a new name, a file added or gone', async () => {
    const data = tempDir();
    const cache = tempDir();
    fs.copyFileSync(path.join(FORMATS, 'flow-default.log'), path.join(data, 'a.log'));
    fs.copyFileSync(path.join(FORMATS, 'flow-default.log'), path.join(data, 'b.log'));
    const engine = engineFor([data], cache);
    const loaded = async () => (await rowsOf(engine, request('athena', COUNT))).metadata.context.loadedFiles;
    try {
      assert.equal(await loaded(), '2');
      assert.equal(await loaded(), '0');
      // Same size, another modification time.
      const later = new Date(Date.now() + 60_000);
      fs.utimesSync(path.join(data, 'a.log'), later, later);
      assert.equal(await loaded(), '1');
      // Same bytes and time under another name.
      fs.renameSync(path.join(data, 'b.log'), path.join(data, 'c.log'));
      assert.equal(await loaded(), '1');
      fs.copyFileSync(path.join(FORMATS, 'flow-default.log'), path.join(data, 'd.log'));
      assert.equal(await loaded(), '1');
      fs.rmSync(path.join(data, 'a.log'));
      const r = await rowsOf(engine, request('athena', COUNT));
      assert.equal(r.metadata.context.loadedFiles, '0', 'a file gone is forgotten, nothing loaded');
      assert.deepEqual(r.rows, [[4]]);
    } finally {
      await engine.dispose();
    }
  });

  it('is not recorded by a load that was stopped: the next check compares file by file', async () => {
    const data = tempDir();
    const cache = tempDir();
    for (let i = 0; i < 8; i++)
      writeFlowLog(path.join(data, flowLogKey(`s${i}`)), flowRows(25000, 60 + i), CUSTOM_FIELDS);
    const engine = engineFor([data], cache);
    const controller = new AbortController();
    const load = await engine.loadCache(controller.signal, p => {
      if (/Loading data/.test(p.message)) controller.abort();
    });
    await engine.dispose();
    if (load.partialReason !== 'cancelled') return assert.fail('the load was not stopped');
    // On a busy machine the stop may come after the last chunk: then every file is in, and the listing recorded.
    const files = Number((await onCacheFile(cache, 'SELECT count(*) FROM _files'))[0][0]);
    assert.deepEqual(await recorded(cache), files === 8 ? [listingDigest(listDataFiles([data], cache).files)] : []);
  });
});
