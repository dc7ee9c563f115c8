// The network side of a small account, in EC2's wire shape (the XML element names the real SDK client parses): one
// VPC with a flow log and one without, routes, gateways, a peering, an ACL, an endpoint, an Elastic IP and a snapshot.
import type { WireItem } from '../../emulator';
import { INSTANCE_ID, VOLUME_ID } from './inventory';

export const VPC_ID = 'vpc-0abc0abc0abc0abc0';
export const UNLOGGED_VPC_ID = 'vpc-0def0def0def0def0';
export const NAT_ID = 'nat-0123456789abcdef0';
export const SNAPSHOT_ID = 'snap-0123456789abcdef0';

export const NETWORK_EC2: Record<string, WireItem[]> = {
  vpcSet: [
    {
      vpcId: VPC_ID,
      cidrBlock: '10.0.0.0/16',
      state: 'available',
      isDefault: false,
      ownerId: '111122223333',
      tagSet: [{ key: 'Name', value: 'prod' }],
    },
    {
      vpcId: UNLOGGED_VPC_ID,
      cidrBlock: '172.31.0.0/16',
      state: 'available',
      isDefault: true,
      ownerId: '111122223333',
    },
  ],
  flowLogSet: [
    {
      flowLogId: 'fl-0123456789abcdef0',
      resourceId: VPC_ID,
      trafficType: 'ALL',
      flowLogStatus: 'ACTIVE',
      deliverLogsStatus: 'SUCCESS',
      logDestinationType: 's3',
      logDestination: 'arn:aws:s3:::flow-logs/prod/',
      logFormat: '${version} ${account-id} ${interface-id}',
      creationTime: '2026-01-10T08:00:00.000Z',
    },
  ],
  routeTableSet: [
    {
      routeTableId: 'rtb-0123456789abcdef0',
      vpcId: VPC_ID,
      associationSet: [{ main: false, subnetId: 'subnet-0abc0abc0abc0abc0' }],
      routeSet: [
        { destinationCidrBlock: '10.0.0.0/16', gatewayId: 'local', state: 'active', origin: 'CreateRouteTable' },
        { destinationCidrBlock: '0.0.0.0/0', natGatewayId: NAT_ID, state: 'active', origin: 'CreateRoute' },
      ],
    },
  ],
  natGatewaySet: [
    {
      natGatewayId: NAT_ID,
      vpcId: VPC_ID,
      subnetId: 'subnet-0aaa0aaa0aaa0aaa0',
      state: 'available',
      connectivityType: 'public',
      createTime: '2026-02-01T00:00:00.000Z',
      natGatewayAddressSet: [{ publicIp: '198.51.100.20', privateIp: '10.0.0.20', allocationId: 'eipalloc-0aaa' }],
    },
  ],
  internetGatewaySet: [
    {
      internetGatewayId: 'igw-0123456789abcdef0',
      ownerId: '111122223333',
      attachmentSet: [{ vpcId: VPC_ID, state: 'available' }],
      tagSet: [{ key: 'Name', value: 'prod-igw' }],
    },
  ],
  vpcPeeringConnectionSet: [
    {
      vpcPeeringConnectionId: 'pcx-0123456789abcdef0',
      status: { code: 'active' },
      requesterVpcInfo: { vpcId: VPC_ID, ownerId: '111122223333', cidrBlock: '10.0.0.0/16' },
      accepterVpcInfo: { vpcId: 'vpc-0999999999999999a', ownerId: '999999999999', cidrBlock: '192.168.0.0/16' },
      expirationTime: '2026-11-28T00:00:00.000Z',
    },
  ],
  networkAclSet: [
    {
      networkAclId: 'acl-0123456789abcdef0',
      vpcId: VPC_ID,
      default: true,
      associationSet: [{ networkAclAssociationId: 'aclassoc-0aaa', subnetId: 'subnet-0abc0abc0abc0abc0' }],
      entrySet: [
        {
          ruleNumber: 100,
          protocol: '6',
          ruleAction: 'allow',
          egress: false,
          cidrBlock: '0.0.0.0/0',
          portRange: { from: 22, to: 22 },
        },
        { ruleNumber: 32767, protocol: '-1', ruleAction: 'deny', egress: true, cidrBlock: '0.0.0.0/0' },
      ],
    },
  ],
  vpcEndpointSet: [
    {
      vpcEndpointId: 'vpce-0123456789abcdef0',
      vpcId: VPC_ID,
      serviceName: 'com.amazonaws.us-east-1.s3',
      vpcEndpointType: 'Gateway',
      state: 'available',
      routeTableIdSet: ['rtb-0123456789abcdef0'],
      subnetIdSet: [],
      policyDocument: '{"Statement":[]}',
      creationTimestamp: '2026-11-20T09:40:00.000Z',
    },
  ],
  addressesSet: [
    {
      publicIp: '198.51.100.7',
      allocationId: 'eipalloc-0123456789abcdef0',
      associationId: 'eipassoc-0123456789abcdef0',
      instanceId: INSTANCE_ID,
      networkInterfaceId: 'eni-0123456789abcdef0',
      privateIpAddress: '10.0.1.15',
      domain: 'vpc',
    },
  ],
  snapshotSet: [
    {
      snapshotId: SNAPSHOT_ID,
      volumeId: VOLUME_ID,
      status: 'completed',
      startTime: '2026-11-21T03:00:00.000Z',
      volumeSize: 8,
      encrypted: false,
      description: 'copied out',
      ownerId: '111122223333',
    },
    {
      snapshotId: 'snap-0fffffffffffffff0',
      volumeId: 'vol-0fffffffffffffff0',
      status: 'completed',
      startTime: '2025-01-01T00:00:00.000Z',
      volumeSize: 30,
      encrypted: true,
      description: 'public',
      ownerId: '999999999999',
    },
  ],
};
