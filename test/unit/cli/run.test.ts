// `irp run`: a playbook's query steps run headless and land in the report, on local data and against the emulator.
import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseReport } from '../../../src/core/report';
import { verifyEvidence } from '../../../src/core/run';
import { generateScenarioData, loadScenario } from '../../../src/core/tabletop';
import { DEFAULT_CREDENTIALS, DEFAULT_CREDENTIALS_ENV, startEmulator, type Emulator } from '../../emulator';
import { ctRecord } from '../aws/helpers';
import { WORKER } from '../local/helpers';
import { runCli } from '../runCli';

const REPO = path.resolve(__dirname, '../../../..');
const PLAYBOOK = path.join(REPO, 'playbooks/unauthorized-network-changes.md');

// The compiled worker instead of the bundle, which unit tests do not build.
const irp = (args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) =>
  runCli(['run', ...args], cwd, { IRP_LOCAL_ENGINE_WORKER: WORKER, ...env });

describe('irp run', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'irp-run-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  describe('on local data (the bundled tabletop scenario)', () => {
    let data: string;
    let window: string;
    before(async function () {
      data = fs.mkdtempSync(path.join(os.tmpdir(), 'irp-run-data-'));
      const loaded = await loadScenario(path.join(REPO, 'tabletops/leaked-key-open-ssh'));
      assert.ok(loaded.scenario, 'the bundled scenario loads');
      await generateScenarioData(loaded.scenario, data);
      const start = new Date(loaded.scenario.start);
      window = `${new Date(start.getTime() - 86_400_000).toISOString()}/${new Date(start.getTime() + 2 * 86_400_000).toISOString()}`;
    });
    after(() => fs.rmSync(data, { recursive: true, force: true }));

    it('runs the aws reads local data answers, and names each block it leaves out and why', async () => {
      const playbook = path.join(dir, 'aws.md');
      fs.writeFileSync(
        playbook,
        [
          '---',
          'id: offline-aws',
          'title: Offline aws',
          'version: 1.0',
          '---',
          '',
          '# Offline aws',
          '',
          '## Detection',
          '',
          '### Findings {#findings}',
          '',
          '```aws id=gd title="SSH findings"',
          'service: guardduty',
          'operation: GetFindings',
          'regions: all',
          'input:',
          '  FindingCriteria:',
          '    Criterion:',
          '      type: { Equals: ["UnauthorizedAccess:EC2/SSHBruteForce"] }',
          '```',
          '',
          '```aws id=users title="Users"',
          'service: iam',
          'operation: ListUsers',
          '```',
          '',
          '```action id=revoke title="Revoke"',
          'service: iam',
          'operation: UpdateAccessKey',
          'input: { UserName: ci-deploy, AccessKeyId: AKIAWX3N7QGT5LKE2HVR, Status: Inactive }',
          '```',
          '',
        ].join('\n'),
      );
      const r = await irp(
        [playbook, '--report', 'r.md', '--step', 'findings', '--data', data, '--allow-action', 'revoke'],
        dir,
      );
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stderr, /findings \/ users: not run on local data: iam ListUsers needs the AWS API/);
      assert.match(r.stderr, /findings \/ revoke: not run on local data: a containment action changes AWS/);
      const { state } = parseReport(fs.readFileSync(path.join(dir, 'r.md'), 'utf8'));
      const runs = state.steps.findings.runs;
      assert.deepEqual(
        runs.map(run => [run.queryId, run.engine, run.rowCount, run.error]),
        [['gd', 'local', 1, undefined]],
      );
    });

    it('creates the report, records each run with verified evidence, and starts the steps it ran', async () => {
      const r = await irp(
        [
          PLAYBOOK,
          '--report',
          'incidents/triage.md',
          '--step',
          'review-cloudtrail',
          '--data',
          data,
          '--param',
          `window=${window}`,
        ],
        dir,
      );
      assert.equal(r.code, 0, r.stderr);
      const reportPath = path.join(dir, 'incidents/triage.md');
      const { state, diagnostics } = parseReport(fs.readFileSync(reportPath, 'utf8'));
      assert.deepEqual(
        diagnostics.filter(d => d.severity === 'error'),
        [],
      );
      const step = state.steps['review-cloudtrail'];
      assert.equal(step.status, 'in-progress');
      assert.ok(step.runs.length >= 2, 'every block of the step ran');
      assert.ok(step.runs.every(run => run.engine === 'local' && !run.error));
      // Several blocks: the files are loaded into the cache once, before the first, rather than read for each.
      assert.match(r.stderr, /Loading the log files into the cache for \d+ blocks[^\n]*\n(?:[^\n]*\n)*cache ready/);
      const worldOpen = step.runs.find(run => run.queryId === 'sg-opened-to-world');
      assert.ok(worldOpen && worldOpen.rowCount >= 1, 'the leaked key opening SSH to the world is found');
      const checks = await verifyEvidence(reportPath, state);
      assert.ok(checks.length >= step.runs.length);
      assert.ok(
        checks.every(c => c.ok),
        JSON.stringify(checks.filter(c => !c.ok)),
      );
    });

    it('keeps hand edits and earlier runs when it runs again, and says which parameters are missing', async () => {
      const args = [
        PLAYBOOK,
        '--report',
        'r.md',
        '--step',
        'review-cloudtrail',
        '--data',
        data,
        '--param',
        `window=${window}`,
      ];
      assert.equal((await irp(args, dir)).code, 0);
      const reportPath = path.join(dir, 'r.md');
      const handNote = '\nNote typed by hand at the end of the file.\n';
      fs.appendFileSync(reportPath, handNote);
      const before = parseReport(fs.readFileSync(reportPath, 'utf8')).state.steps['review-cloudtrail'].runs.length;
      const again = await irp([...args, '--step', 'identify-actor'], dir);
      assert.equal(again.code, 0);
      assert.match(again.stderr, /instance_id.*required|required.*instance_id/s);
      const text = fs.readFileSync(reportPath, 'utf8');
      assert.ok(text.endsWith(handNote), 'text outside the marked regions is kept byte for byte');
      assert.equal(parseReport(text).state.steps['review-cloudtrail'].runs.length, before * 2);
    });

    it('repairs a deleted runs close marker, keeps every earlier run id, and says which line it repaired', async () => {
      const args = [
        PLAYBOOK,
        '--report',
        'r.md',
        '--step',
        'review-cloudtrail',
        '--data',
        data,
        '--param',
        `window=${window}`,
      ];
      assert.equal((await irp(args, dir)).code, 0);
      const reportPath = path.join(dir, 'r.md');
      const text = fs.readFileSync(reportPath, 'utf8');
      const earlier = parseReport(text).state.steps['review-cloudtrail'].runs.map(r => r.runId);
      const lines = text.split('\n');
      const close = lines.indexOf('<!-- /irp:runs -->', lines.indexOf('<!-- irp:step id="review-cloudtrail" -->'));
      assert.ok(close > 0 && earlier.length > 0);
      fs.writeFileSync(reportPath, [...lines.slice(0, close), ...lines.slice(close + 1)].join('\n'));
      const again = await irp(args, dir);
      assert.equal(again.code, 0, again.stderr);
      assert.match(again.stderr, /r\.md:\d+: repaired: /);
      const after = fs.readFileSync(reportPath, 'utf8');
      for (const id of earlier) assert.ok(after.includes(id), `run ${id} is still in the report`);
      assert.equal(parseReport(after).state.steps['review-cloudtrail'].runs.length, earlier.length * 2);
    });

    it('refuses usage errors with exit code 2', async () => {
      assert.equal((await irp([PLAYBOOK, '--all-queries', '--data', data], dir)).code, 2);
      assert.equal((await irp([PLAYBOOK, '--report', 'x.md', '--data', data], dir)).code, 2);
      assert.equal((await irp([PLAYBOOK, '--report', 'x.md', '--step', 'no-such-step', '--data', data], dir)).code, 2);
    });
  });

  describe('against AWS (the wire emulator)', () => {
    let emulator: Emulator;
    before(async () => {
      emulator = await startEmulator();
    });
    after(() => emulator.close());

    it('runs the CloudTrail lookups with the real SDK and makes no mutating call', async () => {
      const when = new Date(Date.now() - 3_600_000);
      emulator.seedEvents('us-east-1', [
        ctRecord({
          time: when,
          name: 'AuthorizeSecurityGroupIngress',
          id: 'evt-open-ssh',
          requestParameters: {
            groupId: 'sg-0123456789abcdef0',
            ipPermissions: {
              items: [{ ipProtocol: 'tcp', fromPort: 22, toPort: 22, ipRanges: { items: [{ cidrIp: '0.0.0.0/0' }] } }],
            },
          },
        }),
      ]);
      const env = { AWS_ENDPOINT_URL: emulator.endpoint, ...DEFAULT_CREDENTIALS_ENV, AWS_REGION: 'us-east-1' };
      const r = await irp(
        [
          PLAYBOOK,
          '--report',
          'aws.md',
          '--step',
          'review-cloudtrail',
          '--region',
          'us-east-1',
          '--param',
          'window=P1D',
        ],
        dir,
        env,
      );
      const { state } = parseReport(fs.readFileSync(path.join(dir, 'aws.md'), 'utf8'));
      const runs = state.steps['review-cloudtrail'].runs;
      const lookups = runs.filter(run => run.engine === 'cloudtrail');
      assert.ok(lookups.length >= 1, r.stderr);
      assert.ok(
        lookups.some(run => run.rowCount === 1 && run.context.account),
        JSON.stringify(lookups.map(l => l.context)),
      );
      assert.match(r.stderr, /skipped, the athena engine needs --workgroup and --database/);
      assert.deepEqual(emulator.mutatingCalls(), []);
      assert.ok(
        !fs.readFileSync(path.join(dir, 'aws.md'), 'utf8').includes(DEFAULT_CREDENTIALS.secretAccessKey),
        'no secret in the report',
      );
    });
  });
});
