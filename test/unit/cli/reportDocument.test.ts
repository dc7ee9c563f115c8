// The report as a document, from the command line: a tabletop report after `irp run --all-queries` reads as a
// document (few markers, the engine's internals in the run manifests), `irp report lint` says what it lacks, and
// `irp report migrate` moves a report of the earlier layout.
import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseReport } from '../../../src/core/report';
import { generateScenarioData, loadScenario } from '../../../src/core/tabletop';
import { WORKER } from '../local/helpers';
import { runCli } from '../runCli';

const REPO = path.resolve(__dirname, '../../../..');
const PLAYBOOK = path.join(REPO, 'playbooks/unauthorized-network-changes.md');
const env = { IRP_LOCAL_ENGINE_WORKER: WORKER };

/** Share of the lines holding a report marker. */
function markerRatio(text: string): number {
  const lines = text.split('\n');
  return lines.filter(l => /<!-- \/?irp:/.test(l)).length / lines.length;
}

describe('irp: the report as a document', () => {
  let dir: string;
  let report: string;
  let text: string;
  before(async function () {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'irp-doc-'));
    const loaded = await loadScenario(path.join(REPO, 'tabletops/leaked-key-open-ssh'));
    assert.ok(loaded.scenario);
    await generateScenarioData(loaded.scenario, path.join(dir, 'data'));
    report = path.join(dir, 'incidents', 'tabletop.md');
    const params = [
      'window=2026-11-20T00:00:00Z/2026-11-21T00:00:00Z',
      'access_key_id=AKIAWX3N7QGT5LKE2HVR',
      'user_name=ci-deploy',
      'instance_id=i-03c9d7e15b8a2f4e1',
      'security_group_id=sg-0c3f9a12e4b7d6850',
      'suspect_ip=203.0.113.77',
    ].flatMap(p => ['--param', p]);
    const run = await runCli(
      ['run', PLAYBOOK, '--report', report, '--all-queries', '--data', path.join(dir, 'data'), ...params],
      dir,
      env,
    );
    // Three flow-log queries need fields these logs do not have and fail (exit 1); the other runs are recorded.
    assert.ok(run.code === 0 || run.code === 1, run.stderr);
    text = fs.readFileSync(report, 'utf8');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('holds at most one marker line in ten after the tabletop and irp run --all-queries', () => {
    const { state } = parseReport(text);
    assert.ok(Object.values(state.steps).reduce((n, s) => n + s.runs.length, 0) >= 30, 'the runs were recorded');
    assert.ok(markerRatio(text) <= 0.1, `marker ratio ${markerRatio(text).toFixed(3)}`);
  });

  it('keeps engine internals and absolute paths out of the report and puts them in the run manifests', () => {
    assert.doesNotMatch(text, /enginePeakRssMB|engineVersion|\.irp-cache|loadedFiles/);
    assert.ok(!text.includes(dir), 'no absolute path of the workspace');
    assert.match(text, /^ {2}- dataSource: \.\.\/data$/m);
    const { state } = parseReport(text);
    const run = Object.values(state.steps)
      .flatMap(s => s.runs)
      .find(r => r.manifest)!;
    const manifest = JSON.parse(fs.readFileSync(path.join(path.dirname(report), run.manifest!.path), 'utf8'));
    assert.equal(manifest.engine.cache, '../.irp-cache/local-data.duckdb');
    assert.match(manifest.engine.enginePeakRssMB, /^\d+$/);
  });

  it('fences each query as what it is, keeps summary tables short, and never copies the raw event column', () => {
    assert.match(text, /^```cloudtrail-lookup$/m);
    assert.match(text, /^```aws-api$/m);
    assert.match(text, /^```sql$/m);
    const { state } = parseReport(text);
    for (const run of Object.values(state.steps).flatMap(s => s.runs)) {
      assert.ok(run.summary.rows.length <= 5, run.queryId);
      assert.ok(run.summary.columns.length <= 7, run.queryId);
      assert.ok(!run.summary.columns.some(c => /^cloudtrailevent$/i.test(c)), run.queryId);
    }
  });

  it('lints: exit 0 with warnings only, 1 with errors, and --json gives the diagnostics', async () => {
    const open = await runCli(['report', 'lint', report], dir);
    assert.equal(open.code, 0, open.stdout);
    assert.match(open.stdout, /no problems/);
    const contained = text.replace(/^- \*\*Status:\*\* open$/m, '- **Status:** contained');
    const file = path.join(dir, 'incidents', 'contained.md');
    fs.writeFileSync(file, contained);
    const lint = await runCli(['report', 'lint', file, '--json'], dir);
    assert.equal(lint.code, 1);
    const out = JSON.parse(lint.stdout);
    assert.equal(out.playbookUsed, true);
    assert.deepEqual(out.diagnostics.map((d: { code: string }) => d.code).sort(), [
      'no-lead',
      'no-severity',
      'no-summary',
    ]);
    const human = await runCli(['report', 'lint', file], dir);
    assert.match(
      human.stdout,
      /contained\.md:\d+:1: error: The incident is contained but the Summary section is empty/,
    );
  });

  it('migrates a report of the earlier layout in place, once', async () => {
    const file = path.join(dir, 'incidents', 'old.md');
    fs.copyFileSync(path.join(REPO, 'test/fixtures/report/v1/tabletop.md'), file);
    const first = await runCli(['report', 'migrate', file], dir);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /moved to the document layout; 6 line\(s\) you wrote/);
    const migrated = fs.readFileSync(file, 'utf8');
    assert.ok(migrated.startsWith('<!-- irp:header format="2" -->'));
    const again = await runCli(['report', 'migrate', file, '--json'], dir);
    assert.deepEqual(JSON.parse(again.stdout), { file, migrated: false, keptLines: 0 });
    assert.equal(fs.readFileSync(file, 'utf8'), migrated);
  });
});
