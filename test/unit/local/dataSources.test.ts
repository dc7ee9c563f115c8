// Credential folders and the home folder are never data, whatever path (or link) leads to them; the listing follows
// no link out of a data source and lists each real file once; the cache is kept apart from the data folders.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { checkDataSources } from '../../../src/core/local/dataSources';
import { listDataFiles } from '../../../src/core/local/ingest/files';
import { QueryFailure } from '../../../src/core/local/queryFailure';
import { cloudTrailKey, storyRecords, writeCloudTrail } from '../../fixtures/local/generate';
import { collect, engineFor, request, rowsOf, tempDir } from './helpers';

/** A fake home folder with AWS credentials and a folder of logs in it. */
function fakeHome(): { home: string; logs: string } {
  const home = tempDir();
  fs.mkdirSync(path.join(home, '.aws'));
  fs.writeFileSync(path.join(home, '.aws', 'credentials'), '[default]\naws_secret_access_key = not-for-queries\n');
  fs.mkdirSync(path.join(home, '.config', 'gcloud', 'legacy'), { recursive: true });
  const logs = path.join(home, 'incident', 'logs');
  writeCloudTrail(path.join(logs, cloudTrailKey('a')), storyRecords());
  return { home, logs };
}

function refusal(fn: () => unknown): QueryFailure {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof QueryFailure, String(e));
    return e;
  }
  return assert.fail('expected a refusal');
}

describe('local data sources: credential folders and the home folder', () => {
  it('accepts a log folder inside the home folder, and lists its logs', () => {
    const { home, logs } = fakeHome();
    const cache = tempDir();
    assert.equal(checkDataSources([logs], cache, home), undefined);
    const { files, problems } = listDataFiles([logs], cache);
    assert.deepEqual(
      files.map(f => path.relative(logs, f.path)),
      [cloudTrailKey('a')],
    );
    assert.deepEqual(problems, []);
  });

  it('refuses the home folder and any folder holding it, naming the path and the fix', () => {
    const { home } = fakeHome();
    const own = refusal(() => checkDataSources([home], tempDir(), home));
    assert.equal(own.code, 'UnsafeDataSource');
    assert.equal(
      own.message,
      `the data source ${home} is your home folder, where credentials live; choose the folder that ` +
        'holds the log files instead, so no query can read them',
    );
    assert.match(
      refusal(() => checkDataSources([path.dirname(home)], tempDir(), home)).message,
      new RegExp(`^the data source ${path.dirname(home)} contains your home folder, where credentials live; choose`),
    );
  });

  it('refuses a credential folder and anything inside one', () => {
    const { home } = fakeHome();
    assert.match(
      refusal(() => checkDataSources([path.join(home, '.aws')], tempDir(), home)).message,
      /\.aws lies in a \.aws folder, where credentials live/,
    );
    assert.match(
      refusal(() => checkDataSources([path.join(home, '.aws', 'credentials')], tempDir(), home)).message,
      /lies in a \.aws folder/,
    );
    assert.match(
      refusal(() => checkDataSources([path.join(home, '.config', 'gcloud', 'legacy')], tempDir(), home)).message,
      /lies in a \.config\/gcloud folder/,
    );
  });

  it('follows links first: a link to ~/.aws or to the home folder is refused and named with its target', () => {
    const { home } = fakeHome();
    const links = tempDir();
    fs.symlinkSync(path.join(home, '.aws'), path.join(links, 'aws-logs'));
    fs.symlinkSync(home, path.join(links, 'home-logs'));
    assert.equal(
      refusal(() => checkDataSources([path.join(links, 'aws-logs')], tempDir(), home)).message,
      `the data source ${path.join(links, 'aws-logs')} (a link to ${path.join(home, '.aws')}) lies in a .aws folder, where ` +
        'credentials live; choose the folder that holds the log files instead, so no query can read them',
    );
    assert.match(
      refusal(() => checkDataSources([path.join(links, 'home-logs')], tempDir(), home)).message,
      /home-logs \(a link to .*\) is your home folder/,
    );
  });

  it('refuses a data folder with a credential folder anywhere inside it while listing', () => {
    const data = tempDir();
    writeCloudTrail(path.join(data, cloudTrailKey('a')), storyRecords());
    fs.mkdirSync(path.join(data, 'backup', 'alice', '.ssh'), { recursive: true });
    assert.match(
      refusal(() => listDataFiles([data], tempDir())).message,
      new RegExp(`^the data source ${data} contains backup/alice/\\.ssh, where credentials live`),
    );
  });
});

