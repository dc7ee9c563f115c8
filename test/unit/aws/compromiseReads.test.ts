import * as assert from 'node:assert/strict';
import { AwsApiEngine } from '../../../src/core/aws/api/awsApiEngine';
import type { AwsSession } from '../../../src/core/aws/session';
import type { QueryRequest } from '../../../src/core/engine/types';
import type { Emulator } from '../../emulator';
import {
  APP_INSTANCE,
  ASSOCIATION_ID,
  COMPROMISE_SEED,
  ENI_ID,
  PROFILE_ARN,
  REGION,
  TRUST_POLICY,
} from './compromiseInventory';
import { collect, startEmulatorSession, type Collected } from './helpers';
import { SG_ID } from './inventory';

/** The run as column names and one object per row, so each assertion reads like the table the user sees. */
function table(c: Collected) {
  assert.equal(c.error, undefined, c.error?.message);
  const names = c.columns.map(col => col.name);
  return { columns: names, rows: c.rows.map(r => Object.fromEntries(names.map((n, i) => [n, r[i]]))) };
}

describe('Reads of a credential-compromise and EC2-forensics playbook (real SDK clients against the emulator)', () => {
  let emulator: Emulator;
  let session: AwsSession;
  let close: () => Promise<void>;
  const read = async (service: string, operation: string, input = '', regions = '') =>
    table(
      await collect(
        new AwsApiEngine(session).run(
          {
            engine: 'aws',
            queryId: 'q',
            text: `service: ${service}\noperation: ${operation}\n${regions}${input ? `input: ${input}` : ''}`,
            parameters: {},
            definitions: [],
          } satisfies QueryRequest,
          new AbortController().signal,
        ),
      ),
    );

  before(async () => {
    ({ emulator, session, close } = await startEmulatorSession(REGION));
    emulator.seedInventory(COMPROMISE_SEED);
  });
  after(() => close());
  beforeEach(() => {
    emulator.calls.length = 0;
  });
  afterEach(() => assert.deepEqual(emulator.mutatingCalls(), [], 'a read sent a mutating call'));

  it('IAM user: GetUser, its console password and MFA devices', async () => {
    const user = await read('iam', 'GetUser', '{ UserName: bob }');
    assert.deepEqual(user, {
      columns: [
        'region',
        'user_name',
        'user_id',
        'arn',
        'path',
        'created',
        'password_last_used',
        'permissions_boundary',
        'tags',
      ],
      rows: [
        {
          region: REGION,
          user_name: 'bob',
          user_id: 'AIDABOB000000000001',
          arn: 'arn:aws:iam::111122223333:user/ops/bob',
          path: '/ops/',
          created: '2024-03-01T08:00:00.000Z',
          password_last_used: '2026-11-21T03:12:00.000Z',
          permissions_boundary: null,
          tags: 'team=ops',
        },
      ],
    });
    const login = await read('iam', 'GetLoginProfile', '{ UserName: bob }');
    assert.deepEqual(login, {
      columns: ['region', 'user_name', 'created', 'password_reset_required'],
      rows: [{ region: REGION, user_name: 'bob', created: '2024-03-01T08:05:00.000Z', password_reset_required: false }],
    });
    const mfa = await read('iam', 'ListMFADevices', '{ UserName: bob }');
    assert.deepEqual(mfa, {
      columns: ['region', 'user_name', 'serial_number', 'enabled'],
      rows: [
        {
          region: REGION,
          user_name: 'bob',
          serial_number: 'arn:aws:iam::111122223333:mfa/bob',
          enabled: '2024-03-02T09:00:00.000Z',
        },
      ],
    });
    assert.deepEqual(
      emulator.calls.filter(call => call.service === 'iam').map(call => call.action),
      ['GetUser', 'GetLoginProfile', 'ListMFADevices'],
    );
  });

  it('a user without a console password: GetLoginProfile gives no row, not an error', async () => {
    emulator.seedInventory({ iam: { users: [{ UserName: 'carol', UserId: 'AIDACAROL0000000001' }] } });
    const login = await read('iam', 'GetLoginProfile', '{ UserName: carol }');
    assert.deepEqual(login, { columns: ['region', 'user_name', 'created', 'password_reset_required'], rows: [] });
    const call = emulator.calls.find(c => c.action === 'GetLoginProfile');
    assert.equal(call?.errorCode, 'NoSuchEntity', 'IAM answered NoSuchEntity, read as "no console password"');
  });

  it("IAM user's permissions: groups, inline policy names and attached managed policies", async () => {
    assert.deepEqual(await read('iam', 'ListGroupsForUser', '{ UserName: bob }'), {
      columns: ['region', 'user_name', 'group_name', 'group_id', 'arn', 'created'],
      rows: [
        {
          region: REGION,
          user_name: 'bob',
          group_name: 'admins',
          group_id: 'AGPAADMINS000000001',
          arn: 'arn:aws:iam::111122223333:group/admins',
          created: '2023-01-01T00:00:00.000Z',
        },
      ],
    });
    assert.deepEqual(await read('iam', 'ListUserPolicies', '{ UserName: bob }'), {
      columns: ['region', 'user_name', 'policy_name'],
      rows: [{ region: REGION, user_name: 'bob', policy_name: 's3-backup-write' }],
    });
    assert.deepEqual(await read('iam', 'ListAttachedUserPolicies', '{ UserName: bob }'), {
      columns: ['region', 'user_name', 'policy_name', 'policy_arn'],
      rows: [
        {
          region: REGION,
          user_name: 'bob',
          policy_name: 'ReadOnlyAccess',
          policy_arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess',
        },
      ],
    });
  });

  it('IAM roles: ListRoles and GetRole with the trust policy decoded, ListRolePolicies', async () => {
    const roles = await read('iam', 'ListRoles');
    assert.deepEqual(roles.columns, [
      'region',
      'role_name',
      'role_id',
      'arn',
      'path',
      'created',
      'description',
      'trust_policy',
    ]);
    assert.deepEqual(
      roles.rows.map(r => [r.role_name, r.trust_policy]),
      [['app-server', TRUST_POLICY]],
    );
    const role = await read('iam', 'GetRole', '{ RoleName: app-server }');
    assert.deepEqual(role.rows, [
      {
        region: REGION,
        role_name: 'app-server',
        role_id: 'AROAAPPSERVER000001',
        arn: 'arn:aws:iam::111122223333:role/app-server',
        path: '/',
        created: '2025-06-01T00:00:00.000Z',
        description: 'EC2 application servers',
        max_session_seconds: 3600,
        last_used: '2026-11-21T03:20:00.000Z',
        last_used_region: REGION,
        permissions_boundary: null,
        trust_policy: TRUST_POLICY,
      },
    ]);
    assert.deepEqual(await read('iam', 'ListRolePolicies', '{ RoleName: app-server }'), {
      columns: ['region', 'role_name', 'policy_name'],
      rows: [{ region: REGION, role_name: 'app-server', policy_name: 'kms-decrypt' }],
    });
  });

  it('EC2: instance profile associations and network interfaces, filtered by instance', async () => {
    const associations = await read(
      'ec2',
      'DescribeIamInstanceProfileAssociations',
      `{ Filters: [{ Name: instance-id, Values: [${APP_INSTANCE}] }] }`,
    );
    assert.deepEqual(associations, {
      columns: ['region', 'association_id', 'instance_id', 'instance_profile', 'state', 'associated'],
      rows: [
        {
          region: REGION,
          association_id: ASSOCIATION_ID,
          instance_id: APP_INSTANCE,
          instance_profile: PROFILE_ARN,
          state: 'associated',
          associated: '2026-10-01T10:00:05.000Z',
        },
      ],
    });
    const enis = await read('ec2', 'DescribeNetworkInterfaces');
    assert.deepEqual(enis.columns, [
      'region',
      'network_interface_id',
      'instance_id',
      'status',
      'type',
      'vpc_id',
      'subnet_id',
      'private_ip',
      'public_ip',
      'security_groups',
      'description',
      'requester_managed',
      'owner',
    ]);
    assert.deepEqual(enis.rows[0], {
      region: REGION,
      network_interface_id: ENI_ID,
      instance_id: APP_INSTANCE,
      status: 'in-use',
      type: 'interface',
      vpc_id: 'vpc-0abc0abc0abc0abc0',
      subnet_id: 'subnet-0abc0abc0abc0abc0',
      private_ip: '10.0.1.40',
      public_ip: '198.51.100.40',
      security_groups: SG_ID,
      description: 'primary',
      requester_managed: false,
      owner: '111122223333',
    });
    assert.deepEqual(
      enis.rows.map(r => [r.network_interface_id, r.instance_id, r.type]),
      [
        [ENI_ID, APP_INSTANCE, 'interface'],
        ['eni-0fedcba9876543210', null, 'nat_gateway'],
      ],
    );
    const one = await read(
      'ec2',
      'DescribeNetworkInterfaces',
      `{ Filters: [{ Name: attachment.instance-id, Values: [${APP_INSTANCE}] }] }`,
    );
    assert.deepEqual(
      one.rows.map(r => r.network_interface_id),
      [ENI_ID],
    );
  });

  it('CloudTrail: the trail, whether it still logs (stopped here), and what its selectors record', async () => {
    const trails = await read('cloudtrail', 'DescribeTrails');
    assert.deepEqual(trails.rows, [
      {
        region: REGION,
        name: 'org-trail',
        arn: `arn:aws:cloudtrail:${REGION}:111122223333:trail/org-trail`,
        home_region: REGION,
        multi_region: true,
        organization: false,
        global_events: true,
        log_validation: true,
        s3_bucket: 'audit-logs-111122223333',
        s3_prefix: null,
        cloudwatch_logs: null,
        kms_key: null,
        custom_selectors: true,
      },
    ]);
    assert.deepEqual(await read('cloudtrail', 'GetTrailStatus', '{ Name: org-trail }'), {
      columns: [
        'region',
        'trail',
        'is_logging',
        'start_logging',
        'stop_logging',
        'latest_delivery',
        'latest_delivery_error',
        'latest_digest',
      ],
      rows: [
        {
          region: REGION,
          trail: 'org-trail',
          is_logging: false,
          start_logging: '2025-01-01T00:00:00.000Z',
          stop_logging: '2026-11-27T03:15:00.000Z',
          latest_delivery: null,
          latest_delivery_error: null,
          latest_digest: null,
        },
      ],
    });
    assert.deepEqual(await read('cloudtrail', 'GetEventSelectors', '{ TrailName: org-trail }'), {
      columns: [
        'region',
        'trail_arn',
        'kind',
        'name',
        'read_write',
        'management_events',
        'excluded_sources',
        'data_resources',
        'field_selectors',
      ],
      rows: [
        {
          region: REGION,
          trail_arn: `arn:aws:cloudtrail:${REGION}:111122223333:trail/org-trail`,
          kind: 'basic',
          name: null,
          read_write: 'WriteOnly',
          management_events: true,
          excluded_sources: '',
          data_resources: 'AWS::S3::Object=arn:aws:s3:::payroll/',
          field_selectors: null,
        },
      ],
    });
    assert.deepEqual(
      emulator.calls.filter(call => call.service !== 'sts').map(call => [call.service, call.action]),
      [
        ['cloudtrail', 'DescribeTrails'],
        ['cloudtrail', 'GetTrailStatus'],
        ['cloudtrail', 'GetEventSelectors'],
      ],
    );
  });
});
