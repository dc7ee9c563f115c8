// Every `aws` block of the shipped playbook, run by the AWS API engine with the real SDK clients against the emulator
// holding a small compromised account, returns the rows that account implies and sends nothing that changes it; every
// `action` block reads the state before, asks, and changes nothing when the answer is no.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ActionEngine, type ActionConfirmation } from '../../../src/core/aws/api/actionEngine';
import { AwsApiEngine } from '../../../src/core/aws/api/awsApiEngine';
import type { AwsSession } from '../../../src/core/aws/session';
import type { QueryRequest } from '../../../src/core/engine/types';
import type { Playbook, QueryBlock } from '../../../src/core/playbook/model';
import { parsePlaybook } from '../../../src/core/playbook/parser';
import { allQueries } from '../../../src/core/playbook/query';
import type { Emulator, InventorySeed, WireItem } from '../../emulator';
import { REPO_ROOT } from '../playbook/helpers';
import { type Collected, collect, startEmulatorSession } from './helpers';
import {
  DETECTOR_ID,
  FULL_PATTERN,
  IAM_SEED,
  INSTANCE_ID,
  LEAKED_KEY,
  PARTIAL_PATTERN,
  regionSeed,
  RULE_ID,
  SG_ID,
  VOLUME_ID,
} from './inventory';
import { NAT_ID, NETWORK_EC2, SNAPSHOT_ID, UNLOGGED_VPC_ID, VPC_ID } from './networkInventory';

const REGIONS = ['us-east-1', 'eu-west-1'];
const OTHER_INSTANCE = 'i-0fedcba9876543210';
const MINER_INSTANCE = 'i-0bad0bad0bad0bad0';
const values: Record<string, string> = {
  window: '2026-11-20T00:00:00Z/2026-11-28T00:00:00Z',
  user_name: 'alice',
  access_key_id: LEAKED_KEY,
  security_group_id: SG_ID,
  security_group_rule_id: RULE_ID,
  instance_id: INSTANCE_ID,
  volume_id: VOLUME_ID,
  suspect_ip: '203.0.113.9',
};

/** A GuardDuty finding on the wire (camelCase), inside the window unless `updatedAt` says otherwise. */
function finding(id: string, type: string, resource: WireItem, updatedAt = '2026-11-21T10:00:00.000Z'): WireItem {
  return {
    id,
    type,
    severity: 5,
    title: type,
    updatedAt,
    accountId: '111122223333',
    resource,
    service: { serviceName: 'guardduty', detectorId: DETECTOR_ID, count: 1, archived: false },
  };
}
const onInstance = (instanceId: string) => ({ resourceType: 'Instance', instanceDetails: { instanceId } });
const onKey = (userName: string, accessKeyId: string) => ({
  resourceType: 'AccessKey',
  accessKeyDetails: { userName, accessKeyId },
});

/** An approved group (SSH from inside), then a tag change, then SSH opened to the world: Config lists newest first. */
const sgConfig = (ingress: string[]) =>
  JSON.stringify({
    groupId: SG_ID,
    ipPermissions: [{ ipProtocol: 'tcp', fromPort: 22, toPort: 22, ipv4Ranges: ingress.map(cidrIp => ({ cidrIp })) }],
    ipPermissionsEgress: [{ ipProtocol: '-1', ipv4Ranges: [{ cidrIp: '0.0.0.0/0' }] }],
  });
const configItem = (time: string, ingress: string[], event: string[]) => ({
  resourceId: SG_ID,
  resourceType: 'AWS::EC2::SecurityGroup',
  configurationItemCaptureTime: Date.parse(time) / 1000,
  configurationItemStatus: 'OK',
  configuration: sgConfig(ingress),
  relatedEvents: event,
});

