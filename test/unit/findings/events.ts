// CloudTrail events, a GuardDuty finding and a Config item in the shapes AWS delivers them (values are documentation
// addresses and made-up ids), for the extraction and summary tests.
export const ACCOUNT = '111122223333';
export const OTHER_ACCOUNT = '444455556666';

export const iamUserIngress = {
  eventVersion: '1.09',
  userIdentity: {
    type: 'IAMUser',
    principalId: 'AIDAQRSTUVWXYZ2345678',
    arn: `arn:aws:iam::${ACCOUNT}:user/ci-deploy`,
    accountId: ACCOUNT,
    accessKeyId: 'AKIAWX3N7QGT5LKE2HVR',
    userName: 'ci-deploy',
  },
  eventTime: '2026-11-29T10:02:11Z',
  eventSource: 'ec2.amazonaws.com',
  eventName: 'AuthorizeSecurityGroupIngress',
  awsRegion: 'eu-west-1',
  sourceIPAddress: '203.0.113.77',
  userAgent: 'aws-cli/2.15.0 Python/3.11.6 Linux/6.1',
  requestParameters: {
    groupId: 'sg-0c3f9a12e4b7d6850',
    ipPermissions: {
      items: [
        {
          ipProtocol: 'tcp',
          fromPort: 22,
          toPort: 22,
          groups: {},
          ipRanges: { items: [{ cidrIp: '0.0.0.0/0' }] },
          ipv6Ranges: {},
          prefixListIds: {},
        },
      ],
    },
  },
  responseElements: {
    requestId: 'b1c2d3e4-0000-4000-8000-000000000001',
    _return: true,
    securityGroupRuleSet: {
      items: [{ groupOwnerId: ACCOUNT, groupId: 'sg-0c3f9a12e4b7d6850', securityGroupRuleId: 'sgr-0a1b2c3d4e5f60718' }],
    },
  },
  requestID: 'b1c2d3e4-0000-4000-8000-000000000001',
  eventID: '6f0e1d2c-3b4a-4958-8776-a5b4c3d2e1f0',
  readOnly: false,
  eventType: 'AwsApiCall',
  managementEvent: true,
  recipientAccountId: ACCOUNT,
  eventCategory: 'Management',
};

export const assumedRoleRunInstances = {
  eventVersion: '1.09',
  userIdentity: {
    type: 'AssumedRole',
    principalId: 'AROAQRSTUVWXYZ7654321:build-42',
    arn: `arn:aws:sts::${ACCOUNT}:assumed-role/DeployRole/build-42`,
    accountId: ACCOUNT,
    accessKeyId: 'ASIAWX3N7QGT5LKE9ZZQ',
    sessionContext: {
      sessionIssuer: {
        type: 'Role',
        principalId: 'AROAQRSTUVWXYZ7654321',
        arn: `arn:aws:iam::${ACCOUNT}:role/DeployRole`,
        accountId: ACCOUNT,
        userName: 'DeployRole',
      },
      attributes: { creationDate: '2026-11-29T09:58:00Z', mfaAuthenticated: 'false' },
    },
  },
  eventTime: '2026-11-29T10:15:40Z',
  eventSource: 'ec2.amazonaws.com',
  eventName: 'RunInstances',
  awsRegion: 'eu-west-1',
  sourceIPAddress: '2001:db8:4006:812::200e',
  userAgent: 'Boto3/1.34.0',
  requestParameters: {
    instancesSet: { items: [{ imageId: 'ami-0d41c7e2b9a35f186', minCount: 1, maxCount: 1 }] },
    instanceType: 'c5.4xlarge',
  },
  responseElements: {
    instancesSet: {
      items: [
        { instanceId: 'i-03c9d7e15b8a2f4e1', privateIpAddress: '10.0.1.23', subnetId: 'subnet-09b4e7d1a2c36f580' },
      ],
    },
  },
  eventID: '11111111-2222-4333-8444-555555555555',
  readOnly: false,
  recipientAccountId: ACCOUNT,
};

export const rootConsoleLogin = {
  eventVersion: '1.08',
  userIdentity: {
    type: 'Root',
    principalId: ACCOUNT,
    arn: `arn:aws:iam::${ACCOUNT}:root`,
    accountId: ACCOUNT,
  },
  eventTime: '2026-11-29T11:00:00Z',
  eventSource: 'signin.amazonaws.com',
  eventName: 'ConsoleLogin',
  awsRegion: 'us-east-1',
  sourceIPAddress: '198.51.100.23',
  userAgent: 'Mozilla/5.0',
  requestParameters: null,
  responseElements: { ConsoleLogin: 'Success' },
  additionalEventData: { MFAUsed: 'No' },
  eventID: '22222222-2222-4333-8444-555555555555',
  readOnly: false,
  eventType: 'AwsConsoleSignIn',
  recipientAccountId: ACCOUNT,
};

