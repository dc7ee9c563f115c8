// GuardDuty findings and AWS Config items written in the shapes responders have them, for the offline aws tests.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

export const ACCOUNT = '111122223333';
export const SG = 'sg-0aaaaaaaaaaaaaaa1';
export const INSTANCE = 'i-0bbbbbbbbbbbbbbb1';
export const KEY = 'AKIAEXAMPLEOFFLINE01';

/** A finding as GuardDuty's API, its S3 export and EventBridge give it (camelCase). */
export function finding(
  id: string,
  over: {
    type?: string;
    severity?: number;
    updatedAt?: string;
    count?: number;
    region?: string;
    sample?: boolean;
    archived?: boolean;
  } = {},
): Record<string, unknown> {
  const type = over.type ?? 'UnauthorizedAccess:EC2/SSHBruteForce';
  const ec2 = type.includes(':EC2/');
  const region = over.region ?? 'eu-west-1';
  return {
    schemaVersion: '2.0',
    accountId: ACCOUNT,
    region,
    partition: 'aws',
    id,
    type,
    arn: `arn:aws:guardduty:${region}:${ACCOUNT}:detector/d1/finding/${id}`,
    severity: over.severity ?? 5,
    title: `${type} finding`,
    description: 'test',
    createdAt: '2026-11-20T10:00:00.000Z',
    updatedAt: over.updatedAt ?? '2026-11-20T11:00:00.000Z',
    resource: ec2
      ? { resourceType: 'Instance', instanceDetails: { instanceId: INSTANCE } }
      : {
          resourceType: 'AccessKey',
          accessKeyDetails: {
            accessKeyId: KEY,
            principalId: 'AIDAEXAMPLE',
            userName: 'ci-deploy',
            userType: 'IAMUser',
          },
        },
    service: {
      serviceName: 'guardduty',
      detectorId: 'd1',
      archived: over.archived ?? false,
      count: over.count ?? 1,
      eventFirstSeen: '2026-11-20T09:00:00.000Z',
      eventLastSeen: '2026-11-20T10:30:00.000Z',
      additionalInfo: over.sample ? { sample: true } : {},
      action: ec2
        ? {
            actionType: 'NETWORK_CONNECTION',
            networkConnectionAction: {
              connectionDirection: 'INBOUND',
              remoteIpDetails: { ipAddressV4: '203.0.113.50' },
              localPortDetails: { port: 22, portName: 'SSH' },
            },
          }
        : {
            actionType: 'AWS_API_CALL',
            awsApiCallAction: { api: 'DescribeInstances', remoteIpDetails: { ipAddressV4: '198.51.100.23' } },
          },
    },
  };
}

/** The AWS CLI prints findings with PascalCase keys. */
export function pascal(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(pascal);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k[0].toUpperCase() + k.slice(1), pascal(v)]));
}

/** A security group's configuration item as Config delivers it (EC2's camelCase, CIDRs also as text). */
export function sgItem(time: string, stateId: number, openToWorld: boolean): Record<string, unknown> {
  const ranges = openToWorld ? ['10.0.0.0/8', '0.0.0.0/0'] : ['10.0.0.0/8'];
  return {
    configurationItemVersion: '1.3',
    configurationItemCaptureTime: time,
    configurationStateId: stateId,
    awsAccountId: ACCOUNT,
    configurationItemStatus: 'OK',
    resourceType: 'AWS::EC2::SecurityGroup',
    resourceId: SG,
    resourceName: 'ci-build-runners',
    ARN: `arn:aws:ec2:eu-west-1:${ACCOUNT}:security-group/${SG}`,
    awsRegion: 'eu-west-1',
    availabilityZone: 'Not Applicable',
    tags: {},
    relatedEvents: [],
    relationships: [
      { resourceId: 'vpc-0ccccccccccccccc1', resourceType: 'AWS::EC2::VPC', name: 'Is contained in Vpc' },
    ],
    configuration: {
      ownerId: ACCOUNT,
      groupName: 'ci-build-runners',
      groupId: SG,
      description: 'build runners',
      vpcId: 'vpc-0ccccccccccccccc1',
      ipPermissions: [
        {
          ipProtocol: 'tcp',
          fromPort: 22,
          toPort: 22,
          userIdGroupPairs: [],
          ipv6Ranges: [],
          prefixListIds: [],
          ipRanges: ranges,
          ipv4Ranges: ranges.map(cidrIp => ({ cidrIp })),
        },
      ],
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
      tags: [],
    },
  };
}

