import * as assert from 'node:assert/strict';
import { AwsApiEngine } from '../../../src/core/aws/api/awsApiEngine';
import type { AwsSession } from '../../../src/core/aws/session';
import { DEFAULT_ENABLED_REGIONS, type Emulator } from '../../emulator';
import { collect, startEmulatorSession } from './helpers';
import { INSTANCE_ID, VOLUME_ID } from './inventory';
import { NAT_ID, NETWORK_EC2, SNAPSHOT_ID, UNLOGGED_VPC_ID, VPC_ID } from './networkInventory';

/** Each EC2 read of the network inventory: its rows (after `region`) from the seeded wire state, through the SDK. */
const EXPECTED: Record<string, { columns: string[]; rows: unknown[][] }> = {
  DescribeRouteTables: {
    columns: ['route_table_id', 'vpc_id', 'main', 'subnets', 'destination', 'target', 'state', 'origin'],
    rows: [
      [
        'rtb-0123456789abcdef0',
        VPC_ID,
        false,
        'subnet-0abc0abc0abc0abc0',
        '10.0.0.0/16',
        'local',
        'active',
        'CreateRouteTable',
      ],
      [
        'rtb-0123456789abcdef0',
        VPC_ID,
        false,
        'subnet-0abc0abc0abc0abc0',
        '0.0.0.0/0',
        NAT_ID,
        'active',
        'CreateRoute',
      ],
    ],
  },
  DescribeNatGateways: {
    columns: ['nat_gateway_id', 'vpc_id', 'subnet_id', 'state', 'connectivity', 'public_ips', 'private_ips', 'created'],
    rows: [
      [
        NAT_ID,
        VPC_ID,
        'subnet-0aaa0aaa0aaa0aaa0',
        'available',
        'public',
        '198.51.100.20',
        '10.0.0.20',
        '2026-02-01T00:00:00.000Z',
      ],
    ],
  },
  DescribeInternetGateways: {
    columns: ['internet_gateway_id', 'vpcs', 'states', 'owner', 'name'],
    rows: [['igw-0123456789abcdef0', VPC_ID, 'available', '111122223333', 'prod-igw']],
  },
  DescribeVpcPeeringConnections: {
    columns: [
      'peering_id',
      'status',
      'requester_vpc',
      'requester_account',
      'requester_cidr',
      'accepter_vpc',
      'accepter_account',
      'accepter_cidr',
      'expires',
    ],
    rows: [
      [
        'pcx-0123456789abcdef0',
        'active',
        VPC_ID,
        '111122223333',
        '10.0.0.0/16',
        'vpc-0999999999999999a',
        '999999999999',
        '192.168.0.0/16',
        '2026-11-28T00:00:00.000Z',
      ],
    ],
  },
  DescribeNetworkAcls: {
    columns: [
      'network_acl_id',
      'vpc_id',
      'default',
      'subnets',
      'rule_number',
      'direction',
      'action',
      'protocol',
      'from_port',
      'to_port',
      'cidr',
    ],
    rows: [
      [
        'acl-0123456789abcdef0',
        VPC_ID,
        true,
        'subnet-0abc0abc0abc0abc0',
        100,
        'ingress',
        'allow',
        '6',
        22,
        22,
        '0.0.0.0/0',
      ],
      [
        'acl-0123456789abcdef0',
        VPC_ID,
        true,
        'subnet-0abc0abc0abc0abc0',
        32767,
        'egress',
        'deny',
        'all',
        null,
        null,
        '0.0.0.0/0',
      ],
    ],
  },
  DescribeVpcEndpoints: {
    columns: ['vpc_endpoint_id', 'vpc_id', 'service', 'type', 'state', 'route_tables', 'subnets', 'policy', 'created'],
    rows: [
      [
        'vpce-0123456789abcdef0',
        VPC_ID,
        'com.amazonaws.us-east-1.s3',
        'Gateway',
        'available',
        'rtb-0123456789abcdef0',
        '',
        '{"Statement":[]}',
        '2026-11-20T09:40:00.000Z',
      ],
    ],
  },
  DescribeAddresses: {
    columns: [
      'public_ip',
      'allocation_id',
      'association_id',
      'instance_id',
      'network_interface_id',
      'private_ip',
      'domain',
    ],
    rows: [
      [
        '198.51.100.7',
        'eipalloc-0123456789abcdef0',
        'eipassoc-0123456789abcdef0',
        INSTANCE_ID,
        'eni-0123456789abcdef0',
        '10.0.1.15',
        'vpc',
      ],
    ],
  },
  DescribeFlowLogs: {
    columns: [
      'flow_log_id',
      'resource_id',
      'traffic_type',
      'status',
      'deliver_status',
      'destination_type',
      'destination',
      'log_group',
      'format',
      'created',
    ],
    rows: [
      [
        'fl-0123456789abcdef0',
        VPC_ID,
        'ALL',
        'ACTIVE',
        'SUCCESS',
        's3',
        'arn:aws:s3:::flow-logs/prod/',
        null,
        '${version} ${account-id} ${interface-id}',
        '2026-01-10T08:00:00.000Z',
      ],
    ],
  },
  DescribeSnapshots: {
    columns: ['snapshot_id', 'volume_id', 'state', 'started', 'size_gib', 'encrypted', 'description', 'owner'],
    rows: [[SNAPSHOT_ID, VOLUME_ID, 'completed', '2026-11-21T03:00:00.000Z', 8, false, 'copied out', '111122223333']],
  },
  DescribeVpcs: {
    columns: ['vpc_id', 'cidr', 'state', 'default', 'owner', 'name'],
    rows: [
      [VPC_ID, '10.0.0.0/16', 'available', false, '111122223333', 'prod'],
      [UNLOGGED_VPC_ID, '172.31.0.0/16', 'available', true, '111122223333', null],
    ],
  },
};

