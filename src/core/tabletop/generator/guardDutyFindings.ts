// What GuardDuty would have found in the story, as its S3 export writes findings (camelCase, one a line): the leaked
// key calling from the attacker's address, and SSH brute force on an instance behind the opened group, the two
// findings the bundled scenario's injects hand over. Ids, times, addresses and the key are the story's, so the
// findings agree with the CloudTrail events and flow logs.
import type { Environment } from './environment';
import type { Rng } from './rng';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const iso = (ms: number) => new Date(ms).toISOString();

interface FindingSpec {
  type: string;
  severity: number;
  title: string;
  description: string;
  resource: Record<string, unknown>;
  action: Record<string, unknown>;
  resourceRole: 'ACTOR' | 'TARGET';
  firstSeen: number;
  lastSeen: number;
  count: number;
  /** How long after the first sighting GuardDuty reports it; a few minutes when not given. */
  reportedAfter?: number;
}

interface GeneratedFindings {
  region: string;
  findings: Array<Record<string, unknown>>;
  /** When the export would write them: after the last update. */
  exportedMs: number;
}

/** The findings of the story's region, in the order GuardDuty would first report them. */
export function guardDutyFindings(env: Environment, rng: Rng): GeneratedFindings {
  const s = env.story;
  const t = s.times;
  const detectorId = rng.hex(32);
  // The attacker's Describe calls in the story region and the other regions (storyEvents.ts): a burst of recon.
  const recon: FindingSpec = {
    type: 'UnauthorizedAccess:IAMUser/MaliciousIPCaller',
    severity: 5,
    title: 'API DescribeInstances was called from an IP address on a threat list.',
    description:
      `The access key ${s.accessKeyId} of IAM user ${s.userName} listed EC2 resources from ${s.attackerIp}, ` +
      'an address on a threat list.',
    resource: {
      resourceType: 'AccessKey',
      accessKeyDetails: {
        accessKeyId: s.accessKeyId,
        principalId: s.userPrincipalId,
        userName: s.userName,
        userType: 'IAMUser',
      },
    },
    action: {
      actionType: 'AWS_API_CALL',
      awsApiCallAction: {
        api: 'DescribeInstances',
        serviceName: 'ec2.amazonaws.com',
        callerType: 'Remote IP',
        remoteIpDetails: { ipAddressV4: s.attackerIp },
      },
    },
    resourceRole: 'ACTOR',
    firstSeen: t.firstUse + 31 * SECOND,
    lastSeen: t.firstUse + (env.regions.length > 1 ? 190 + 9 * (env.regions.length - 2) : 160) * SECOND,
    count: 7 + env.regions.length - 1,
  };
  // Brute-forcers find port 22 ten minutes after the route makes the instances reachable (flowLogs.ts); GuardDuty
  // reports it about twenty minutes later. The second instance, as the bundled scenario's inject says.
  const reachable = Math.max(t.createRoute, t.runInstances + 90 * SECOND);
  const eni = s.instanceEnis[1] ?? s.instanceEnis[0];
  const ssh: FindingSpec = {
    type: 'UnauthorizedAccess:EC2/SSHBruteForce',
    severity: 5,
    title: `${s.sshSources[0]} is performing SSH brute force attacks against ${eni.instanceId}.`,
    description:
      `${s.sshSources[0]} tried many SSH logins on port 22 of EC2 instance ${eni.instanceId}, which security ` +
      `group ${s.securityGroupId} opens to 0.0.0.0/0.`,
    resource: {
      resourceType: 'Instance',
      instanceDetails: {
        instanceId: eni.instanceId,
        instanceType: s.instanceType,
        imageId: s.imageId,
        launchTime: iso(t.runInstances),
        availabilityZone: `${s.region}a`,
        instanceState: 'running',
        networkInterfaces: [
          {
            networkInterfaceId: eni.id,
            privateIpAddress: eni.ip,
            subnetId: s.subnetId,
            vpcId: s.vpcId,
            securityGroups: [{ groupId: s.securityGroupId, groupName: 'ci-build-runners' }],
          },
        ],
        tags: [],
      },
    },
    action: {
      actionType: 'NETWORK_CONNECTION',
      networkConnectionAction: {
        connectionDirection: 'INBOUND',
        blocked: false,
        protocol: 'TCP',
        localPortDetails: { port: 22, portName: 'SSH' },
        remotePortDetails: { port: rng.int(32768, 60999), portName: 'Unknown' },
        localIpDetails: { ipAddressV4: eni.ip },
        remoteIpDetails: { ipAddressV4: s.sshSources[0] },
      },
    },
    resourceRole: 'TARGET',
    firstSeen: reachable + 10 * MINUTE,
    lastSeen: Math.min(env.endMs - 10 * MINUTE, reachable + 4 * 60 * MINUTE),
    count: rng.int(40, 160),
    reportedAfter: 21 * MINUTE,
  };
  const findings = [recon, ssh].map(f => {
    const id = rng.hex(32);
    const created = f.firstSeen + (f.reportedAfter ?? rng.int(3, 9) * MINUTE);
    return {
      schemaVersion: '2.0',
      accountId: env.accountId,
      region: s.region,
      partition: 'aws',
      id,
      arn: `arn:aws:guardduty:${s.region}:${env.accountId}:detector/${detectorId}/finding/${id}`,
      type: f.type,
      resource: f.resource,
      service: {
        serviceName: 'guardduty',
        detectorId,
        action: f.action,
        resourceRole: f.resourceRole,
        additionalInfo: { value: '{}', type: 'default' },
        eventFirstSeen: iso(f.firstSeen),
        eventLastSeen: iso(f.lastSeen),
        archived: false,
        count: f.count,
      },
      severity: f.severity,
      createdAt: iso(created),
      updatedAt: iso(Math.max(created, f.lastSeen + rng.int(3, 9) * MINUTE)),
      title: f.title,
      description: f.description,
    };
  });
  const exportedMs = Math.max(...findings.map(f => Date.parse(f.updatedAt))) + 15 * MINUTE;
  return { region: s.region, findings, exportedMs };
}