function accountSeed(): InventorySeed[] {
  const east = regionSeed('us-east-1');
  return [
    {
      region: 'us-east-1',
      ec2: { ...east.ec2, ...NETWORK_EC2 },
      guardduty: {
        detectorId: DETECTOR_ID,
        findings: [
          finding('p1', 'Persistence:IAMUser/AnomalousBehavior', onKey('alice', LEAKED_KEY)),
          finding('p2', 'Persistence:IAMUser/AnomalousBehavior', onKey('bob', 'AKIAEXAMPLEOTHER0001')),
          finding(
            'k1',
            'UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS',
            onKey('alice', LEAKED_KEY),
          ),
          finding('t1', 'CryptoCurrency:EC2/BitcoinTool.B', onInstance(INSTANCE_ID)),
          finding('t2', 'CryptoCurrency:EC2/BitcoinTool.B', onInstance(OTHER_INSTANCE)),
          finding('b1', 'UnauthorizedAccess:EC2/SSHBruteForce', onInstance(INSTANCE_ID)),
          finding('b0', 'Recon:EC2/PortProbeUnprotectedPort', onInstance(INSTANCE_ID), '2026-11-19T10:00:00.000Z'),
          finding('r1', 'Behavior:EC2/NetworkPortUnusual', onInstance(INSTANCE_ID)),
          finding('d1', 'UnauthorizedAccess:EC2/MetadataDNSRebind', onInstance(INSTANCE_ID)),
        ],
      },
      lists: {
        'events:Rules': [
          {
            Name: 'sg-changes',
            Arn: 'arn:aws:events:us-east-1:111122223333:rule/sg-changes',
            State: 'ENABLED',
            EventBusName: 'default',
            EventPattern: FULL_PATTERN,
          },
          {
            Name: 'sg-some',
            Arn: 'arn:aws:events:us-east-1:111122223333:rule/sg-some',
            State: 'ENABLED',
            EventBusName: 'default',
            EventPattern: PARTIAL_PATTERN,
          },
        ],
        'config:configurationItems': [
          configItem('2026-11-20T09:23:00Z', ['10.0.0.0/8', '0.0.0.0/0'], ['00000000-0000-4000-8000-000000000009']),
          configItem('2026-11-03T12:00:00Z', ['10.0.0.0/8'], []),
          configItem('2026-11-01T12:00:00Z', ['10.0.0.0/8'], []),
        ],
        'config:EvaluationResults': [
          {
            ComplianceType: 'NON_COMPLIANT',
            EvaluationResultIdentifier: {
              EvaluationResultQualifier: {
                ConfigRuleName: 'vpc-sg-open-only-to-authorized-ports',
                ResourceType: 'AWS::EC2::SecurityGroup',
                ResourceId: SG_ID,
              },
            },
          },
        ],
        'monitoring:MetricAlarms': [
          {
            AlarmName: 'nat-bytes-out',
            StateValue: 'ALARM',
            Namespace: 'AWS/NATGateway',
            MetricName: 'BytesOutToDestination',
            Statistic: 'Sum',
            ComparisonOperator: 'GreaterThanOrEqualToThreshold',
            Threshold: 5000000,
            Period: 900,
            EvaluationPeriods: 1,
            Dimensions: [{ Name: 'NatGatewayId', Value: NAT_ID }],
          },
        ],
        'monitoring:MetricDataResults': [
          {
            Id: 'bytes_out',
            Label: 'BytesOutToDestination (threshold 5000000)',
            StatusCode: 'Complete',
            Timestamps: [1795776300],
            Values: [6200000],
          },
        ],
        'securityhub:Findings': [
          {
            Id: 'sh-1',
            Title: 'EC2.19 unrestricted access to high-risk ports',
            ProductName: 'Security Hub',
            Severity: { Label: 'HIGH' },
            Compliance: { Status: 'FAILED', SecurityControlId: 'EC2.19' },
            Resources: [{ Type: 'AwsEc2SecurityGroup', Id: SG_ID }],
            Workflow: { Status: 'NEW' },
            RecordState: 'ACTIVE',
          },
        ],
      },
    },
    {
      region: 'eu-west-1',
      ec2: {
        reservationSet: [
          {
            reservationId: 'r-0bad0bad0bad0bad0',
            ownerId: '111122223333',
            instancesSet: [
              {
                instanceId: MINER_INSTANCE,
                imageId: 'ami-0ccccccccccccccc3',
                instanceState: { code: 16, name: 'running' },
                instanceType: 'c5.4xlarge',
                launchTime: '2026-11-20T09:31:00.000Z',
                groupSet: [],
                blockDeviceMapping: [],
                tagSet: [],
              },
            ],
          },
        ],
        imagesSet: [
          {
            imageId: 'ami-0ccccccccccccccc3',
            name: 'miner',
            imageState: 'available',
            imageOwnerId: '111122223333',
            isPublic: false,
          },
        ],
        volumeSet: [
          {
            volumeId: 'vol-0bad0bad0bad0bad0',
            size: 100,
            status: 'available',
            volumeType: 'gp3',
            encrypted: false,
            createTime: '2026-11-20T09:32:00.000Z',
            attachmentSet: [],
          },
        ],
      },
      guardduty: {
        detectorId: DETECTOR_ID,
        findings: [finding('k2', 'UnauthorizedAccess:IAMUser/TorIPCaller', onKey('alice', LEAKED_KEY))],
      },
      lists: {
        'lambda:Functions': [
          {
            FunctionName: 'miner',
            FunctionArn: 'arn:aws:lambda:eu-west-1:111122223333:function:miner',
            Runtime: 'python3.12',
            Role: 'arn:aws:iam::111122223333:role/miner',
            LastModified: '2026-11-20T09:35:00.000+0000',
          },
        ],
        'lambda:Layers': [
          {
            LayerName: 'xmrig',
            LayerArn: 'arn:aws:lambda:eu-west-1:111122223333:layer:xmrig',
            LatestMatchingVersion: { Version: 1, CreatedDate: '2026-11-20T09:34:00.000+0000' },
          },
        ],
      },
    },
    {
      iam: {
        ...IAM_SEED.iam,
        users: IAM_SEED.iam!.users!.map(u => ({
          ...u,
          accessKeys: u.accessKeys!.map(k => ({
            ...k,
            LastUsed: { LastUsedDate: '2026-11-21T08:00:00Z', ServiceName: 'ec2', Region: 'eu-west-1' },
          })),
        })),
      },
    },
  ];
}

