// The report writer: atomic replacement (a kill or a full disk never leaves a partial report), the lock between
// processes with stale-lock takeover, compare-and-swap against writers that do not lock, and errors of the change
// function passed through with the file untouched.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import * as path from 'node:path';
import { isTemporaryFile } from '../../../src/core/fs/atomicWrite';
import { FileLockedError } from '../../../src/core/fs/fileLock';
import { ReportChangedError, updateReportFile } from '../../../src/core/report/reportFile';
import { contentA, contentB } from './writerChild';

const CHILD = path.join(__dirname, 'writerChild.js');
const sha = (text: string | Buffer) => createHash('sha256').update(text).digest('hex');
const pause = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

/** A pid that belonged to a process of this machine and is now gone. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

describe('updateReportFile', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'irp-writer-'));
    file = path.join(dir, 'report.md');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('leaves exactly the old or the new report when the writer is killed at random moments', async function () {
    const whole = new Set([sha(contentA()), sha(contentB())]);
    writeFileSync(file, contentA());
    let killedMidWrite = 0;
    // At least 20 kills; more (up to 100) until one lands mid-write, which a loaded machine can make rarer.
    for (let i = 0; i < 100 && (i < 20 || killedMidWrite === 0); i++) {
      const child = spawn(process.execPath, [CHILD, 'loop', file], { stdio: ['ignore', 'pipe', 'inherit'] });
      const exited = new Promise(resolve => child.on('exit', resolve));
      // Once it has written at least once, kill it somewhere in its loop (read, write, flush, rename).
      await new Promise(resolve => child.stdout.once('data', resolve));
      await pause(Math.random() * 60);
      child.kill('SIGKILL');
      await exited;
      const names = readdirSync(dir);
      assert.ok(
        whole.has(sha(readFileSync(file))),
        `after kill ${i + 1} the report is neither the old nor the new text`,
      );
      const others = names.filter(n => n !== 'report.md' && n !== 'report.md.lock');
      assert.deepEqual(
        others.filter(n => !isTemporaryFile(n)),
        [],
        'nothing else takes a name that could pass for the report',
      );
      assert.ok(others.every(n => !n.endsWith('.md')));
      if (others.length) killedMidWrite++;
    }
    // The next writer takes over the dead writer's lock and clears its temporary files.
    await updateReportFile(file, () => 'final\n', { waitMs: 0 });
    assert.equal(readFileSync(file, 'utf8'), 'final\n');
    assert.deepEqual(readdirSync(dir), ['report.md']);
    assert.ok(killedMidWrite > 0, 'at least one kill landed while a temporary file was being written');
  });

  it('keeps the old report whole and names it when the disk is full (file size limit)', () => {
    const old = 'the old report, every byte of it\n'.repeat(3000);
    writeFileSync(file, old);
    // ulimit -f counts 1024-byte blocks: 1 MB, less than the 4 MB the child writes. Node ignores SIGXFSZ, so the
    // write fails with EFBIG instead of killing the process.
    const r = spawnSync(
      'bash',
      ['-c', 'ulimit -f 1024 && exec "$0" "$@"', process.execPath, CHILD, 'once', file, String(4 << 20)],
      { encoding: 'utf8' },
    );
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, new RegExp(`Could not write ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: .*EFBIG`));
    assert.match(r.stderr, /The file on disk is unchanged\./);
    assert.equal(readFileSync(file, 'utf8'), old);
    assert.deepEqual(readdirSync(dir), ['report.md'], 'the temporary file and the lock are removed');
  });

  it('passes an error of the change through unchanged and leaves the file and lock as they were', async () => {
    writeFileSync(file, 'before\n');
    class Refused extends Error {
      line = 7;
    }
    const refusal = new Refused('damaged structure');
    await assert.rejects(
      updateReportFile(file, () => {
        throw refusal;
      }),
      e => e === refusal,
    );
    assert.equal(readFileSync(file, 'utf8'), 'before\n');
    assert.deepEqual(readdirSync(dir), ['report.md']);
  });

  it('applies edits to the text on disk, creates a missing report only with ifMissing, and skips no-op writes', async () => {
    await assert.rejects(
      updateReportFile(file, t => t),
      /Could not write .*report\.md: the file does not exist/,
    );
    const created = await updateReportFile(file, t => [{ start: t.length, end: t.length, newText: 'two\n' }], {
      ifMissing: () => 'one\n',
    });
    assert.deepEqual(created, { text: 'one\ntwo\n', written: true });
    assert.deepEqual(await updateReportFile(file, t => t), { text: 'one\ntwo\n', written: false });
    assert.equal(readFileSync(file, 'utf8'), 'one\ntwo\n');
  });

  it('recomputes the change when the file changed under it, and gives up after a bounded number of tries', async () => {
    writeFileSync(file, 'start\n');
    let calls = 0;
    // A writer that does not lock (an editor saving) changes the file while the first change is being computed.
    const result = await updateReportFile(file, text => {
      if (calls++ === 0) writeFileSync(file, 'start\nsaved in the editor\n');
      return `${text}recorded run\n`;
    });
    assert.equal(calls, 2);
    assert.equal(result.text, 'start\nsaved in the editor\nrecorded run\n');
    assert.equal(readFileSync(file, 'utf8'), result.text);

    let n = 0;
    await assert.rejects(
      updateReportFile(
        file,
        text => {
          writeFileSync(file, `edit ${++n}\n`);
          return `${text}lost?\n`;
        },
        { attempts: 3 },
      ),
      (e: Error) => e instanceof ReportChangedError && /changed on disk 3 times.*nothing was written/.test(e.message),
    );
    assert.equal(readFileSync(file, 'utf8'), 'edit 3\n', "the other writer's text stays");
    assert.deepEqual(readdirSync(dir), ['report.md']);
  });

  it('takes over a stale lock (its process is gone, or it is too old) and waits for a live one', async () => {
    writeFileSync(file, 'text\n');
    const lock = `${file}.lock`;
    writeFileSync(lock, JSON.stringify({ pid: deadPid(), hostname: hostname(), time: new Date().toISOString() }));
    await updateReportFile(file, t => `${t}after a dead writer\n`, { waitMs: 0 });
    writeFileSync(
      lock,
      JSON.stringify({ pid: 1, hostname: 'another-host', time: new Date(Date.now() - 600_000).toISOString() }),
    );
    await updateReportFile(file, t => `${t}after an old lock\n`, { waitMs: 0 });
    assert.equal(readFileSync(file, 'utf8'), 'text\nafter a dead writer\nafter an old lock\n');
    assert.ok(!existsSync(lock), 'the lock is released');

    // A live writer's lock (this very process, as another writer would hold it) is waited for, then reported.
    writeFileSync(lock, JSON.stringify({ pid: process.pid, hostname: 'another-host', time: new Date().toISOString() }));
    await assert.rejects(
      updateReportFile(file, t => `${t}never\n`, { waitMs: 50 }),
      (e: Error) =>
        e instanceof FileLockedError &&
        e.message.includes(`process ${process.pid} on another-host`) &&
        e.message.includes(lock),
    );
    assert.ok(!readFileSync(file, 'utf8').includes('never'));
    rmSync(lock);
    const waiting = updateReportFile(file, t => `${t}after the lock was released\n`);
    assert.match((await waiting).text, /after the lock was released\n$/);
  });

  it("keeps the report's permissions, and a report reached through a symbolic link stays a link", async () => {
    writeFileSync(file, 'one\n');
    chmodSync(file, 0o640);
    await updateReportFile(file, t => `${t}two\n`);
    assert.equal(statSync(file).mode & 0o777, 0o640);
    const link = path.join(dir, 'link.md');
    symlinkSync(file, link);
    await updateReportFile(link, t => `${t}three\n`);
    assert.ok(lstatSync(link).isSymbolicLink());
    assert.equal(readFileSync(file, 'utf8'), 'one\ntwo\nthree\n');
  });

  it('serialises many writers of one report: every change lands', async () => {
    writeFileSync(file, '');
    await Promise.all(Array.from({ length: 20 }, (_, i) => updateReportFile(file, t => `${t}line ${i}\n`)));
    const lines = readFileSync(file, 'utf8').trim().split('\n').sort();
    assert.deepEqual(lines, Array.from({ length: 20 }, (_, i) => `line ${i}`).sort());
  });
});
