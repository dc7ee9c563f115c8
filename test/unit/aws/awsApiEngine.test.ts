import * as assert from 'node:assert/strict';
import { AwsApiEngine } from '../../../src/core/aws/api/awsApiEngine';
import { sdkOperation } from '../../../src/core/aws/api/sdk';
import type { QueryRequest } from '../../../src/core/engine/types';
import type { ParameterDefinition } from '../../../src/core/playbook/model';
import { DEFAULT_ENABLED_REGIONS, type Emulator } from '../../emulator';
import { cell, collect, parameter, startEmulatorSession } from './helpers';
import { DETECTOR_ID, IAM_SEED, INSTANCE_ID, LEAKED_KEY, regionSeed, RULE_ID, SG_ID } from './inventory';
import type { AwsSession } from '../../../src/core/aws/session';

function request(
  text: string,
  parameters: Record<string, string> = {},
  definitions: ParameterDefinition[] = [],
  rowCap?: number,
): QueryRequest {
  return { engine: 'aws', queryId: 'q', text, parameters, definitions, rowCap };
}

describe('AWS API engine against the emulator (real SDK clients)', () => {
  let emulator: Emulator;
  let session: AwsSession;
  let close: () => Promise<void>;
  const run = (req: QueryRequest, enabledRegions?: string[]) =>
    collect(new AwsApiEngine(session, { enabledRegions }).run(req, new AbortController().signal));

  before(async () => {
    ({ emulator, session, close } = await startEmulatorSession('us-east-1'));
    emulator.seedInventory(regionSeed('us-east-1'));
    emulator.seedInventory(regionSeed('eu-west-1'));
    emulator.seedInventory(IAM_SEED);
  });
  after(() => close());
  beforeEach(() => {
    emulator.calls.length = 0;
  });
  afterEach(() => assert.deepEqual(emulator.mutatingCalls(), [], 'a read-only engine sent a mutating call'));

  it('EC2 DescribeSecurityGroups: one row per rule and peer, in each listed region', async () => {
    const c = await run(
      request(
        'service: ec2\noperation: DescribeSecurityGroups\nregions: us-east-1, eu-west-1\n' +
          'input: { GroupIds: [{{sg}}] }',
        { sg: SG_ID },
        [parameter('sg', 'securityGroupId')],
      ),
    );
    assert.equal(c.error, undefined);
    assert.deepEqual(
      c.columns.map(col => col.name),
      [
        'region',
        'group_id',
        'group_name',
        'vpc_id',
        'direction',
        'protocol',
        'from_port',
        'to_port',
        'peer',
        'description',
      ],
    );
    const east = c.rows.filter(r => r[0] === 'us-east-1');
    assert.deepEqual(east, [
      ['us-east-1', SG_ID, 'web', 'vpc-0abc0abc0abc0abc0', 'ingress', 'tcp', 22, 22, '0.0.0.0/0', 'opened by attacker'],
      ['us-east-1', SG_ID, 'web', 'vpc-0abc0abc0abc0abc0', 'ingress', 'tcp', 22, 22, '10.0.0.0/8', null],
      ['us-east-1', SG_ID, 'web', 'vpc-0abc0abc0abc0abc0', 'egress', 'all', null, null, '0.0.0.0/0', null],
    ]);
    assert.equal(c.rows.length, 6);
    assert.equal(c.metadata.context.call, 'ec2:DescribeSecurityGroups');
    assert.equal(c.metadata.context.account, '111122223333');
  });

  it('EC2 DescribeInstances lists stopped instances too, with their volumes and groups', async () => {
    const c = await run(request('service: ec2\noperation: DescribeInstances'));
    assert.deepEqual(
      c.rows.map(r => [cell(c, c.rows.indexOf(r), 'instance_id'), cell(c, c.rows.indexOf(r), 'state')]),
      [
        [INSTANCE_ID, 'running'],
        ['i-0fedcba9876543210', 'stopped'],
      ],
    );
    assert.equal(cell(c, 0, 'name'), 'bastion');
    assert.equal(cell(c, 0, 'public_ip'), '198.51.100.7');
    assert.equal(cell(c, 0, 'volumes'), 'vol-0123456789abcdef0');
    assert.equal(cell(c, 0, 'launch_time'), '2026-11-20T14:05:00.000Z');
  });

  it("DescribeImages lists only the account's own images unless the block names other owners", async () => {
    const own = await run(request('service: ec2\noperation: DescribeImages'));
    assert.deepEqual(
      own.rows.map(r => [r[1], r[6]]),
      [['ami-0aaaaaaaaaaaaaaa1', '111122223333']],
    );
    const other = await run(request('service: ec2\noperation: DescribeImages\ninput: { Owners: ["999999999999"] }'));
    assert.deepEqual(
      other.rows.map(r => r[1]),
      ['ami-0bbbbbbbbbbbbbbb2'],
    );
  });

  it('all regions: every enabled region answers DescribeSecurityGroupRules; a disabled one is skipped and named', async () => {
    const c = await run(
      request(
        'service: ec2\noperation: DescribeSecurityGroupRules\nregions: all\n' +
          'input: { Filters: [{ Name: group-id, Values: ["' +
          SG_ID +
          '"] }] }',
      ),
      [...DEFAULT_ENABLED_REGIONS, 'af-south-1'],
    );
    assert.equal(c.error, undefined);
    assert.equal(c.rows.length, 4, 'two rules in each of the two seeded regions');
    assert.deepEqual(
      c.rows.find(r => r[1] === RULE_ID),
      ['us-east-1', RULE_ID, SG_ID, 'ingress', 'tcp', 22, 22, '0.0.0.0/0', 'opened by attacker'],
    );
    assert.equal(c.metadata.context.regionsNotEnabled, 'af-south-1');
    assert.equal(c.metadata.partial, false);
    assert.equal(new Set(emulator.calls.map(call => call.region)).size, DEFAULT_ENABLED_REGIONS.length + 1);
  });

  it('pages through every result with the SDK paginator, and stops at the row cap', async () => {
    emulator.seedInventory(regionSeed('ap-south-1', 12));
    const all = await run(
      request('service: ec2\noperation: DescribeSecurityGroups\nregions: ap-south-1\ninput: { MaxResults: 5 }'),
    );
    assert.equal(all.rows.length, 36, '12 groups × 3 rules');
    assert.equal(
      emulator.calls.filter(call => call.action === 'DescribeSecurityGroups').length,
      3,
      'pages of 5, 5, 2 groups',
    );
    // The SDK's paginator writes each page's token into the input it is given: regions paging at the same time from
    // one shared input would send each other's tokens and lose pages.
    const shared = { MaxResults: 5 };
    const op = await sdkOperation(session, 'ec2', 'DescribeSecurityGroups', 'ap-south-1');
    for await (const page of op.paginate!(shared)) assert.ok(page.SecurityGroups);
    assert.deepEqual(shared, { MaxResults: 5 });
    emulator.calls.length = 0;
    const capped = await run(
      request(
        'service: ec2\noperation: DescribeSecurityGroups\nregions: ap-south-1\n' + 'input: { MaxResults: 5 }',
        {},
        [],
        10,
      ),
    );
    assert.equal(capped.rows.length, 10);
    assert.equal(capped.metadata.partialReason, 'row-cap');
    assert.equal(emulator.calls.filter(call => call.action === 'DescribeSecurityGroups').length, 1);
  });

  it('GuardDuty GetFindings with FindingCriteria: finds the detector, lists the matching ids, gets the findings', async () => {
    const c = await run(
      request(
        'service: guardduty\noperation: GetFindings\n' +
          'input: { FindingCriteria: { Criterion: { severity: { GreaterThanOrEqual: 4 }, "service.archived": { Equals: ["false"] } } } }',
      ),
    );
    assert.equal(c.error, undefined);
    assert.deepEqual(
      emulator.calls.map(call => call.action),
      ['ListDetectors', 'ListFindings', 'GetFindings'],
    );
    assert.equal(c.rows.length, 1);
    assert.equal(cell(c, 0, 'finding_id'), 'f1');
    assert.equal(cell(c, 0, 'type'), 'UnauthorizedAccess:EC2/SSHBruteForce');
    assert.equal(cell(c, 0, 'remote_ip'), '203.0.113.9');
    assert.equal(cell(c, 0, 'instance_id'), INSTANCE_ID);
    assert.equal(cell(c, 0, 'count'), 42);
    const ids = await run(
      request(`service: guardduty\noperation: ListFindings\ninput: { DetectorId: ${DETECTOR_ID} }`),
    );
    assert.deepEqual(
      ids.rows.map(r => r.slice(1)),
      [
        [DETECTOR_ID, 'f1'],
        [DETECTOR_ID, 'f2'],
      ],
    );
  });

  it('IAM (global) ListAccessKeys and GetAccessKeyLastUsed, STS GetAccessKeyInfo', async () => {
    const keys = await run(
      request('service: iam\noperation: ListAccessKeys\nregions: all\ninput: { UserName: alice }'),
    );
    assert.deepEqual(keys.rows, [['us-east-1', 'alice', LEAKED_KEY, 'Active', '2026-01-01T00:00:00.000Z']]);
    assert.equal(
      emulator.calls.filter(call => call.action === 'ListAccessKeys').length,
      1,
      'IAM is asked once, not per region',
    );
    const owner = await run(
      request(`service: sts\noperation: GetAccessKeyInfo\ninput: { AccessKeyId: ${LEAKED_KEY} }`),
    );
    assert.deepEqual(owner.rows, [['us-east-1', LEAKED_KEY, '111122223333']]);
    const used = await run(
      request(`service: iam\noperation: GetAccessKeyLastUsed\ninput: { AccessKeyId: ${LEAKED_KEY} }`),
    );
    assert.equal(cell(used, 0, 'user_name'), 'alice');
  });

  it('EventBridge rules: says which rule covers all five security-group calls and what the other misses', async () => {
    const c = await run(request('service: eventbridge\noperation: ListRules'));
    assert.deepEqual(
      c.rows.map(r => [
        cell(c, c.rows.indexOf(r), 'name'),
        cell(c, c.rows.indexOf(r), 'covers_sg_changes'),
        cell(c, c.rows.indexOf(r), 'missing_sg_calls'),
      ]),
      [
        ['sg-changes', true, ''],
        ['sg-some', false, 'RevokeSecurityGroupEgress, ModifySecurityGroupRules'],
      ],
    );
    const targets = await run(
      request('service: eventbridge\noperation: ListTargetsByRule\ninput: { Rule: sg-changes }'),
    );
    assert.deepEqual(targets.rows, [
      ['us-east-1', 'sg-changes', 'notify', 'arn:aws:sns:us-east-1:111122223333:sec-alerts', null, null],
    ]);
  });

  it('Config, CloudWatch, Security Hub and Lambda reads through their own protocols', async () => {
    const rules = await run(request('service: config\noperation: DescribeConfigRules'));
    assert.equal(cell(rules, 0, 'rule_name'), 'ec2-security-group-ingress');
    assert.equal(cell(rules, 0, 'resource_types'), 'AWS::EC2::SecurityGroup');
    const history = await run(
      request(
        'service: config\noperation: GetResourceConfigHistory\n' +
          `input: { resourceType: "AWS::EC2::SecurityGroup", resourceId: ${SG_ID} }`,
      ),
    );
    assert.equal(cell(history, 0, 'capture_time'), '2026-11-27T10:45:00.000Z');
    const alarms = await run(request('service: cloudwatch\noperation: DescribeAlarms'));
    assert.equal(cell(alarms, 0, 'dimensions'), 'NatGatewayId=nat-0123456789abcdef0');
    assert.equal(cell(alarms, 0, 'threshold'), 5000000);
    const metrics = await run(
      request(
        'service: cloudwatch\noperation: GetMetricData\ninput:\n' +
          '  StartTime: "{{window.start}}"\n  EndTime: "{{window.end}}"\n  MetricDataQueries: [{ Id: bytes, MetricStat: { ' +
          'Metric: { Namespace: AWS/NATGateway, MetricName: BytesOutToDestination }, Period: 900, Stat: Sum } }]',
        { window: '2026-11-27T00:00:00Z/2026-11-28T00:00:00Z' },
        [parameter('window', 'timeWindow')],
      ),
    );
    assert.deepEqual(
      metrics.rows.map(r => r.slice(3)),
      [
        ['2026-11-27T10:45:00.000Z', 6200000, 'Complete'],
        ['2026-11-27T11:00:00.000Z', 180000, 'Complete'],
      ],
    );
    const findings = await run(request('service: securityhub\noperation: GetFindings'));
    assert.deepEqual([cell(findings, 0, 'control_id'), cell(findings, 0, 'resource_id')], ['EC2.19', SG_ID]);
    const functions = await run(request('service: lambda\noperation: ListFunctions\nregions: eu-west-1'));
    assert.equal(cell(functions, 0, 'layers'), 'arn:aws:lambda:eu-west-1:111122223333:layer:miner:1');
    assert.deepEqual([...new Set(emulator.calls.map(call => call.service))].sort(), [
      'config',
      'lambda',
      'monitoring',
      'securityhub',
    ]);
  });

  it('a run cancelled before it starts sends nothing and ends as cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    const c = await collect(
      new AwsApiEngine(session).run(request('service: ec2\noperation: DescribeVolumes'), controller.signal),
    );
    assert.equal(c.metadata.partialReason, 'cancelled');
    assert.deepEqual(
      emulator.calls.filter(call => call.action === 'DescribeVolumes'),
      [],
    );
  });

  it('refuses a write at run time, before anything is sent', async () => {
    const c = await run(
      request(
        'service: ec2\noperation: RevokeSecurityGroupIngress\n' +
          `input: { GroupId: ${SG_ID}, SecurityGroupRuleIds: [${RULE_ID}] }`,
      ),
    );
    assert.equal(c.metadata.error?.code, 'NotAReadOperation');
    assert.match(c.metadata.error?.message ?? '', /ec2:RevokeSecurityGroupIngress is not a read/);
    assert.deepEqual(emulator.calls, []);
  });

  it("a region that fails keeps the other region's rows and makes the run partial", async () => {
    emulator.fault({ service: 'ec2', region: 'eu-west-1', kind: 'access-denied', times: 10 });
    const c = await run(request('service: ec2\noperation: DescribeVolumes\nregions: us-east-1, eu-west-1'));
    assert.equal(c.rows.length, 1);
    assert.equal(c.metadata.partial, true);
    assert.equal(c.metadata.context.failedRegions, 'eu-west-1');
    assert.equal(c.metadata.partialReason, 'regions-failed');
    assert.match(c.metadata.partialDetail ?? '', /Access denied.*ec2:DescribeVolumes in eu-west-1/);
  });
});
