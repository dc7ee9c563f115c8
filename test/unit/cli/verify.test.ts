// `irp verify`: every evidence file of a report recorded by `irp run` is checked against the report and against its
// run's manifest, so editing an evidence file is caught even when its hash line in the report is edited to match.
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseReport } from '../../../src/core/report';
import { generateScenarioData, loadScenario } from '../../../src/core/tabletop';
import { WORKER } from '../local/helpers';
import { runCli } from '../runCli';

const REPO = path.resolve(__dirname, '../../../..');
const PLAYBOOK = path.join(REPO, 'playbooks/unauthorized-network-changes.md');

interface VerifyJson {
  report: string;
  ok: boolean;
  checked: number;
  problems: number;
  checks: { path: string; ok: boolean; problem?: string }[];
}

describe('irp verify', () => {
  let recorded: string;
  let dir: string;
  before(async () => {
    recorded = fs.mkdtempSync(path.join(os.tmpdir(), 'irp-verify-'));
    const data = path.join(recorded, 'data');
    const loaded = await loadScenario(path.join(REPO, 'tabletops/leaked-key-open-ssh'));
    assert.ok(loaded.scenario);
    await generateScenarioData(loaded.scenario, data);
    const start = Date.parse(loaded.scenario.start);
    const window = `${new Date(start - 86_400_000).toISOString()}/${new Date(start + 2 * 86_400_000).toISOString()}`;
    const r = await runCli(
      [
        'run',
        PLAYBOOK,
        '--report',
        'r.md',
        '--step',
        'review-cloudtrail',
        '--data',
        data,
        '--param',
        `window=${window}`,
      ],
      recorded,
      { IRP_LOCAL_ENGINE_WORKER: WORKER },
    );
    assert.equal(r.code, 0, r.stderr);
  });
  after(() => fs.rmSync(recorded, { recursive: true, force: true }));
  // Each test works on its own copy of the recorded report and evidence.
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'irp-verify-case-'));
    fs.cpSync(path.join(recorded, 'r.md'), path.join(dir, 'r.md'));
    fs.cpSync(path.join(recorded, 'r.evidence'), path.join(dir, 'r.evidence'), { recursive: true });
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const verify = async (...args: string[]) => runCli(['verify', ...args], dir);
  const verifyJson = async () => {
    const r = await verify('r.md', '--json');
    return { code: r.code, out: JSON.parse(r.stdout) as VerifyJson };
  };
  const firstEvidence = () =>
    parseReport(fs.readFileSync(path.join(dir, 'r.md'), 'utf8'))
      .state.steps['review-cloudtrail'].runs.flatMap(run => run.evidence)
      .find(e => e.bytes > 0) ?? assert.fail('the report records evidence');

  it('exits 0 when every file matches, with one line per file and the manifests checked too', async () => {
    const runs = parseReport(fs.readFileSync(path.join(dir, 'r.md'), 'utf8')).state.steps['review-cloudtrail'].runs;
    assert.ok(runs.length >= 2 && runs.every(run => run.manifest), 'each run records its manifest');
    const r = await verify('r.md');
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const files = runs.flatMap(run => [...run.evidence.map(e => e.path), run.manifest?.path]);
    assert.match(r.stdout, new RegExp(`all ${files.length} evidence file\\(s\\) match`));
    const { code, out } = await verifyJson();
    assert.equal(code, 0);
    assert.deepEqual(out, {
      report: 'r.md',
      ok: true,
      checked: files.length,
      problems: 0,
      checks: files.map(p => ({ path: p, ok: true })),
    });
  });

  it('exits 1 when an evidence file was edited', async () => {
    const evidence = firstEvidence();
    fs.appendFileSync(path.join(dir, evidence.path), 'x');
    const { code, out } = await verifyJson();
    assert.equal(code, 1);
    assert.equal(out.ok, false);
    const check = out.checks.find(c => c.path === evidence.path);
    assert.match(check?.problem ?? '', /changed since it was recorded: size is \d+ bytes, the report says/);
  });

  it('exits 1 when a file and its hash line in the report were both edited: the manifest disagrees', async () => {
    const evidence = firstEvidence();
    const file = path.join(dir, evidence.path);
    const tampered = fs.readFileSync(file, 'utf8').replace(/\r\n/, '\r\nforged,row\r\n');
    fs.writeFileSync(file, tampered);
    const sha = createHash('sha256').update(tampered).digest('hex');
    const reportPath = path.join(dir, 'r.md');
    const report = fs.readFileSync(reportPath, 'utf8');
    const line = `${evidence.bytes} bytes, SHA-256 ${evidence.sha256}`;
    assert.ok(report.includes(line));
    fs.writeFileSync(reportPath, report.replace(line, `${Buffer.byteLength(tampered)} bytes, SHA-256 ${sha}`));
    const { code, out } = await verifyJson();
    assert.equal(code, 1);
    const check = out.checks.find(c => c.path === evidence.path);
    assert.match(check?.problem ?? '', /the run's manifest says/);
    assert.match(check?.problem ?? '', /report's size or SHA-256 for it differs from the run's manifest/);
    assert.doesNotMatch(check?.problem ?? '', /the report says/, 'the report itself was made to agree');
  });

  it('exits 1 when a file is missing, and when the manifest line was removed from the report', async () => {
    const evidence = firstEvidence();
    fs.rmSync(path.join(dir, evidence.path));
    let { code, out } = await verifyJson();
    assert.equal(code, 1);
    assert.equal(out.checks.find(c => c.path === evidence.path)?.problem, 'the file is missing');

    fs.rmSync(path.join(dir, 'r.evidence'), { recursive: true });
    fs.cpSync(path.join(recorded, 'r.evidence'), path.join(dir, 'r.evidence'), { recursive: true });
    const reportPath = path.join(dir, 'r.md');
    fs.writeFileSync(reportPath, fs.readFileSync(reportPath, 'utf8').replace(/^- \*\*Evidence manifest:\*\*.*\n/m, ''));
    ({ code, out } = await verifyJson());
    assert.equal(code, 1);
    assert.ok(
      out.checks.some(c => /the report does not record it/.test(c.problem ?? '')),
      JSON.stringify(out.checks),
    );
  });

  it('exits 2 on usage errors', async () => {
    assert.equal((await verify()).code, 2);
    assert.equal((await verify('r.md', 'other.md')).code, 2);
    assert.equal((await verify('r.md', '--csv')).code, 2);
    const missing = await verify('no-such-report.md');
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /cannot read "no-such-report\.md"/);
  });
});