type Rows = unknown[][];
/** The named columns of every row, in the order the run gave them. */
function inOrder(c: Collected, ...names: string[]): Rows {
  const at = names.map(n => c.columns.findIndex(col => col.name === n));
  assert.ok(
    at.every(i => i >= 0),
    `columns ${names.join(', ')} in ${c.columns.map(col => col.name).join(', ')}`,
  );
  return c.rows.map(r => at.map(i => r[i]));
}
/** The same, sorted: regions answer in any order. */
const pick = (c: Collected, ...names: string[]): Rows =>
  inOrder(c, ...names).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

/** What each aws block returns from the seeded account. */
const EXPECTED: Record<string, (c: Collected) => [Rows, Rows]> = {
  'gd-principal-behaviour': c => [pick(c, 'region', 'finding_id', 'user_name'), [['us-east-1', 'p1', 'alice']]],
  'cw-nat-alarms': c => [
    pick(c, 'region', 'alarm_name', 'metric', 'threshold', 'state'),
    [['us-east-1', 'nat-bytes-out', 'BytesOutToDestination', 5000000, 'ALARM']],
  ],
  'cw-nat-metrics': c => [
    pick(c, 'region', 'id', 'timestamp', 'value'),
    [['us-east-1', 'bytes_out', '2026-11-27T10:45:00.000Z', 6200000]],
  ],
  'eb-sg-change-rules': c => [
    pick(c, 'region', 'name', 'covers_sg_changes', 'missing_sg_calls'),
    [
      ['us-east-1', 'sg-changes', true, ''],
      ['us-east-1', 'sg-some', false, 'RevokeSecurityGroupEgress, ModifySecurityGroupRules'],
    ],
  ],
  'gd-instance-traffic': c => [pick(c, 'region', 'finding_id', 'instance_id'), [['us-east-1', 't1', INSTANCE_ID]]],
  'cfg-sg-history': c => [
    inOrder(c, 'capture_time', 'rules_added', 'rules_removed', 'related_events'),
    [
      ['2026-11-20T09:23:00.000Z', 'ingress tcp 22 0.0.0.0/0', '', '00000000-0000-4000-8000-000000000009'],
      ['2026-11-03T12:00:00.000Z', '', '', ''],
      ['2026-11-01T12:00:00.000Z', null, null, ''],
    ],
  ],
  'sg-rules-now': c => [
    pick(c, 'rule_id', 'peer'),
    [
      [RULE_ID, '0.0.0.0/0'],
      ['sgr-0aaaaaaaaaaaaaaa2', '0.0.0.0/0'],
    ],
  ],
  'cfg-rule-noncompliant': c => [
    pick(c, 'rule_name', 'resource_id', 'compliance'),
    [['vpc-sg-open-only-to-authorized-ports', SG_ID, 'NON_COMPLIANT']],
  ],
  'gd-exposed-instance': c => [
    pick(c, 'region', 'finding_id', 'type'),
    [['us-east-1', 'b1', 'UnauthorizedAccess:EC2/SSHBruteForce']],
  ],
  'vpcs-all-regions': c => [
    pick(c, 'region', 'vpc_id'),
    [
      ['us-east-1', VPC_ID],
      ['us-east-1', UNLOGGED_VPC_ID],
    ],
  ],
  'flow-logs-all-regions': c => [
    pick(c, 'region', 'resource_id', 'traffic_type', 'status'),
    [['us-east-1', VPC_ID, 'ALL', 'ACTIVE']],
  ],
  'gd-instance-remote-addresses': c => [pick(c, 'finding_id', 'type'), [['r1', 'Behavior:EC2/NetworkPortUnusual']]],
  'gd-instance-domains': c => [pick(c, 'finding_id', 'type'), [['d1', 'UnauthorizedAccess:EC2/MetadataDNSRebind']]],
  'key-account': c => [pick(c, 'access_key_id', 'account'), [[LEAKED_KEY, '111122223333']]],
  'key-last-used': c => [
    pick(c, 'user_name', 'last_used', 'last_service', 'last_region'),
    [['alice', '2026-11-21T08:00:00.000Z', 'ec2', 'eu-west-1']],
  ],
  'user-access-keys': c => [pick(c, 'user_name', 'access_key_id', 'status'), [['alice', LEAKED_KEY, 'Active']]],
  'gd-access-key': c => [
    pick(c, 'region', 'finding_id', 'access_key_id'),
    [
      ['eu-west-1', 'k2', LEAKED_KEY],
      ['us-east-1', 'k1', LEAKED_KEY],
    ],
  ],
  'inv-instances': c => [
    pick(c, 'region', 'instance_id', 'state', 'launch_time'),
    [
      ['eu-west-1', MINER_INSTANCE, 'running', '2026-11-20T09:31:00.000Z'],
      ['us-east-1', INSTANCE_ID, 'running', '2026-11-20T14:05:00.000Z'],
      ['us-east-1', OTHER_INSTANCE, 'stopped', '2026-11-21T02:00:00.000Z'],
    ],
  ],
  'inv-images': c => [
    pick(c, 'region', 'image_id'),
    [
      ['eu-west-1', 'ami-0ccccccccccccccc3'],
      ['us-east-1', 'ami-0aaaaaaaaaaaaaaa1'],
    ],
  ],
  'inv-volumes': c => [
    pick(c, 'region', 'volume_id', 'instances'),
    [
      ['eu-west-1', 'vol-0bad0bad0bad0bad0', ''],
      ['us-east-1', VOLUME_ID, INSTANCE_ID],
    ],
  ],
  'inv-snapshots': c => [pick(c, 'region', 'snapshot_id', 'owner'), [['us-east-1', SNAPSHOT_ID, '111122223333']]],
  'inv-lambda-functions': c => [pick(c, 'region', 'function_name'), [['eu-west-1', 'miner']]],
  'inv-lambda-layers': c => [pick(c, 'region', 'layer_name', 'latest_version'), [['eu-west-1', 'xmrig', 1]]],
  'inv-nat-gateways': c => [
    pick(c, 'region', 'nat_gateway_id', 'public_ips'),
    [['us-east-1', NAT_ID, '198.51.100.20']],
  ],
  'inv-elastic-ips': c => [pick(c, 'region', 'public_ip', 'instance_id'), [['us-east-1', '198.51.100.7', INSTANCE_ID]]],
  'sg-rules-restored': c => [pick(c, 'rule_id'), [[RULE_ID], ['sgr-0aaaaaaaaaaaaaaa2']]],
  'cfg-rule-after-fix': c => [pick(c, 'resource_id', 'compliance'), [[SG_ID, 'NON_COMPLIANT']]],
  'sh-network-controls': c => [
    pick(c, 'region', 'control_id', 'compliance', 'resource_id'),
    [['us-east-1', 'EC2.19', 'FAILED', SG_ID]],
  ],
};

