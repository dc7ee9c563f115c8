// A small account for the AWS API engine tests, written as each service puts it on the wire (EC2 and IAM XML names,
// GuardDuty camelCase, the JSON services PascalCase), so the real SDK clients parse it as they would AWS's answers.
import type { InventorySeed } from '../../emulator';

export const SG_ID = 'sg-0123456789abcdef0';
export const RULE_ID = 'sgr-0aaaaaaaaaaaaaaa1';
export const INSTANCE_ID = 'i-0123456789abcdef0';
export const VOLUME_ID = 'vol-0123456789abcdef0';
export const DETECTOR_ID = '12abc34d567e8fa901bc2d34e56789f0';
export const LEAKED_KEY = 'AKIAEXAMPLELEAKED001';

/** The five security-group calls, as an EventBridge pattern that covers them all, and one that misses two. */
export const FULL_PATTERN = JSON.stringify({
  source: ['aws.ec2'],
  'detail-type': ['AWS API Call via CloudTrail'],
  detail: {
    eventSource: ['ec2.amazonaws.com'],
    eventName: [{ suffix: 'SecurityGroupIngress' }, { suffix: 'SecurityGroupEgress' }, 'ModifySecurityGroupRules'],
  },
});
export const PARTIAL_PATTERN = JSON.stringify({
  source: ['aws.ec2'],
  detail: {
    eventName: ['AuthorizeSecurityGroupIngress', 'AuthorizeSecurityGroupEgress', 'RevokeSecurityGroupIngress'],
  },
});