describe('local data sources: the cache folder', () => {
  it('refuses a cache that is or holds a data folder, and accepts one inside it without reading it as logs', () => {
    const data = tempDir();
    const home = tempDir();
    for (const [cache, how] of [
      [data, 'is'],
      [path.dirname(data), 'holds'],
    ]) {
      const e = refusal(() => checkDataSources([data], cache, home));
      assert.equal(e.code, 'CacheInDataSource');
      assert.match(
        e.message,
        new RegExp(
          `^the cache folder .* ${how} the data source ${data}: .* keep the cache apart from ` +
            'the log folders \\(irp: --cache <folder> that is not a --data folder or above one\\)',
        ),
      );
    }
    // Inside the data folder the cache is accepted, and its own files are never read as logs.
    const inside = path.join(data, '.irp-cache');
    assert.equal(checkDataSources([data], inside, home), undefined);
    writeCloudTrail(path.join(data, cloudTrailKey('log')), storyRecords());
    writeCloudTrail(path.join(inside, cloudTrailKey('cached')), storyRecords());
    const { files, problems } = listDataFiles([data], inside);
    assert.deepEqual(
      files.map(f => path.relative(data, f.path)),
      [cloudTrailKey('log')],
    );
    assert.deepEqual(problems, []);
  });
});

describe('local data sources: links while listing', () => {
  it('follows no link out of a data source, and names the link it skipped', () => {
    const data = tempDir();
    const outside = tempDir();
    writeCloudTrail(path.join(data, cloudTrailKey('in')), storyRecords());
    writeCloudTrail(path.join(outside, cloudTrailKey('out')), storyRecords());
    fs.symlinkSync(outside, path.join(data, 'elsewhere'));
    const { files, problems } = listDataFiles([data], tempDir());
    assert.deepEqual(
      files.map(f => path.basename(f.path)),
      [path.basename(cloudTrailKey('in'))],
    );
    assert.deepEqual(problems, [
      `${path.join(data, 'elsewhere')}: symbolic link to ${outside}, outside the data source ` +
        `${data}; not followed (add that folder as a data source of its own if it holds logs)`,
    ]);
  });

  it('lists each real file once through link loops, links inside the source and overlapping sources', () => {
    const data = tempDir();
    writeCloudTrail(path.join(data, 'logs', 'a.json'), storyRecords());
    writeCloudTrail(path.join(data, 'logs', 'b.json'), storyRecords());
    fs.symlinkSync(data, path.join(data, 'logs', 'loop'));
    fs.symlinkSync('..', path.join(data, 'logs', 'up'));
    fs.symlinkSync(path.join(data, 'logs', 'a.json'), path.join(data, 'a-again.json'));
    const { files, problems } = listDataFiles([data, path.join(data, 'logs')], tempDir());
    assert.deepEqual(files.map(f => path.relative(data, f.path)).sort(), ['logs/a.json', 'logs/b.json']);
    assert.deepEqual(problems, []);
  });
});

describe('local data sources in the engine (fake HOME, real worker)', () => {
  let savedHome: string | undefined;
  beforeEach(() => {
    savedHome = process.env.HOME;
  });
  afterEach(() => {
    process.env.HOME = savedHome;
  });

  it('refuses ~/.aws and a link to the home folder; no query reads the credentials', async () => {
    const { home } = fakeHome();
    process.env.HOME = home;
    const links = tempDir();
    fs.symlinkSync(home, path.join(links, 'logs'));
    for (const source of [path.join(home, '.aws'), path.join(links, 'logs')]) {
      const engine = engineFor([source]);
      try {
        const r = await collect(
          engine,
          request('local', `SELECT * FROM read_text('${path.join(home, '.aws', 'credentials')}')`),
        );
        assert.equal(r.error?.code, 'UnsafeDataSource');
        assert.match(String(r.error?.message), /where credentials live; choose the folder that holds the log files/);
        assert.ok(!JSON.stringify(r).includes('not-for-queries'));
      } finally {
        await engine.dispose();
      }
    }
  });

  it('loads a folder with a link loop once, and a link out of it not at all', async () => {
    const data = tempDir();
    const outside = tempDir();
    writeCloudTrail(path.join(data, cloudTrailKey('a')), storyRecords());
    writeCloudTrail(path.join(outside, cloudTrailKey('b')), storyRecords());
    fs.symlinkSync(data, path.join(data, 'loop'));
    fs.symlinkSync(outside, path.join(data, 'elsewhere'));
    const engine = engineFor([data]);
    try {
      const r = await rowsOf(engine, request('local', 'SELECT count(*), count(DISTINCT _file) FROM ct_events'));
      assert.deepEqual(r.rows, [[storyRecords().length, 1]]);
      assert.equal(r.metadata.context.files, '1');
      assert.match(r.metadata.context.loadProblems ?? '', /elsewhere: symbolic link to .*; not followed/);
      const through = await collect(
        engine,
        request('local', `SELECT count(*) FROM read_json_auto('${path.join(data, 'elsewhere', cloudTrailKey('b'))}')`),
      );
      assert.match(String(through.error?.message), /Permission Error/);
    } finally {
      await engine.dispose();
    }
  });
});
