// The part of the test account a credential-compromise or EC2-forensics playbook looks at: a user with a console
// password, MFA, groups and policies; a role an instance uses; that instance with its profile association and
// network interface; an empty isolation group; and the region's trails. Wire shape, as in inventory.ts.
import type { InventorySeed } from '../../emulator';
import { SG_ID } from './inventory';

export const REGION = 'eu-west-1';
export const APP_INSTANCE = 'i-0c0ffee0c0ffee0c0';
export const ISOLATION_SG = 'sg-0150a7ed0150a7ed0';
export const ASSOCIATION_ID = 'iip-assoc-0123456789abcdef0';
export const ENI_ID = 'eni-0123456789abcdef0';
export const PROFILE_ARN = 'arn:aws:iam::111122223333:instance-profile/app-server';
export const DENY_ALL = 'arn:aws:iam::aws:policy/AWSDenyAll';
export const TRUST_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});
/** Bob's inline policy: what a Put of the same name would replace. */
export const BACKUP_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 's3:PutObject', Resource: 'arn:aws:s3:::backups/*' }],
});
/** The two deny-only inline policies of AWS's playbooks: deny everything; revoke a role's older sessions. */
export const DENY_ALL_DOCUMENT = { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: '*', Resource: '*' }] };
export const REVOKE_SESSIONS_DOCUMENT = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Deny',
      Action: '*',
      Resource: '*',
      Condition: { DateLessThan: { 'aws:TokenIssueTime': '2026-11-21T04:00:00Z' } },
    },
  ],
});
const VPC = 'vpc-0abc0abc0abc0abc0';

export const COMPROMISE_SEED: InventorySeed = {
  region: REGION,
  iam: {
    users: [
      {
        UserName: 'bob',
        UserId: 'AIDABOB000000000001',
        Arn: 'arn:aws:iam::111122223333:user/ops/bob',
        Path: '/ops/',
        CreateDate: '2024-03-01T08:00:00Z',
        PasswordLastUsed: '2026-11-21T03:12:00Z',
        Tags: [{ Key: 'team', Value: 'ops' }],
        loginProfile: { CreateDate: '2024-03-01T08:05:00Z', PasswordResetRequired: false },
        mfaDevices: [
          {
            UserName: 'bob',
            SerialNumber: 'arn:aws:iam::111122223333:mfa/bob',
            EnableDate: '2024-03-02T09:00:00Z',
          },
        ],
        groups: [
          {
            GroupName: 'admins',
            GroupId: 'AGPAADMINS000000001',
            Arn: 'arn:aws:iam::111122223333:group/admins',
            Path: '/',
            CreateDate: '2023-01-01T00:00:00Z',
          },
        ],
        inlinePolicies: ['s3-backup-write'],
        policyDocuments: { 's3-backup-write': BACKUP_POLICY },
        attached: [{ PolicyName: 'ReadOnlyAccess', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }],
      },
    ],
    roles: [
      {
        RoleName: 'app-server',
        RoleId: 'AROAAPPSERVER000001',
        Arn: 'arn:aws:iam::111122223333:role/app-server',
        Path: '/',
        CreateDate: '2025-06-01T00:00:00Z',
        Description: 'EC2 application servers',
        MaxSessionDuration: 3600,
        // IAM sends the trust policy URL-encoded.
        AssumeRolePolicyDocument: encodeURIComponent(TRUST_POLICY),
        RoleLastUsed: { LastUsedDate: '2026-11-21T03:20:00Z', Region: REGION },
        attached: [{ PolicyName: 'AmazonS3FullAccess', PolicyArn: 'arn:aws:iam::aws:policy/AmazonS3FullAccess' }],
        inlinePolicies: ['kms-decrypt'],
      },
    ],
  },
  ec2: {
    securityGroupInfo: [
      {
        ownerId: '111122223333',
        groupName: 'isolation',
        groupDescription: 'no rules: isolates an instance',
        groupId: ISOLATION_SG,
        vpcId: VPC,
        ipPermissions: [],
        ipPermissionsEgress: [],
      },
    ],
    reservationSet: [
      {
        reservationId: 'r-0c0ffee0c0ffee0c0',
        ownerId: '111122223333',
        instancesSet: [
          {
            instanceId: APP_INSTANCE,
            imageId: 'ami-0aaaaaaaaaaaaaaa1',
            instanceState: { code: 16, name: 'running' },
            instanceType: 'm5.large',
            launchTime: '2026-10-01T10:00:00.000Z',
            vpcId: VPC,
            subnetId: 'subnet-0abc0abc0abc0abc0',
            privateIpAddress: '10.0.1.40',
            iamInstanceProfile: { arn: PROFILE_ARN, id: 'AIPAAPPSERVER000001' },
            groupSet: [{ groupId: SG_ID, groupName: 'web' }],
            blockDeviceMapping: [],
            tagSet: [{ key: 'Name', value: 'app-1' }],
          },
        ],
      },
    ],
    iamInstanceProfileAssociationSet: [
      {
        associationId: ASSOCIATION_ID,
        instanceId: APP_INSTANCE,
        iamInstanceProfile: { arn: PROFILE_ARN, id: 'AIPAAPPSERVER000001' },
        state: 'associated',
        timestamp: '2026-10-01T10:00:05.000Z',
      },
    ],
    networkInterfaceSet: [
      {
        networkInterfaceId: ENI_ID,
        subnetId: 'subnet-0abc0abc0abc0abc0',
        vpcId: VPC,
        description: 'primary',
        ownerId: '111122223333',
        requesterManaged: false,
        status: 'in-use',
        privateIpAddress: '10.0.1.40',
        interfaceType: 'interface',
        groupSet: [{ groupId: SG_ID, groupName: 'web' }],
        attachment: { attachmentId: 'eni-attach-0123456789abcdef0', instanceId: APP_INSTANCE, deviceIndex: 0 },
        association: { publicIp: '198.51.100.40' },
      },
      {
        networkInterfaceId: 'eni-0fedcba9876543210',
        subnetId: 'subnet-0abc0abc0abc0abc0',
        vpcId: VPC,
        description: 'NAT gateway interface',
        ownerId: '111122223333',
        requesterManaged: true,
        status: 'in-use',
        privateIpAddress: '10.0.1.5',
        interfaceType: 'nat_gateway',
        groupSet: [],
      },
    ],
  },
  trails: [
    {
      Name: 'org-trail',
      TrailARN: `arn:aws:cloudtrail:${REGION}:111122223333:trail/org-trail`,
      HomeRegion: REGION,
      S3BucketName: 'audit-logs-111122223333',
      IsMultiRegionTrail: true,
      IsOrganizationTrail: false,
      IncludeGlobalServiceEvents: true,
      LogFileValidationEnabled: true,
      HasCustomEventSelectors: true,
      // Stopped by the intruder: StopLogging at 03:15.
      status: { IsLogging: false, StartLoggingTime: 1735689600, StopLoggingTime: 1795749300 },
      EventSelectors: [
        {
          ReadWriteType: 'WriteOnly',
          IncludeManagementEvents: true,
          DataResources: [{ Type: 'AWS::S3::Object', Values: ['arn:aws:s3:::payroll/'] }],
          ExcludeManagementEventSources: [],
        },
      ],
    },
  ],
};
