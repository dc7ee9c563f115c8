import * as assert from 'node:assert/strict';
import { ActionEngine, type ActionConfirmation } from '../../../src/core/aws/api/actionEngine';
import type { AwsSession } from '../../../src/core/aws/session';
import type { QueryRequest } from '../../../src/core/engine/types';
import type { Emulator, WireItem } from '../../emulator';
import { collect, parameter, startEmulatorSession } from './helpers';
import { IAM_SEED, INSTANCE_ID, LEAKED_KEY, regionSeed, RULE_ID, SG_ID, VOLUME_ID } from './inventory';

const REVOKE =
  `service: ec2\noperation: RevokeSecurityGroupIngress\nregions: eu-west-1\n` +
  `input: { GroupId: ${SG_ID}, SecurityGroupRuleIds: [${RULE_ID}] }`;
const DEACTIVATE =
  'service: iam\noperation: UpdateAccessKey\ninput: { UserName: alice, AccessKeyId: "{{key}}", Status: "{{status}}" }';

function request(text: string, parameters: Record<string, string> = {}): QueryRequest {
  return {
    engine: 'action',
    queryId: 'act',
    text,
    parameters,
    definitions: [parameter('key', 'accessKeyId'), parameter('status', 'string')],
  };
}

describe('Containment actions need consent (real SDK clients against the emulator)', () => {
  let emulator: Emulator;
  let session: AwsSession;
  let close: () => Promise<void>;
  let asked: ActionConfirmation[];
  const act = (req: QueryRequest, answer: boolean) =>
    collect(
      new ActionEngine(session, async question => {
        asked.push(question);
        return answer;
      }).run(req, new AbortController().signal),
    );
  const rules = () => emulator.inventory('eu-west-1').ec2.securityGroupRuleSet.map(r => r.securityGroupRuleId);
  const aliceKey = () => (emulator.inventory('us-east-1').iamUsers[0].accessKeys as WireItem[])[0].Status;

  beforeEach(async () => {
    ({ emulator, session, close } = await startEmulatorSession('us-east-1'));
    emulator.seedInventory(regionSeed('eu-west-1'));
    emulator.seedInventory(IAM_SEED);
    asked = [];
  });
  afterEach(() => close());

  it('refused: reads the rule first, asks with account, region, resource and call, and changes nothing', async () => {
    const c = await act(request(REVOKE), false);
    assert.equal(c.error?.code, 'ActionNotConfirmed');
    assert.deepEqual(emulator.mutatingCalls(), []);
    assert.deepEqual(rules(), [RULE_ID, 'sgr-0aaaaaaaaaaaaaaa2']);
    assert.equal(asked.length, 1);
    assert.deepEqual(
      { ...asked[0], before: asked[0].before.length },
      {
        account: '111122223333',
        region: 'eu-west-1',
        resource: `GroupId=${SG_ID}, SecurityGroupRuleIds=${RULE_ID}`,
        dryRun: 'passed',
        before: 2,
        call: `ec2:RevokeSecurityGroupIngress {"GroupId":"${SG_ID}","SecurityGroupRuleIds":["${RULE_ID}"]}`,
      },
    );
    assert.deepEqual(
      c.rows.map(r => r[0]),
      ['before', 'before', 'dry-run'],
      'the before-state is kept as evidence',
    );
    assert.match(String(c.rows[0][5]), /"peer":"0.0.0.0\/0"/);
    assert.equal(c.metadata.context.confirmed, 'no');
    assert.deepEqual(
      emulator.calls.map(call => call.action),
      ['GetCallerIdentity', 'DescribeSecurityGroupRules', 'RevokeSecurityGroupIngress'],
    );
  });

  it('confirmed: dry run, then the one call, then the state after; the run records it', async () => {
    const c = await act(request(REVOKE), true);
    assert.equal(c.error, undefined);
    assert.deepEqual(rules(), ['sgr-0aaaaaaaaaaaaaaa2']);
    assert.deepEqual(
      emulator.mutatingCalls().map(call => [call.action, call.region]),
      [['RevokeSecurityGroupIngress', 'eu-west-1']],
    );
    assert.deepEqual(
      c.rows.map(r => [r[0], r[4]]),
      [
        ['before', 'read'],
        ['before', 'read'],
        ['dry-run', 'would succeed'],
        ['action', 'succeeded'],
        ['after', 'read'],
      ],
    );
    assert.deepEqual(
      { call: c.metadata.context.call, confirmed: c.metadata.context.confirmed, dryRun: c.metadata.context.dryRun },
      { call: 'ec2:RevokeSecurityGroupIngress', confirmed: 'yes', dryRun: 'passed' },
    );
  });

  it('dry run refused by EC2: the user is never asked and nothing is sent for real', async () => {
    emulator.fault({ service: 'ec2', action: 'RevokeSecurityGroupIngress', kind: 'access-denied' });
    const c = await act(request(REVOKE), true);
    assert.equal(c.error?.code, 'AccessDenied');
    assert.match(c.error?.message ?? '', /may not call ec2:RevokeSecurityGroupIngress in eu-west-1/);
    assert.deepEqual(asked, []);
    assert.deepEqual(rules(), [RULE_ID, 'sgr-0aaaaaaaaaaaaaaa2']);
  });

  it('failed: the confirmed call is refused by AWS, the run fails with the reason and the key stays as it was', async () => {
    emulator.fault({ service: 'iam', action: 'UpdateAccessKey', kind: 'access-denied' });
    const c = await act(request(DEACTIVATE, { key: LEAKED_KEY, status: 'Inactive' }), true);
    assert.equal(c.error?.code, 'AccessDenied');
    assert.equal(c.metadata.partial, true);
    assert.equal(aliceKey(), 'Active');
    assert.deepEqual(
      c.rows.map(r => r[0]),
      ['before'],
    );
  });

  it('UpdateAccessKey only deactivates: Active is refused before any call, Inactive is sent once confirmed', async () => {
    const reactivate = await act(request(DEACTIVATE, { key: LEAKED_KEY, status: 'Active' }), true);
    assert.equal(reactivate.error?.code, 'InvalidAwsBlock');
    assert.match(reactivate.error?.message ?? '', /may only set Status to Inactive/);
    assert.deepEqual(emulator.calls, []);
    const c = await act(request(DEACTIVATE, { key: LEAKED_KEY, status: 'Inactive' }), true);
    assert.equal(c.error, undefined);
    assert.equal(aliceKey(), 'Inactive');
    assert.equal(asked[0].resource, `UserName=alice, AccessKeyId=${LEAKED_KEY}`);
    assert.deepEqual(
      emulator.mutatingCalls().map(call => call.action),
      ['UpdateAccessKey'],
    );
  });

  it('CreateSnapshot then StopInstances, each confirmed, and DetachRolePolicy', async () => {
    const snap = await act(
      request(`service: ec2\noperation: CreateSnapshot\nregions: eu-west-1\ninput: { VolumeId: ${VOLUME_ID} }`),
      true,
    );
    assert.equal(snap.error, undefined);
    assert.equal(emulator.inventory('eu-west-1').ec2.snapshotSet.length, 1);
    const stop = await act(
      request(`service: ec2\noperation: StopInstances\nregions: eu-west-1\ninput: { InstanceIds: [${INSTANCE_ID}] }`),
      true,
    );
    assert.equal(stop.error, undefined);
    assert.match(String(stop.rows.find(r => r[0] === 'after')?.[5]), /"state":"stopping"/);
    const detach = await act(
      request(
        'service: iam\noperation: DetachRolePolicy\n' +
          'input: { RoleName: web, PolicyArn: "arn:aws:iam::aws:policy/AdministratorAccess" }',
      ),
      true,
    );
    assert.equal(detach.error, undefined);
    assert.deepEqual(emulator.inventory('us-east-1').iamRoles[0].attached, []);
    assert.deepEqual(
      emulator.mutatingCalls().map(call => call.action),
      ['CreateSnapshot', 'StopInstances', 'DetachRolePolicy'],
    );
    assert.equal(asked.length, 3);
  });
});
