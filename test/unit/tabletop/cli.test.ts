import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { parsePlaybook } from '../../../src/core/playbook/parser';
import { emptyStepState } from '../../../src/core/report/model';
import { renderReport } from '../../../src/core/report/render';
import { runCli } from '../runCli';
import { BUNDLED_SCENARIO_DIR, minimalScenario, removeDir, REPO_ROOT, tempDir } from './helpers';

async function irp(args: string[], cwd: string): Promise<{ code: number; out: string; err: string }> {
  const { code, stdout, stderr } = await runCli(args, cwd);
  return { code, out: stdout, err: stderr };
}

describe('irp tabletop', () => {
  let work: string;
  before(() => {
    work = tempDir('cli');
  });
  after(() => removeDir(work));

  it("generates a scenario's logs and tells the facilitator what they hide", async () => {
    const r = await irp(
      ['tabletop', 'generate', path.relative(work, BUNDLED_SCENARIO_DIR), '--out', 'data', '--scale', '0.5'],
      work,
    );
    assert.equal(r.err, '');
    assert.equal(r.code, 0);
    assert.match(
      r.out,
      /^Wrote \d+ CloudTrail events in \d+ files and \d+ flow-log records in \d+ files to .*data \(seed 20261120, scale 0\.5\)/,
    );
    assert.match(r.out, /access key AKIAWX3N7QGT5LKE2HVR of ci-deploy, used from 203\.0\.113\.77/);
    assert.ok(fs.existsSync(path.join(work, 'data/AWSLogs/111122223333/CloudTrail/eu-west-1/2026/11/20')));

    const again = await irp(['tabletop', 'generate', BUNDLED_SCENARIO_DIR, '--out', 'data'], work);
    assert.equal(again.code, 1);
    assert.match(again.err, /already holds logs.*--replace/);

    const json = await irp(
      [
        'tabletop',
        'generate',
        path.join(BUNDLED_SCENARIO_DIR, 'scenario.md'),
        '--out',
        'data',
        '--seed',
        '3',
        '--scale',
        '0.2',
        '--replace',
        '--json',
      ],
      work,
    );
    assert.equal(json.code, 0, json.err);
    const summary = JSON.parse(json.out) as { seed: number; files: unknown[]; story: { accessKeyId: string } };
    assert.equal(summary.seed, 3);
    assert.equal(summary.story.accessKeyId, 'AKIAWX3N7QGT5LKE2HVR');
  });

  it('rejects bad usage with exit code 2 and a scenario with errors with exit code 1', async () => {
    for (const args of [
      ['--out', 'x'],
      [BUNDLED_SCENARIO_DIR],
      [BUNDLED_SCENARIO_DIR, '--out', 'x', '--seed', 'one'],
      [BUNDLED_SCENARIO_DIR, '--out', 'x', '--scale', '0'],
      [BUNDLED_SCENARIO_DIR, '--out', 'x', '--colour'],
    ]) {
      const r = await irp(['tabletop', 'generate', ...args], work);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.err}`);
      assert.match(r.err, /^irp tabletop: (.*usage: irp tabletop generate|--(seed|scale) must be)/);
    }
    fs.writeFileSync(
      path.join(work, 'broken.md'),
      minimalScenario({ frontMatter: ['id: broken', 'title: B', 'playbook: p', 'seed: x'] }),
    );
    const r = await irp(['tabletop', 'generate', 'broken.md', '--out', 'y'], work);
    assert.equal(r.code, 1);
    assert.match(r.err, /^broken\.md:5:7: error: Front matter "seed"/m);
    assert.match(r.err, /broken\.md:\d+:\d+: error: Front matter: "start:" is required/);
    assert.equal(fs.existsSync(path.join(work, 'y')), false);
    const missing = await irp(['tabletop', 'generate', 'nowhere', '--out', 'y'], work);
    assert.equal(missing.code, 1);
    assert.match(missing.err, /Cannot read the scenario .*nowhere: no such file/);
  });

  it('scores a report in the debrief, and writes it into the exercise section with --write', async () => {
    const playbook = parsePlaybook(
      fs.readFileSync(path.join(REPO_ROOT, 'playbooks/unauthorized-network-changes.md'), 'utf8'),
    ).playbook;
    assert.ok(playbook);
    const report = path.join(work, 'report.md');
    const state = {
      header: {
        incidentId: 'abc123',
        title: 'Exercise',
        playbookId: playbook.id,
        playbookVersion: playbook.version,
        playbookPath: 'playbooks/unauthorized-network-changes.md',
        createdAt: '2026-11-20T18:00:00Z',
        mode: 'exercise' as const,
        dataSources: [],
        parameters: {},
      },
      steps: { 'identify-actor': { ...emptyStepState(), notes: 'The key AKIAWX3N7QGT5LKE2HVR opened it.' } },
    };
    fs.writeFileSync(report, renderReport(playbook, state));
    const md = await irp(['tabletop', 'debrief', BUNDLED_SCENARIO_DIR, 'report.md'], work);
    assert.equal(md.code, 0, md.err);
    assert.match(md.out, /^### Debrief/);
    assert.match(
      md.out,
      /\| The leaked access key \| found \| notes of identify-actor: The key AKIAWX3N7QGT5LKE2HVR opened it\. \|/,
    );
    assert.ok(!fs.readFileSync(report, 'utf8').includes('tabletop:exercise'), 'written without --write');
    const json = await irp(['tabletop', 'debrief', BUNDLED_SCENARIO_DIR, 'report.md', '--json', '--write'], work);
    const results = JSON.parse(json.out) as { findingId: string; found: boolean }[];
    assert.deepEqual(
      results.filter(r => r.found).map(r => r.findingId),
      ['f-access-key'],
    );
    const written = fs.readFileSync(report, 'utf8');
    assert.match(written, /<!-- tabletop:exercise scenario="leaked-key-open-ssh" -->\n## Exercise: /);
    assert.match(written, /### Debrief/);
    const usage = await irp(['tabletop', 'debrief', BUNDLED_SCENARIO_DIR], work);
    assert.equal(usage.code, 2);
    const noReport = await irp(['tabletop', 'debrief', BUNDLED_SCENARIO_DIR, 'missing.md'], work);
    assert.equal(noReport.code, 2);
    assert.match(noReport.err, /cannot read the report "missing\.md"/);
  });

  it('is listed in the usage', async () => {
    const r = await irp(['--help'], REPO_ROOT);
    assert.match(r.out, /tabletop generate <scenario> --out <dir>/);
    assert.match(r.out, /tabletop debrief <scenario> <report\.md>/);
  });
});