export function instanceItem(time: string): Record<string, unknown> {
  return {
    configurationItemVersion: '1.3',
    configurationItemCaptureTime: time,
    configurationStateId: 7,
    awsAccountId: ACCOUNT,
    configurationItemStatus: 'ResourceDiscovered',
    resourceType: 'AWS::EC2::Instance',
    resourceId: INSTANCE,
    ARN: `arn:aws:ec2:eu-west-1:${ACCOUNT}:instance/${INSTANCE}`,
    awsRegion: 'eu-west-1',
    tags: { Name: 'miner' },
    relatedEvents: ['ev-run-1'],
    relationships: [],
    configuration: {
      instanceId: INSTANCE,
      imageId: 'ami-0ddddddddddddddd1',
      instanceType: 'c5.4xlarge',
      keyName: 'build-key',
      launchTime: '2026-11-20T10:05:00.000Z',
      privateIpAddress: '10.20.3.7',
      publicIpAddress: '198.51.100.77',
      subnetId: 'subnet-0eeeeeeeeeeeeeee1',
      vpcId: 'vpc-0ccccccccccccccc1',
      state: { code: 16, name: 'running' },
      securityGroups: [{ groupName: 'ci-build-runners', groupId: SG }],
      blockDeviceMappings: [
        { deviceName: '/dev/xvda', ebs: { volumeId: 'vol-0fffffffffffffff1', status: 'attached' } },
      ],
      tags: [{ key: 'Name', value: 'miner' }],
    },
  };
}

function write(dir: string, relative: string, text: string, gzip = false): void {
  const file = path.join(dir, relative);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, gzip ? zlib.gzipSync(text) : text);
}

const configPath = (kind: 'ConfigHistory' | 'ConfigSnapshot', name: string) =>
  `AWSLogs/${ACCOUNT}/Config/eu-west-1/2026/11/20/${kind}/${ACCOUNT}_Config_eu-west-1_${kind}_${name}.json.gz`;

/** Writes every shape into `dir`; returns nothing, the tests know the names. */
export function writeAwsFixtures(dir: string): void {
  // S3 export: one finding a line, gzip; the second line is a later version of the first finding, one line is broken.
  write(
    dir,
    `AWSLogs/${ACCOUNT}/GuardDuty/eu-west-1/2026/11/20/export.jsonl.gz`,
    [
      JSON.stringify(finding('gd-ssh', { count: 1 })),
      JSON.stringify(finding('gd-ssh', { count: 40, updatedAt: '2026-11-20T12:00:00.000Z', severity: 5 })),
      '{"schemaVersion": "2.0", "id": ',
      JSON.stringify({ ...finding('gd-noid'), id: undefined }),
    ].join('\n') + '\n',
    true,
  );
  write(
    dir,
    'events/eventbridge.json',
    JSON.stringify(
      {
        version: '0',
        id: 'ev-1',
        'detail-type': 'GuardDuty Finding',
        source: 'aws.guardduty',
        account: ACCOUNT,
        time: '2026-11-20T11:05:00Z',
        region: 'eu-west-1',
        resources: [],
        detail: finding('gd-exfil', {
          type: 'UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS',
          severity: 8,
        }),
      },
      null,
      2,
    ),
  );
  write(
    dir,
    'cli/get-findings.json',
    JSON.stringify(
      {
        Findings: [pascal(finding('gd-recon', { type: 'Recon:IAMUser/MaliciousIPCaller', severity: 2 }))],
      },
      null,
      2,
    ),
  );
  write(
    dir,
    'api/bare-finding.json',
    JSON.stringify(
      finding('gd-sample', { type: 'Backdoor:EC2/Spambot', severity: 3, sample: true, region: 'us-east-1' }),
      null,
      2,
    ),
  );
  // Starts like a finding, ends mid-document: skipped and named.
  write(dir, 'api/broken-finding.json', JSON.stringify(finding('gd-broken')).slice(0, 200));
  write(
    dir,
    configPath('ConfigHistory', 'AWS::EC2::SecurityGroup_20261120T1000Z_20261120T1100Z_1'),
    JSON.stringify({
      fileVersion: '1.0',
      configurationItems: [sgItem('2026-11-20T10:00:00.000Z', 1, false), sgItem('2026-11-20T10:02:10.000Z', 2, true)],
    }),
  );
  write(
    dir,
    configPath('ConfigSnapshot', '2026-11-20T11:00:00Z_snap'),
    JSON.stringify({
      fileVersion: '1.0',
      configSnapshotId: 'snap',
      configurationItems: [sgItem('2026-11-20T10:02:10.000Z', 2, true), instanceItem('2026-11-20T10:06:00.000Z')],
    }),
    true,
  );
}
