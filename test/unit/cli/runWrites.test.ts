// How `irp run` writes the report, with real processes: two of them recording into one report at once while a third
// adds a line of its own (every run of both lands, the added line stays: each run is applied to the report as it is on
// disk, under the lock), and a write that fails for lack of space (the old report stays whole, the command says so).
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parsePlaybook } from '../../../src/core/playbook/parser';
import { createReport, parseReport } from '../../../src/core/report';
import { generateScenarioData, loadScenario } from '../../../src/core/tabletop';
import { WORKER } from '../local/helpers';
import { runCli } from '../runCli';

const REPO = path.resolve(__dirname, '../../../..');
const PLAYBOOK = path.join(REPO, 'playbooks/unauthorized-network-changes.md');
const CLI = path.resolve(__dirname, '../../../src/cli/main.js');
const WRITER = path.resolve(__dirname, '../report/writerChild.js');

function start(
  args: string[],
  cwd: string,
  fileSizeLimitKiB?: number,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env = { ...process.env, IRP_LOCAL_ENGINE_WORKER: WORKER };
  // `ulimit -f` makes writes past the limit fail with EFBIG, as on a full disk (Node ignores SIGXFSZ).
  const child =
    fileSizeLimitKiB === undefined
      ? spawn(process.execPath, args, { cwd, env })
      : spawn('bash', ['-c', `ulimit -f ${fileSizeLimitKiB} && exec "$0" "$@"`, process.execPath, ...args], {
          cwd,
          env,
        });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', d => {
    stdout += d;
  });
  child.stderr.on('data', d => {
    stderr += d;
  });
  return new Promise(resolve => child.on('close', code => resolve({ code, stdout, stderr })));
}

describe('irp run, writing the report', () => {
  let dir: string;
  let window: string;
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'irp-run-two-'));
    const loaded = await loadScenario(path.join(REPO, 'tabletops/leaked-key-open-ssh'));
    assert.ok(loaded.scenario);
    await generateScenarioData(loaded.scenario, path.join(dir, 'data'));
    const at = Date.parse(loaded.scenario.start);
    window = `${new Date(at - 86_400_000).toISOString()}/${new Date(at + 2 * 86_400_000).toISOString()}`;
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('records every run of both and keeps a line another process added meanwhile', async () => {
    const run = (cache: string) =>
      start(
        [
          CLI,
          'run',
          PLAYBOOK,
          '--report',
          'incidents/shared.md',
          '--step',
          'review-cloudtrail',
          '--data',
          'data',
          '--cache',
          cache,
          '--param',
          `window=${window}`,
          '--json',
        ],
        dir,
      );
    const userLine = 'Called the account owner at 14:05, typed while irp run was recording.';
    const [first, second, added] = await Promise.all([
      run('cache-1'),
      run('cache-2'),
      start([WRITER, 'append', path.join(dir, 'incidents/shared.md'), userLine], dir),
    ]);
    assert.equal(first.code, 0, first.stderr);
    assert.equal(second.code, 0, second.stderr);
    assert.equal(added.code, 0, added.stderr);
    const recorded = [first, second].map(r =>
      (JSON.parse(r.stdout) as { runs: { run: { runId: string } }[] }).runs.map(x => x.run.runId),
    );
    assert.ok(
      recorded.every(ids => ids.length >= 2),
      'each process ran several queries',
    );

    const text = fs.readFileSync(path.join(dir, 'incidents/shared.md'), 'utf8');
    const { state, diagnostics } = parseReport(text);
    assert.deepEqual(
      diagnostics.filter(d => d.severity === 'error'),
      [],
    );
    const inReport = Object.values(state.steps).flatMap(s => s.runs.map(r => r.runId));
    assert.equal(
      inReport.length,
      recorded[0].length + recorded[1].length,
      'the report holds the runs of both processes',
    );
    assert.deepEqual([...inReport].sort(), [...recorded[0], ...recorded[1]].sort());
    assert.ok(text.includes(`${userLine}\n`), 'the line added meanwhile is kept');
    assert.equal((await runCli(['verify', 'incidents/shared.md'], dir)).code, 0, 'the evidence of both runs verifies');
    assert.deepEqual(
      fs.readdirSync(path.join(dir, 'incidents')).sort(),
      ['shared.evidence', 'shared.md'],
      'no lock or temporary file is left',
    );
  });

  it('leaves the old report whole and names it when the disk fills up while it records', async () => {
    const playbook =
      parsePlaybook(fs.readFileSync(PLAYBOOK, 'utf8')).playbook ?? assert.fail('the shipped playbook parses');
    const created = createReport(playbook, { mode: 'live', playbookPath: PLAYBOOK, now: new Date() }).text;
    // Larger than the file size limit below; the evidence and the engine's cache stay under it.
    const old = `${created}\n${'A timeline typed by hand, which must survive a full disk.\n'.repeat(420_000)}`;
    const reportPath = path.join(dir, 'full.md');
    fs.writeFileSync(reportPath, old);
    const r = await start(
      [
        CLI,
        'run',
        PLAYBOOK,
        '--report',
        'full.md',
        '--step',
        'review-cloudtrail',
        '--data',
        'data',
        '--cache',
        'cache-full',
        '--param',
        `window=${window}`,
      ],
      dir,
      16 * 1024,
    );
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /ran, but could not be recorded in the report; its evidence is full\.evidence\//);
    assert.ok(r.stderr.includes(`Could not write ${reportPath}: `), r.stderr);
    assert.match(r.stderr, /EFBIG.*The disk \(or a file size limit\) is full\. The file on disk is unchanged\./s);
    assert.ok(fs.readFileSync(reportPath, 'utf8') === old, 'the report is exactly the old one');
    assert.deepEqual(
      fs.readdirSync(dir).filter(n => n.includes('full.md')),
      ['full.md'],
      'no temporary file or lock is left',
    );
  });
});
