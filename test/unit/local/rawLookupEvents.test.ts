// A local engine asked for raw lookup events (what `irp` does, to flatten them on its formatting threads) answers with
// each event's text, and those texts flatten to exactly the rows the engine gives otherwise: the same events, in the
// same order, the same world-open filter and row cap, on the files and on the cache.
import assert from 'node:assert/strict';
import path from 'node:path';
import { backgroundRecords, cloudTrailKey, storyRecords, writeCloudTrail } from '../../fixtures/local/generate';
import { CLOUDTRAIL_COLUMNS, rowOfRawEvent } from '../../../src/core/aws/cloudtrailRows';
import { LocalEngine } from '../../../src/core/local';
import { RAW_EVENT_COLUMNS } from '../../../src/core/local/lookup';
import { WORKER, request, rowsOf, tempDir } from './helpers';

const LOOKUPS = {
  user: request('cloudtrail', 'attribute: Username=bob'),
  worldOpen: request('cloudtrail', 'attribute: EventName=AuthorizeSecurityGroupIngress\nworld-open: true'),
  capped: request('cloudtrail', 'attribute: Username=bob', {}, [], 5),
};

describe('local lookup: raw events for the caller to flatten', function () {
  this.timeout(60_000);

  it('gives the texts of the rows the engine flattens otherwise, on the files and on the cache', async () => {
    const dir = tempDir();
    writeCloudTrail(path.join(dir, cloudTrailKey('story')), storyRecords());
    writeCloudTrail(path.join(dir, cloudTrailKey('background')), backgroundRecords(300, 7));
    const flattening = new LocalEngine({ dataSources: [dir], cacheDir: tempDir(), workerScript: WORKER });
    const raw = new LocalEngine({
      dataSources: [dir],
      cacheDir: tempDir(),
      workerScript: WORKER,
      rawLookupEvents: true,
    });
    try {
      for (const from of ['files', 'cache'] as const) {
        if (from === 'cache') {
          await flattening.loadCache(new AbortController().signal);
          await raw.loadCache(new AbortController().signal);
        }
        for (const [name, req] of Object.entries(LOOKUPS)) {
          const expected = await rowsOf(flattening, req);
          const got = await rowsOf(raw, req);
          const what = `${name} on the ${from}`;
          assert.equal(got.metadata.context.readFrom, from === 'files' ? 'files' : undefined, what);
          assert.deepEqual(expected.columns, CLOUDTRAIL_COLUMNS, what);
          assert.deepEqual(got.columns, RAW_EVENT_COLUMNS, what);
          assert.ok(expected.rows.length > 0, `${what} finds events`);
          assert.deepEqual(
            got.rows.map(r => rowOfRawEvent(String(r[0]))),
            expected.rows,
            what,
          );
          assert.equal(got.metadata.rowCount, expected.metadata.rowCount, what);
          assert.equal(got.metadata.partialReason, expected.metadata.partialReason, what);
        }
      }
      const capped = await rowsOf(raw, LOOKUPS.capped);
      assert.equal(capped.rows.length, 5);
      assert.equal(capped.metadata.partialReason, 'row-cap');
    } finally {
      await flattening.dispose();
      await raw.dispose();
    }
  });
});
