// `irp aws` and `irp run --allow-action`, in-process, with AWS_ENDPOINT_URL pointing the real SDK at the emulator.
import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseReport } from '../../../src/core/report';
import { DEFAULT_CREDENTIALS_ENV, startEmulator, type Emulator } from '../../emulator';
import { runCli } from '../runCli';
import { IAM_SEED, LEAKED_KEY, regionSeed, RULE_ID, SG_ID } from './inventory';

const PLAYBOOK = `---
id: contain-key
title: Contain a leaked key
version: 1.0.0
parameters:
  key:
    type: accessKeyId
---
## Detection
### Inventory {#inventory}
\`\`\`aws id=rules title="Security group rules"
service: ec2
operation: DescribeSecurityGroupRules
regions: us-east-1
\`\`\`
## Containment
### Contain {#contain}
\`\`\`action id=deactivate-key title="Deactivate the leaked key"
service: iam
operation: UpdateAccessKey
input: { UserName: alice, AccessKeyId: "{{key}}", Status: Inactive }
\`\`\`
\`\`\`action id=close-ssh
service: ec2
operation: RevokeSecurityGroupIngress
input: { GroupId: ${SG_ID}, SecurityGroupRuleIds: [${RULE_ID}] }
\`\`\`
`;

describe('irp aws and actions in irp run (emulator)', () => {
  let emulator: Emulator;
  let env: NodeJS.ProcessEnv;
  let dir: string;
  const irp = (args: string[]) => runCli(args, dir, env);

  beforeEach(async () => {
    emulator = await startEmulator();
    emulator.seedInventory(regionSeed('us-east-1'));
    emulator.seedInventory(IAM_SEED);
    env = { AWS_ENDPOINT_URL: emulator.endpoint, ...DEFAULT_CREDENTIALS_ENV, AWS_REGION: 'us-east-1' };
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'irp-aws-cli-'));
    fs.writeFileSync(path.join(dir, 'contain.md'), PLAYBOOK);
  });
  afterEach(async () => {
    await emulator.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('irp aws prints the projected rows as JSON, CSV or a table', async () => {
    const r = await irp(['aws', 'ec2', 'DescribeSecurityGroups', '--param', `GroupIds=["${SG_ID}"]`, '--json']);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.deepEqual(out.rows[0], {
      region: 'us-east-1',
      group_id: SG_ID,
      group_name: 'web',
      vpc_id: 'vpc-0abc0abc0abc0abc0',
      direction: 'ingress',
      protocol: 'tcp',
      from_port: 22,
      to_port: 22,
      peer: '0.0.0.0/0',
      description: 'opened by attacker',
    });
    assert.equal(out.metadata.context.call, 'ec2:DescribeSecurityGroups');
    const csv = await irp(['aws', 'iam', 'ListAccessKeys', '--input', '{"UserName":"alice"}', '--csv']);
    assert.equal(csv.code, 0, csv.stderr);
    assert.equal(csv.stdout.split('\r\n')[0], 'region,user_name,access_key_id,status,created');
    assert.ok(csv.stdout.includes(`${LEAKED_KEY},Active`));
    const table = await irp(['aws', 'eventbridge', 'ListRules', '--region', 'us-east-1']);
    assert.match(table.stdout, /sg-some .*false/);
    assert.deepEqual(emulator.mutatingCalls(), []);
  });

  it('irp aws refuses anything that is not a read with exit 2, before any call', async () => {
    const write = await irp(['aws', 'ec2', 'RevokeSecurityGroupIngress', '--param', `GroupId=${SG_ID}`]);
    assert.equal(write.code, 2);
    assert.match(write.stderr, /refused: ec2:RevokeSecurityGroupIngress is not a read \(it changes the account/);
    const unknown = await irp(['aws', 'iam', 'DeleteUser', '--param', 'UserName=alice']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /iam:DeleteUser is not a read/);
    const service = await irp(['aws', 'dynamodb', 'ListTables']);
    assert.equal(service.code, 2);
    assert.deepEqual(emulator.calls, []);
  });

  it('irp run skips every action not named by --allow-action, and runs and records the one named', async () => {
    const report = path.join(dir, 'incident.md');
    const skipped = await irp([
      'run',
      'contain.md',
      '--report',
      report,
      '--all-queries',
      '--param',
      `key=${LEAKED_KEY}`,
    ]);
    assert.equal(skipped.code, 0, skipped.stderr);
    assert.match(
      skipped.stderr,
      /contain \/ deactivate-key: not run: a containment action runs only with --allow-action deactivate-key/,
    );
    assert.match(skipped.stderr, /contain \/ close-ssh: not run/);
    assert.deepEqual(emulator.mutatingCalls(), []);

    const allowed = await irp([
      'run',
      'contain.md',
      '--report',
      report,
      '--step',
      'contain',
      '--param',
      `key=${LEAKED_KEY}`,
      '--allow-action',
      'deactivate-key',
    ]);
    assert.equal(allowed.code, 0, allowed.stderr);
    assert.match(
      allowed.stderr,
      new RegExp(
        `confirmed by --allow-action: iam:UpdateAccessKey .* on UserName=alice, ` +
          `AccessKeyId=${LEAKED_KEY} in account 111122223333, us-east-1`,
      ),
    );
    assert.deepEqual(
      emulator.mutatingCalls().map(c => c.action),
      ['UpdateAccessKey'],
    );
    const state = parseReport(fs.readFileSync(report, 'utf8')).state;
    const run = state.steps.contain.runs.find(r => r.queryId === 'deactivate-key');
    assert.equal(run?.engine, 'action');
    assert.equal(run?.rowCount, 3, 'before, action and after rows');
    assert.equal(state.steps.inventory.runs[0].engine, 'aws');
  });
});