export function regionSeed(region: string, groups = 1): InventorySeed {
  return {
    region,
    ec2: {
      securityGroupInfo: Array.from({ length: groups }, (_, i) => ({
        ownerId: '111122223333',
        groupName: i ? `web-${i}` : 'web',
        groupDescription: 'web servers',
        groupId: i ? `sg-${(i + 1).toString(16).padStart(17, '0')}` : SG_ID,
        vpcId: 'vpc-0abc0abc0abc0abc0',
        ipPermissions: [
          {
            ipProtocol: 'tcp',
            fromPort: 22,
            toPort: 22,
            groups: [],
            ipRanges: [{ cidrIp: '0.0.0.0/0', description: 'opened by attacker' }, { cidrIp: '10.0.0.0/8' }],
            ipv6Ranges: [],
            prefixListIds: [],
          },
        ],
        ipPermissionsEgress: [
          { ipProtocol: '-1', groups: [], ipRanges: [{ cidrIp: '0.0.0.0/0' }], ipv6Ranges: [], prefixListIds: [] },
        ],
        tagSet: [{ key: 'Name', value: 'web' }],
      })),
      securityGroupRuleSet: [
        {
          securityGroupRuleId: RULE_ID,
          groupId: SG_ID,
          groupOwnerId: '111122223333',
          isEgress: false,
          ipProtocol: 'tcp',
          fromPort: 22,
          toPort: 22,
          cidrIpv4: '0.0.0.0/0',
          description: 'opened by attacker',
        },
        {
          securityGroupRuleId: 'sgr-0aaaaaaaaaaaaaaa2',
          groupId: SG_ID,
          groupOwnerId: '111122223333',
          isEgress: true,
          ipProtocol: '-1',
          fromPort: -1,
          toPort: -1,
          cidrIpv4: '0.0.0.0/0',
        },
      ],
      reservationSet: [
        {
          reservationId: 'r-0123456789abcdef0',
          ownerId: '111122223333',
          instancesSet: [
            {
              instanceId: INSTANCE_ID,
              imageId: 'ami-0123456789abcdef0',
              instanceState: { code: 16, name: 'running' },
              instanceType: 't3.micro',
              launchTime: '2026-11-20T14:05:00.000Z',
              vpcId: 'vpc-0abc0abc0abc0abc0',
              subnetId: 'subnet-0abc0abc0abc0abc0',
              privateIpAddress: '10.0.1.15',
              ipAddress: '198.51.100.7',
              groupSet: [{ groupId: SG_ID, groupName: 'web' }],
              blockDeviceMapping: [{ deviceName: '/dev/xvda', ebs: { volumeId: VOLUME_ID, status: 'attached' } }],
              tagSet: [{ key: 'Name', value: 'bastion' }],
            },
            {
              instanceId: 'i-0fedcba9876543210',
              imageId: 'ami-0123456789abcdef0',
              instanceState: { code: 80, name: 'stopped' },
              instanceType: 'c5.4xlarge',
              launchTime: '2026-11-21T02:00:00.000Z',
              groupSet: [],
              blockDeviceMapping: [],
              tagSet: [],
            },
          ],
        },
      ],
      imagesSet: [
        {
          imageId: 'ami-0aaaaaaaaaaaaaaa1',
          name: 'golden-web',
          imageState: 'available',
          imageOwnerId: '111122223333',
          isPublic: false,
        },
        {
          imageId: 'ami-0bbbbbbbbbbbbbbb2',
          name: 'someone-elses',
          imageState: 'available',
          imageOwnerId: '999999999999',
          isPublic: true,
        },
      ],
      volumeSet: [
        {
          volumeId: VOLUME_ID,
          size: 8,
          status: 'in-use',
          volumeType: 'gp3',
          encrypted: false,
          attachmentSet: [{ instanceId: INSTANCE_ID, volumeId: VOLUME_ID, device: '/dev/xvda', status: 'attached' }],
        },
      ],
    },
    guardduty: {
      detectorId: DETECTOR_ID,
      findings: [
        {
          id: 'f1',
          type: 'UnauthorizedAccess:EC2/SSHBruteForce',
          severity: 5,
          title: 'SSH brute force on bastion',
          updatedAt: '2026-11-21T10:00:00.000Z',
          accountId: '111122223333',
          region,
          resource: { resourceType: 'Instance', instanceDetails: { instanceId: INSTANCE_ID } },
          service: {
            serviceName: 'guardduty',
            detectorId: DETECTOR_ID,
            count: 42,
            archived: false,
            eventFirstSeen: '2026-11-20T15:00:00.000Z',
            eventLastSeen: '2026-11-21T09:00:00.000Z',
            action: {
              actionType: 'NETWORK_CONNECTION',
              networkConnectionAction: {
                connectionDirection: 'INBOUND',
                remoteIpDetails: { ipAddressV4: '203.0.113.9' },
              },
            },
          },
        },
        {
          id: 'f2',
          type: 'Recon:EC2/PortProbeUnprotectedPort',
          severity: 2,
          title: 'Port probe',
          updatedAt: '2026-11-19T10:00:00.000Z',
          accountId: '111122223333',
          region,
          resource: { resourceType: 'Instance', instanceDetails: { instanceId: INSTANCE_ID } },
          service: { serviceName: 'guardduty', count: 3, archived: false, action: { actionType: 'PORT_PROBE' } },
        },
      ],
    },
    lists: {
      'events:Rules': [
        {
          Name: 'sg-changes',
          Arn: `arn:aws:events:${region}:111122223333:rule/sg-changes`,
          State: 'ENABLED',
          EventBusName: 'default',
          EventPattern: FULL_PATTERN,
        },
        {
          Name: 'sg-some',
          Arn: `arn:aws:events:${region}:111122223333:rule/sg-some`,
          State: 'ENABLED',
          EventBusName: 'default',
          EventPattern: PARTIAL_PATTERN,
        },
      ],
      'events:Targets': [{ Rule: 'sg-changes', Id: 'notify', Arn: 'arn:aws:sns:us-east-1:111122223333:sec-alerts' }],
      'config:ConfigRules': [
        {
          ConfigRuleName: 'ec2-security-group-ingress',
          ConfigRuleState: 'ACTIVE',
          Source: {
            Owner: 'CUSTOM_LAMBDA',
            SourceIdentifier: 'arn:aws:lambda:us-east-1:111122223333:function:sg-check',
          },
          Scope: { ComplianceResourceTypes: ['AWS::EC2::SecurityGroup'] },
        },
      ],
      'config:configurationItems': [
        {
          resourceId: SG_ID,
          resourceType: 'AWS::EC2::SecurityGroup',
          configurationItemCaptureTime: 1795776300,
          configurationItemStatus: 'OK',
          configuration: '{"ipPermissions":[]}',
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
          Dimensions: [{ Name: 'NatGatewayId', Value: 'nat-0123456789abcdef0' }],
        },
      ],
      'monitoring:MetricDataResults': [
        {
          Id: 'bytes',
          Label: 'BytesOutToDestination',
          StatusCode: 'Complete',
          Timestamps: [1795776300, 1795777200],
          Values: [6200000, 180000],
        },
      ],
      'securityhub:Findings': [
        {
          Id: 'sh-1',
          Title: 'EC2.19 Security groups should not allow unrestricted access',
          ProductName: 'Security Hub',
          Severity: { Label: 'HIGH' },
          Compliance: { Status: 'FAILED', SecurityControlId: 'EC2.19' },
          Resources: [{ Type: 'AwsEc2SecurityGroup', Id: SG_ID }],
          Workflow: { Status: 'NEW' },
          RecordState: 'ACTIVE',
        },
      ],
      'lambda:Functions': [
        {
          FunctionName: 'sg-check',
          FunctionArn: `arn:aws:lambda:${region}:111122223333:function:sg-check`,
          Runtime: 'python3.12',
          Role: 'arn:aws:iam::111122223333:role/sg-check',
          LastModified: '2026-11-21T02:10:00.000+0000',
          Layers: [{ Arn: `arn:aws:lambda:${region}:111122223333:layer:miner:1` }],
        },
      ],
    },
  };
}

export const IAM_SEED: InventorySeed = {
  iam: {
    users: [
      {
        UserName: 'alice',
        UserId: 'AIDAALICE0000000001',
        Arn: 'arn:aws:iam::111122223333:user/alice',
        CreateDate: '2025-01-01T00:00:00Z',
        Path: '/',
        accessKeys: [
          { UserName: 'alice', AccessKeyId: LEAKED_KEY, Status: 'Active', CreateDate: '2026-01-01T00:00:00Z' },
        ],
      },
    ],
    roles: [
      {
        RoleName: 'web',
        attached: [{ PolicyName: 'AdministratorAccess', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }],
      },
    ],
  },
};