describe('EC2 network inventory projections against the emulator (real SDK client)', () => {
  let emulator: Emulator;
  let session: AwsSession;
  let close: () => Promise<void>;
  const run = (operation: string) =>
    collect(
      new AwsApiEngine(session).run(
        { engine: 'aws', queryId: 'q', text: `service: ec2\noperation: ${operation}`, parameters: {}, definitions: [] },
        new AbortController().signal,
      ),
    );

  before(async () => {
    ({ emulator, session, close } = await startEmulatorSession('us-east-1'));
    emulator.seedInventory({ region: 'us-east-1', ec2: NETWORK_EC2 });
  });
  after(() => close());
  afterEach(() => assert.deepEqual(emulator.mutatingCalls(), []));

  for (const [operation, expected] of Object.entries(EXPECTED)) {
    it(`${operation}: the rows and columns docs/AWS-API.md documents`, async () => {
      const c = await run(operation);
      assert.equal(c.error, undefined);
      assert.deepEqual(
        c.columns.map(col => col.name),
        ['region', ...expected.columns],
      );
      assert.deepEqual(
        c.rows.map(r => r.slice(1)),
        expected.rows,
      );
      assert.ok(c.rows.every(r => r[0] === 'us-east-1'));
    });
  }

  it("DescribeSnapshots keeps to the account's own snapshots unless the block names other owners", async () => {
    const c = await collect(
      new AwsApiEngine(session).run(
        {
          engine: 'aws',
          queryId: 'q',
          parameters: {},
          definitions: [],
          text: 'service: ec2\noperation: DescribeSnapshots\ninput: { OwnerIds: ["999999999999"] }',
        },
        new AbortController().signal,
      ),
    );
    assert.deepEqual(
      c.rows.map(r => r[1]),
      ['snap-0fffffffffffffff0'],
    );
  });

  it('DescribeRegions: one row per region the account has enabled', async () => {
    const c = await run('DescribeRegions');
    assert.deepEqual(
      c.columns.map(col => col.name),
      ['region', 'region_name', 'endpoint', 'opt_in_status'],
    );
    assert.deepEqual(
      c.rows.map(r => r[1]),
      DEFAULT_ENABLED_REGIONS,
    );
    assert.deepEqual(c.rows[0].slice(1), [
      DEFAULT_ENABLED_REGIONS[0],
      `ec2.${DEFAULT_ENABLED_REGIONS[0]}.amazonaws.com`,
      'opt-in-not-required',
    ]);
  });
});