describe("the shipped playbook's aws and action blocks against a seeded account (real SDK clients, emulator)", () => {
  let emulator: Emulator;
  let session: AwsSession;
  let close: () => Promise<void>;
  let playbook: Playbook;
  const blocks = (engine: string) => allQueries(playbook).filter(q => q.engine === engine);
  const request = (q: QueryBlock): QueryRequest => ({
    engine: q.engine,
    queryId: q.id,
    text: q.text,
    parameters: values,
    definitions: playbook.parameters,
  });

  before(async () => {
    playbook = parsePlaybook(
      fs.readFileSync(path.join(REPO_ROOT, 'playbooks', 'unauthorized-network-changes.md'), 'utf8'),
    ).playbook!;
    ({ emulator, session, close } = await startEmulatorSession('us-east-1'));
    for (const seed of accountSeed()) emulator.seedInventory(seed);
  });
  after(() => close());
  beforeEach(() => {
    emulator.calls.length = 0;
  });

  it('every aws block is covered here, and none of them sends a call that changes the account', async () => {
    assert.deepEqual(
      blocks('aws')
        .map(q => q.id)
        .sort(),
      Object.keys(EXPECTED).sort(),
    );
    for (const q of blocks('aws')) {
      const c = await collect(
        new AwsApiEngine(session, { enabledRegions: REGIONS }).run(request(q), new AbortController().signal),
      );
      assert.equal(c.error, undefined, `${q.id}: ${c.error?.message}`);
      assert.equal(c.metadata.partial, false, `${q.id}: ${c.metadata.partialReason}`);
      const [actual, expected] = EXPECTED[q.id](c);
      assert.deepEqual(actual, expected, q.id);
    }
    assert.ok(emulator.calls.length > 40, `${emulator.calls.length} calls`);
    assert.deepEqual(emulator.mutatingCalls(), []);
  });

  it('every action block reads the resource, asks with account, region, resource and call, and does nothing on no', async () => {
    const asked: ActionConfirmation[] = [];
    const outcomes = [];
    for (const q of blocks('action')) {
      const c = await collect(
        new ActionEngine(session, async question => {
          asked.push(question);
          return false;
        }).run(request(q), new AbortController().signal),
      );
      outcomes.push([q.id, c.error?.code, c.rows.some(r => r[0] === 'before')]);
    }
    assert.deepEqual(outcomes, [
      ['deactivate-access-key', 'ActionNotConfirmed', true],
      ['revoke-unauthorized-rule', 'ActionNotConfirmed', true],
      ['snapshot-instance-volume', 'ActionNotConfirmed', true],
      ['stop-suspicious-instance', 'ActionNotConfirmed', true],
    ]);
    assert.deepEqual(
      asked.map(a => [a.account, a.region, a.resource]),
      [
        ['111122223333', 'us-east-1', `UserName=alice, AccessKeyId=${LEAKED_KEY}`],
        ['111122223333', 'us-east-1', `GroupId=${SG_ID}, SecurityGroupRuleIds=${RULE_ID}`],
        ['111122223333', 'us-east-1', `VolumeId=${VOLUME_ID}`],
        ['111122223333', 'us-east-1', `InstanceIds=${INSTANCE_ID}`],
      ],
    );
    assert.match(asked[0].call, /^iam:UpdateAccessKey \{.*"Status":"Inactive"/);
    assert.deepEqual(emulator.mutatingCalls(), []);
    const east = emulator.inventory('us-east-1');
    assert.equal((east.iamUsers[0].accessKeys as WireItem[])[0].Status, 'Active');
    assert.equal(east.ec2.securityGroupRuleSet.length, 2);
    assert.equal(east.ec2.snapshotSet.length, 2);
    assert.equal(
      ((east.ec2.reservationSet[0].instancesSet as WireItem[])[0].instanceState as WireItem).name,
      'running',
    );
  });
});
