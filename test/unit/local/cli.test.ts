import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { runLocalLookup } from '../../../src/cli/commands/localLookup';
import { sqlCommand } from '../../../src/cli/commands/sql';
import type { CliIo } from '../../../src/cli/io';
import { FORMATS, WORKER, tempDir } from './helpers';

function io(cwd: string): CliIo & { out: string; err: string } {
  const captured = { out: '', err: '' };
  return Object.assign(captured, {
    stdout: (t: string) => {
      captured.out += t;
    },
    stderr: (t: string) => {
      captured.err += t;
    },
    // The compiled worker instead of the bundle, which unit tests do not build.
    cwd,
    env: { IRP_LOCAL_ENGINE_WORKER: WORKER },
  });
}

describe('irp sql and irp lookup --data', function () {
  it('runs Athena SQL over local files and prints JSON, with load problems on stderr', async () => {
    const cwd = tempDir();
    const out = io(cwd);
    const code = await sqlCommand(
      [
        '--data',
        FORMATS,
        '--json',
        'SELECT eventid FROM cloudtrail WHERE eventid LIKE ? ORDER BY 1'.replace('?', "'ev-arr-%'"),
      ],
      out,
    );
    assert.equal(code, 0, out.err);
    assert.deepEqual(JSON.parse(out.out).rows, [{ eventid: 'ev-arr-1' }, { eventid: 'ev-arr-2' }]);
    assert.match(out.err, /problems while loading \(4 record\(s\), 6 file\(s\) skipped\)/);
    assert.ok(fs.existsSync(path.join(cwd, '.irp-cache', 'local-data.duckdb')));
  });

  it('prints CSV with formula-like cells neutralised', async () => {
    const out = io(tempDir());
    const code = await sqlCommand(
      [
        '--data',
        path.join(FORMATS, 'flow-default.log'),
        '--csv',
        'SELECT srcaddr, log_status FROM vpc_flow_logs ORDER BY log_status DESC',
      ],
      out,
    );
    assert.equal(code, 0, out.err);
    assert.equal(out.out, "srcaddr,log_status\r\n10.1.0.5,OK\r\n'-,NODATA\r\n");
  });

  it('explains usage errors and SQL errors', async () => {
    await assert.rejects(sqlCommand(['SELECT 1'], io(tempDir())), /--data/);
    const out = io(tempDir());
    assert.equal(await sqlCommand(['--data', FORMATS, 'SELECT nope FROM vpc_flow_logs'], out), 1);
    assert.match(out.err, /nope/);
  });

  it('looks up events like LookupEvents', async () => {
    const out = io(tempDir());
    const code = await runLocalLookup(
      [
        '--data',
        FORMATS,
        '--attribute',
        'Username=root',
        '--start',
        '2026-11-21T00:00:00Z',
        '--end',
        '2026-11-22T00:00:00Z',
        '--json',
      ],
      out,
    );
    assert.equal(code, 0, out.err);
    const rows = JSON.parse(out.out).Events as Array<Record<string, string>>;
    assert.deepEqual(
      rows.map(r => r.EventId),
      ['ev-jl-2', 'ev-jl-1', 'ev-arr-2', 'ev-arr-1', 'ev-lk-1'],
    );
    assert.equal(JSON.parse(rows[0].CloudTrailEvent).eventName, 'CreateAccessKey');
    assert.ok(
      rows.every(r => Array.isArray(r.Resources)),
      'Resources is a list, as LookupEvents gives it',
    );
    const table = io(tempDir());
    assert.equal(await runLocalLookup(['--data', FORMATS, '--attribute', 'EventName=CreateSecurityGroup'], table), 0);
    assert.match(table.out, /EventId\s+EventName\s+EventTime/);
    assert.match(table.out, /ev-s3-1\s+CreateSecurityGroup\s+2026-11-21T08:00:00Z/);
    const bad = io(tempDir());
    assert.equal(await runLocalLookup(['--data', FORMATS, '--attribute', 'Nope=x'], bad), 1);
    assert.match(bad.err, /attribute must be Key=Value/);
  });

  it('refuses a cache folder that is or holds a --data folder, instead of answering 0 rows; one inside it works', async () => {
    const cwd = tempDir();
    const data = path.join(cwd, 'logs');
    fs.cpSync(path.join(FORMATS, 'records.jsonl'), path.join(data, 'records.jsonl'));
    for (const [cache, how] of [
      ['logs', 'is'],
      ['.', 'holds'],
    ]) {
      const sql = io(cwd);
      assert.equal(await sqlCommand(['--data', 'logs', '--cache', cache, 'SELECT count(*) FROM cloudtrail'], sql), 1);
      assert.match(
        sql.err,
        new RegExp(`the cache folder .* ${how} the data source ${data}: .*--cache <folder> that is not`),
      );
      assert.equal(sql.out, '');
      const lookup = io(cwd);
      assert.equal(
        await runLocalLookup(['--data', 'logs', '--cache', cache, '--attribute', 'Username=root'], lookup),
        1,
      );
      assert.match(lookup.err, new RegExp(`the cache folder .* ${how} the data source`));
    }
    assert.deepEqual(fs.readdirSync(data), ['records.jsonl'], 'nothing was written into the data folder');
    const inside = io(cwd);
    assert.equal(
      await sqlCommand(
        ['--data', 'logs', '--cache', 'logs/.irp-cache', '--csv', 'SELECT count(*) AS n FROM cloudtrail'],
        inside,
      ),
      0,
      inside.err,
    );
    assert.notEqual(inside.out.trim().split(/\r?\n/)[1], '0', 'the cache inside the data folder hid the logs');
  });
});
