import assert from 'node:assert/strict';
import {
  DescribeSecurityGroupsCommand,
  DescribeSecurityGroupRulesCommand,
  EC2Client,
  RevokeSecurityGroupIngressCommand,
} from '@aws-sdk/client-ec2';
import { GuardDutyClient, ListFindingsCommand } from '@aws-sdk/client-guardduty';
import { IAMClient, ListAccessKeysCommand } from '@aws-sdk/client-iam';
import { ListRulesCommand, EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { startEmulator, type Emulator } from '../../emulator';
import { IAM_SEED, regionSeed, RULE_ID, SG_ID } from '../aws/inventory';
import { clientConfig, rejection } from './helpers';

describe('emulator: inventory services', () => {
  let emulator: Emulator;
  beforeEach(async () => {
    emulator = await startEmulator({ apiRates: { ec2: { perSecond: 1, burst: 3 } } });
    emulator.seedInventory(regionSeed('us-east-1'));
    emulator.seedInventory(IAM_SEED);
  });
  afterEach(() => emulator.close());

  it('records each service by its signing name and refuses a request signed for another service', async () => {
    const ec2 = new EC2Client(clientConfig(emulator.endpoint));
    const events = new EventBridgeClient(clientConfig(emulator.endpoint));
    const iam = new IAMClient(clientConfig(emulator.endpoint));
    await ec2.send(new DescribeSecurityGroupsCommand({}));
    await events.send(new ListRulesCommand({}));
    await iam.send(new ListAccessKeysCommand({ UserName: 'alice' }));
    assert.deepEqual(
      emulator.calls.map(c => [c.service, c.action, c.status]),
      [
        ['ec2', 'DescribeSecurityGroups', 200],
        ['events', 'ListRules', 200],
        ['iam', 'ListAccessKeys', 200],
      ],
    );
    // An EventBridge client pointed at the same endpoint signs as `events`; forcing the EC2 name must fail.
    const wrong = new EventBridgeClient({ ...clientConfig(emulator.endpoint), signingName: 'ec2' } as never);
    const e = await rejection(() => wrong.send(new ListRulesCommand({})));
    assert.equal(e.name, 'InvalidSignatureException');
    for (const c of [ec2, events, iam, wrong]) c.destroy();
  });

  it('EC2: throttles each action per region with its bucket, with RequestLimitExceeded', async () => {
    const ec2 = new EC2Client(clientConfig(emulator.endpoint, { maxAttempts: 1 }));
    for (let i = 0; i < 3; i++) await ec2.send(new DescribeSecurityGroupRulesCommand({}));
    const e = await rejection(() => ec2.send(new DescribeSecurityGroupRulesCommand({})));
    assert.equal(e.name, 'RequestLimitExceeded');
    assert.equal(e.$metadata?.httpStatusCode, 503);
    await ec2.send(new DescribeSecurityGroupsCommand({}));
    ec2.destroy();
  });

  it('EC2: checks MaxResults and DryRun like the service; a dry run is not a mutating call', async () => {
    const ec2 = new EC2Client(clientConfig(emulator.endpoint));
    const range = await rejection(() => ec2.send(new DescribeSecurityGroupsCommand({ MaxResults: 4 })));
    assert.equal(range.name, 'InvalidParameterValue');
    const both = await rejection(() =>
      ec2.send(new DescribeSecurityGroupsCommand({ MaxResults: 5, GroupIds: [SG_ID] })),
    );
    assert.equal(both.name, 'InvalidParameterCombination');
    const dry = await rejection(() =>
      ec2.send(
        new RevokeSecurityGroupIngressCommand({ GroupId: SG_ID, SecurityGroupRuleIds: [RULE_ID], DryRun: true }),
      ),
    );
    assert.equal(dry.name, 'DryRunOperation');
    assert.deepEqual(emulator.mutatingCalls(), []);
    const missing = await rejection(() =>
      ec2.send(
        new RevokeSecurityGroupIngressCommand({ GroupId: SG_ID, SecurityGroupRuleIds: ['sgr-0ffffffffffffffff'] }),
      ),
    );
    assert.equal(missing.name, 'InvalidSecurityGroupRuleId.NotFound');
    assert.equal(emulator.mutatingCalls().length, 1, 'a refused write still counts as an attempt to write');
    ec2.destroy();
  });

  it('GuardDuty: maxResults is 1 to 50 and an unknown detector is refused', async () => {
    const gd = new GuardDutyClient(clientConfig(emulator.endpoint));
    const big = await rejection(() =>
      gd.send(new ListFindingsCommand({ DetectorId: '12abc34d567e8fa901bc2d34e56789f0', MaxResults: 51 })),
    );
    assert.equal(big.name, 'BadRequestException');
    const other = await rejection(() => gd.send(new ListFindingsCommand({ DetectorId: 'nope' })));
    assert.equal(other.name, 'BadRequestException');
    const page = await gd.send(
      new ListFindingsCommand({ DetectorId: '12abc34d567e8fa901bc2d34e56789f0', MaxResults: 1 }),
    );
    assert.deepEqual(page.FindingIds, ['f1']);
    assert.ok(page.NextToken);
    gd.destroy();
  });
});