export const serviceCall = {
  eventVersion: '1.08',
  userIdentity: { type: 'AWSService', invokedBy: 'autoscaling.amazonaws.com' },
  eventTime: '2026-11-29T11:05:00Z',
  eventSource: 'ec2.amazonaws.com',
  eventName: 'StopInstances',
  awsRegion: 'eu-west-1',
  sourceIPAddress: 'autoscaling.amazonaws.com',
  userAgent: 'autoscaling.amazonaws.com',
  requestParameters: { instancesSet: { items: [{ instanceId: 'i-0e5a1f93c7d2b4086' }] }, force: false },
  eventID: '33333333-2222-4333-8444-555555555555',
  readOnly: false,
  recipientAccountId: ACCOUNT,
};

export const failedDescribe = {
  eventVersion: '1.09',
  userIdentity: {
    type: 'IAMUser',
    principalId: 'AIDAQRSTUVWXYZ2345678',
    arn: `arn:aws:iam::${ACCOUNT}:user/ci-deploy`,
    accountId: ACCOUNT,
    accessKeyId: 'AKIAWX3N7QGT5LKE2HVR',
    userName: 'ci-deploy',
  },
  eventTime: '2026-11-29T09:59:01Z',
  eventSource: 'iam.amazonaws.com',
  eventName: 'ListUsers',
  awsRegion: 'us-east-1',
  sourceIPAddress: '203.0.113.77',
  errorCode: 'AccessDenied',
  errorMessage: `User: arn:aws:iam::${ACCOUNT}:user/ci-deploy is not authorized to perform: iam:ListUsers`,
  requestParameters: null,
  eventID: '44444444-2222-4333-8444-555555555555',
  readOnly: true,
  recipientAccountId: ACCOUNT,
};

export const crossAccountAssumeRole = {
  eventVersion: '1.08',
  userIdentity: {
    type: 'AWSAccount',
    principalId: 'AIDAEXAMPLEPRINCIPAL1',
    accountId: OTHER_ACCOUNT,
  },
  eventTime: '2026-11-29T12:30:00Z',
  eventSource: 'sts.amazonaws.com',
  eventName: 'AssumeRole',
  awsRegion: 'us-east-1',
  sourceIPAddress: '192.0.2.10',
  requestParameters: {
    roleArn: `arn:aws:iam::${ACCOUNT}:role/AuditRole`,
    roleSessionName: 'outside',
  },
  resources: [{ accountId: ACCOUNT, type: 'AWS::IAM::Role', ARN: `arn:aws:iam::${ACCOUNT}:role/AuditRole` }],
  eventID: '55555555-2222-4333-8444-555555555555',
  readOnly: true,
  recipientAccountId: ACCOUNT,
  sharedEventID: '66666666-2222-4333-8444-555555555555',
};

export const guardDutyFinding = {
  schemaVersion: '2.0',
  accountId: ACCOUNT,
  region: 'eu-west-1',
  id: '7ac5f8b1e2d34c0a9b6e5f4d3c2b1a09',
  arn: `arn:aws:guardduty:eu-west-1:${ACCOUNT}:detector/12abc34d567e8fa901bc2d34e56789f0/finding/7ac5f8b1e2d34c0a9b6e5f4d3c2b1a09`,
  type: 'UnauthorizedAccess:EC2/SSHBruteForce',
  resource: {
    resourceType: 'Instance',
    instanceDetails: { instanceId: 'i-0b7f2c4e9a1d83656', instanceType: 't3.micro' },
  },
  service: {
    serviceName: 'guardduty',
    action: {
      actionType: 'NETWORK_CONNECTION',
      networkConnectionAction: {
        connectionDirection: 'INBOUND',
        remoteIpDetails: { ipAddressV4: '198.51.100.9', organization: { asn: '64500' } },
        localPortDetails: { port: 22, portName: 'SSH' },
        protocol: 'TCP',
      },
    },
    eventFirstSeen: '2026-11-29T10:20:00.000Z',
    eventLastSeen: '2026-11-29T10:40:00.000Z',
    count: 31,
  },
  severity: 5,
  createdAt: '2026-11-29T10:25:00.000Z',
  updatedAt: '2026-11-29T10:45:00.000Z',
  title: '198.51.100.9 is performing SSH brute force attacks against i-0b7f2c4e9a1d83656.',
};

export const configItem = {
  version: '1.3',
  accountId: ACCOUNT,
  configurationItemCaptureTime: '2026-11-29T10:03:00.000Z',
  configurationItemStatus: 'OK',
  configurationStateId: '1701252180000',
  arn: `arn:aws:ec2:eu-west-1:${ACCOUNT}:security-group/sg-0c3f9a12e4b7d6850`,
  resourceType: 'AWS::EC2::SecurityGroup',
  resourceId: 'sg-0c3f9a12e4b7d6850',
  awsRegion: 'eu-west-1',
  relatedEvents: ['6f0e1d2c-3b4a-4958-8776-a5b4c3d2e1f0'],
  configuration: {
    groupId: 'sg-0c3f9a12e4b7d6850',
    ownerId: ACCOUNT,
    vpcId: 'vpc-0f12e8a4c6b39d275',
    ipPermissions: [{ ipProtocol: 'tcp', fromPort: 22, toPort: 22, ipv4Ranges: [{ cidrIp: '0.0.0.0/0' }] }],
  },
};
