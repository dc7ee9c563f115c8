// An event delivered twice (an organization trail and an account trail over the same files) shows once in a local
// lookup, on the files and on the cache; when no event id repeats, the cache answers without the de-duplication, and
// without counting repeats itself when the load recorded that none does.
import assert from 'node:assert/strict';
import path from 'node:path';
import { backgroundRecords, cloudTrailKey, writeCloudTrail } from '../../fixtures/local/generate';
import { buildLookupQuery } from '../../../src/core/local/lookup';
import { engineFor, objects, request, rowsOf, tempDir } from './helpers';

const BOB = request('cloudtrail', 'attribute: Username=bob');

async function lookupIds(
  dataSources: string[],
): Promise<{ files: string[]; cache: string[]; repeatedEventIds: string | undefined }> {
  const engine = engineFor(dataSources);
  try {
    const ids = async () => {
      const r = await rowsOf(engine, BOB);
      const { readFrom, repeatedEventIds } = r.metadata.context;
      return { ids: objects(r).map(o => String(o.EventId)), readFrom, repeatedEventIds };
    };
    const first = await ids();
    assert.equal(first.readFrom, 'files');
    assert.equal(first.repeatedEventIds, undefined, 'nothing loaded yet');
    await engine.loadCache(new AbortController().signal);
    const cached = await ids();
    assert.equal(cached.readFrom, undefined);
    return { files: first.ids, cache: cached.ids, repeatedEventIds: cached.repeatedEventIds };
  } finally {
    await engine.dispose();
  }
}

describe('local lookup: events delivered twice', function () {
  this.timeout(60_000);

  it('shows each event once, newest first, on the files and on the cache', async () => {
    const records = backgroundRecords(60, 3);
    const org = tempDir();
    const account = tempDir();
    writeCloudTrail(path.join(org, cloudTrailKey('a')), records);
    writeCloudTrail(path.join(account, cloudTrailKey('a')), records);
    const { files, cache, repeatedEventIds } = await lookupIds([org, account]);
    assert.equal(repeatedEventIds, String(records.length), 'each event of the second trail repeats one of the first');
    const bob = records
      .filter(r => (r.userIdentity as { userName?: string }).userName === 'bob')
      .map(r => String(r.eventID))
      .reverse();
    assert.ok(bob.length > 10);
    assert.deepEqual(files, bob);
    assert.deepEqual(cache, bob);
  });

  it('gives the same rows without the de-duplication when no event id repeats', async () => {
    const dir = tempDir();
    writeCloudTrail(path.join(dir, cloudTrailKey('a')), backgroundRecords(60, 3));
    writeCloudTrail(path.join(dir, cloudTrailKey('b')), backgroundRecords(60, 4, 500));
    const { files, cache, repeatedEventIds } = await lookupIds([dir]);
    assert.equal(repeatedEventIds, '0');
    assert.equal(files.length, new Set(files).size);
    assert.deepEqual(cache, files);
  });

  it('de-duplicates unless told no event id repeats', () => {
    const req = { attributes: [{ key: 'Username', value: 'bob' }], worldOpen: false };
    assert.match(buildLookupQuery(req).sql, /QUALIFY row_number\(\)/);
    assert.doesNotMatch(buildLookupQuery(req, true).sql, /QUALIFY/);
  });
});
