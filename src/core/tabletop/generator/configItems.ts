// What AWS Config recorded during the story, as it delivers configuration items to S3: the security group before and
// after the attacker's AuthorizeSecurityGroupIngress, and each instance the attacker launched. Each item names the
// CloudTrail event that changed the resource (relatedEvents), so Config, CloudTrail and the flow logs agree.
import type { Environment } from './environment';
import { privateDnsName } from './ids';
import type { GeneratedEvent } from './record';

const MINUTE = 60 * 1000;
const GROUP_NAME = 'ci-build-runners';

interface GeneratedConfigItems {
  /** The group as recorded before the story (delivered in a snapshot). */
  snapshot: Array<Record<string, unknown>>;
  /** Items recorded by the changes, per resource type (delivered in history files). */
  history: Map<string, Array<Record<string, unknown>>>;
}

function item(
  env: Environment,
  type: string,
  id: string,
  arnPart: string,
  captureMs: number,
  status: string,
  relatedEvents: string[],
  relationships: unknown[],
  configuration: Record<string, unknown>,
  name?: string,
) {
  const region = env.story.region;
  return {
    relatedEvents,
    relationships,
    configuration,
    supplementaryConfiguration: {},
    tags: {},
    configurationItemVersion: '1.3',
    configurationItemCaptureTime: new Date(captureMs).toISOString(),
    configurationStateId: captureMs,
    awsAccountId: env.accountId,
    configurationItemStatus: status,
    resourceType: type,
    resourceId: id,
    ...(name ? { resourceName: name } : {}),
    ARN: `arn:aws:ec2:${region}:${env.accountId}:${arnPart}/${id}`,
    awsRegion: region,
    availabilityZone: type === 'AWS::EC2::Instance' ? `${region}a` : 'Not Applicable',
    configurationStateMd5Hash: '',
  };
}

const eventIdOf = (events: GeneratedEvent[], name: string, accessKeyId: string) =>
  String(
    events.find(
      e =>
        e.record.eventName === name && (e.record.userIdentity as { accessKeyId?: string }).accessKeyId === accessKeyId,
    )?.record.eventID ?? '',
  );

export function configItems(env: Environment, events: GeneratedEvent[]): GeneratedConfigItems {
  const s = env.story;
  const t = s.times;
  const vpcCidr = `${env.networks.get(s.region)?.prefix16 ?? '10.0'}.0.0/16`;
  const permission = (cidrs: string[]) => ({
    ipProtocol: 'tcp',
    fromPort: 22,
    toPort: 22,
    userIdGroupPairs: [],
    ipv6Ranges: [],
    prefixListIds: [],
    ipRanges: cidrs,
    ipv4Ranges: cidrs.map(cidrIp => ({ cidrIp })),
  });
  const group = (cidrs: string[]) => ({
    description: 'CI build runners',
    groupName: GROUP_NAME,
    ipPermissions: [permission(cidrs)],
    ownerId: env.accountId,
    groupId: s.securityGroupId,
    ipPermissionsEgress: [
      {
        ipProtocol: '-1',
        userIdGroupPairs: [],
        ipv6Ranges: [],
        prefixListIds: [],
        ipRanges: ['0.0.0.0/0'],
        ipv4Ranges: [{ cidrIp: '0.0.0.0/0' }],
      },
    ],
    vpcId: s.vpcId,
    tags: [],
  });
  const inVpc = [{ resourceId: s.vpcId, resourceType: 'AWS::EC2::VPC', name: 'Is contained in Vpc' }];
  const sg = (ms: number, status: string, related: string[], cidrs: string[]) =>
    item(
      env,
      'AWS::EC2::SecurityGroup',
      s.securityGroupId,
      'security-group',
      ms,
      status,
      related,
      inVpc,
      group(cidrs),
      GROUP_NAME,
    );
  const before = sg(env.startMs, 'OK', [], [vpcCidr]);
  const after = sg(
    t.openSsh + 2 * MINUTE,
    'OK',
    [eventIdOf(events, 'AuthorizeSecurityGroupIngress', s.accessKeyId)],
    [vpcCidr, '0.0.0.0/0'],
  );
  const launched = eventIdOf(events, 'RunInstances', s.accessKeyId);
  const instances = s.instanceEnis.map((eni, i) =>
    item(
      env,
      'AWS::EC2::Instance',
      eni.instanceId ?? '',
      'instance',
      t.runInstances + (3 + i) * MINUTE,
      'ResourceDiscovered',
      [launched],
      [
        {
          resourceId: s.securityGroupId,
          resourceType: 'AWS::EC2::SecurityGroup',
          name: 'Is associated with SecurityGroup',
        },
        { resourceId: s.subnetId, resourceType: 'AWS::EC2::Subnet', name: 'Is contained in Subnet' },
        { resourceId: eni.id, resourceType: 'AWS::EC2::NetworkInterface', name: 'Contains NetworkInterface' },
        ...inVpc,
      ],
      {
        amiLaunchIndex: i,
        imageId: s.imageId,
        instanceId: eni.instanceId,
        instanceType: s.instanceType,
        keyName: s.keyPairName,
        launchTime: new Date(t.runInstances).toISOString(),
        placement: { availabilityZone: `${s.region}a`, tenancy: 'default' },
        privateDnsName: privateDnsName(eni.ip, s.region),
        privateIpAddress: eni.ip,
        state: { code: 16, name: 'running' },
        subnetId: s.subnetId,
        vpcId: s.vpcId,
        architecture: 'x86_64',
        blockDeviceMappings: [],
        networkInterfaces: [
          {
            networkInterfaceId: eni.id,
            privateIpAddress: eni.ip,
            macAddress: eni.mac,
            subnetId: s.subnetId,
            vpcId: s.vpcId,
            groups: [{ groupName: GROUP_NAME, groupId: s.securityGroupId }],
          },
        ],
        securityGroups: [{ groupName: GROUP_NAME, groupId: s.securityGroupId }],
        tags: [],
      },
    ),
  );
  return {
    snapshot: [before],
    history: new Map([
      ['AWS::EC2::SecurityGroup', [after]],
      ['AWS::EC2::Instance', instances],
    ]),
  };
}
