// The AWS API calls a playbook may make: the read operations an `aws` block may run, and the containment actions an
// `action` block may run after the user confirms. Anything not listed here is refused, by `irp validate` and again
// by the engine at run time. Plain data: no SDK is loaded to check a playbook.

interface AwsServiceInfo {
  /** The SDK v3 package and client class that talk to the service. */
  clientPackage: string;
  clientClass: string;
  /** IAM-style prefix for messages and permissions (`ec2:DescribeInstances`). */
  prefix: string;
  /** One endpoint for the whole account (IAM): a block runs once, in the session's region, whatever it lists. */
  global?: boolean;
  reads: readonly string[];
  actions: readonly string[];
}

export const AWS_SERVICES: Readonly<Record<string, AwsServiceInfo>> = {
  guardduty: {
    clientPackage: '@aws-sdk/client-guardduty',
    clientClass: 'GuardDutyClient',
    prefix: 'guardduty',
    reads: ['ListDetectors', 'GetDetector', 'ListFindings', 'GetFindings'],
    actions: [],
  },
  config: {
    clientPackage: '@aws-sdk/client-config-service',
    clientClass: 'ConfigServiceClient',
    prefix: 'config',
    reads: [
      'GetResourceConfigHistory',
      'DescribeConfigRules',
      'GetComplianceDetailsByConfigRule',
      'DescribeConfigurationRecorderStatus',
    ],
    actions: [],
  },
  ec2: {
    clientPackage: '@aws-sdk/client-ec2',
    clientClass: 'EC2Client',
    prefix: 'ec2',
    reads: [
      'DescribeSecurityGroups',
      'DescribeSecurityGroupRules',
      'DescribeFlowLogs',
      'DescribeInstances',
      'DescribeRouteTables',
      'DescribeNatGateways',
      'DescribeInternetGateways',
      'DescribeVpcPeeringConnections',
      'DescribeNetworkAcls',
      'DescribeVpcEndpoints',
      'DescribeAddresses',
      'DescribeImages',
      'DescribeVolumes',
      'DescribeSnapshots',
      'DescribeRegions',
      'DescribeVpcs',
      'DescribeIamInstanceProfileAssociations',
      'DescribeNetworkInterfaces',
    ],
    actions: [
      'RevokeSecurityGroupIngress',
      'CreateSnapshot',
      'StopInstances',
      'ModifyInstanceAttribute',
      'DisassociateIamInstanceProfile',
    ],
  },
  iam: {
    clientPackage: '@aws-sdk/client-iam',
    clientClass: 'IAMClient',
    prefix: 'iam',
    global: true,
    // No call that returns a secret or a credential: no GetCredentialReport, no ListServiceSpecificCredentials.
    reads: [
      'ListUsers',
      'GetUser',
      'ListAccessKeys',
      'GetAccessKeyLastUsed',
      'GetLoginProfile',
      'ListMFADevices',
      'ListGroupsForUser',
      'ListUserPolicies',
      'GetUserPolicy',
      'ListAttachedUserPolicies',
      'ListRoles',
      'GetRole',
      'ListRolePolicies',
      'GetRolePolicy',
      'ListAttachedRolePolicies',
      // Federation: which identity providers the account trusts (metadata and thumbprints; no private key).
      'ListSAMLProviders',
      'GetSAMLProvider',
      'ListOpenIDConnectProviders',
      'GetOpenIDConnectProvider',
    ],
    actions: [
      'UpdateAccessKey',
      'DeleteLoginProfile',
      'AttachUserPolicy',
      'DetachUserPolicy',
      'AttachRolePolicy',
      'DetachRolePolicy',
      // Only with a deny-only document (see ACTION_RULES). Never DeleteUserPolicy/DeleteRolePolicy: they can lift a
      // restriction.
      'PutUserPolicy',
      'PutRolePolicy',
    ],
  },
  cloudtrail: {
    clientPackage: '@aws-sdk/client-cloudtrail',
    clientClass: 'CloudTrailClient',
    prefix: 'cloudtrail',
    // Is the trail still logging, and what does it record? (LookupEvents is the `cloudtrail` engine's.)
    reads: ['DescribeTrails', 'GetTrailStatus', 'GetEventSelectors'],
    actions: [],
  },
  sts: {
    clientPackage: '@aws-sdk/client-sts',
    clientClass: 'STSClient',
    prefix: 'sts',
    reads: ['GetAccessKeyInfo', 'GetCallerIdentity'],
    actions: [],
  },
  cloudwatch: {
    clientPackage: '@aws-sdk/client-cloudwatch',
    clientClass: 'CloudWatchClient',
    prefix: 'cloudwatch',
    reads: ['GetMetricData', 'DescribeAlarms', 'DescribeAlarmHistory'],
    actions: [],
  },
  eventbridge: {
    clientPackage: '@aws-sdk/client-eventbridge',
    clientClass: 'EventBridgeClient',
    prefix: 'events',
    reads: ['ListRules', 'DescribeRule', 'ListTargetsByRule'],
    actions: [],
  },
  securityhub: {
    clientPackage: '@aws-sdk/client-securityhub',
    clientClass: 'SecurityHubClient',
    prefix: 'securityhub',
    reads: [
      'GetFindings',
      'DescribeStandards',
      'GetEnabledStandards',
      'DescribeStandardsControls',
      'ListSecurityControlDefinitions',
      'BatchGetSecurityControls',
      'ListStandardsControlAssociations',
    ],
    actions: [],
  },
  lambda: {
    clientPackage: '@aws-sdk/client-lambda',
    clientClass: 'LambdaClient',
    prefix: 'lambda',
    reads: ['ListFunctions', 'ListLayers'],
    actions: [],
  },
  s3: {
    clientPackage: '@aws-sdk/client-s3',
    clientClass: 'S3Client',
    prefix: 's3',
    // Bucket settings only: nothing that reads or lists objects.
    reads: [
      'ListBuckets',
      'GetBucketPolicy',
      'GetBucketPolicyStatus',
      'GetPublicAccessBlock',
      'GetBucketAcl',
      'GetBucketVersioning',
      'GetBucketLogging',
      'GetBucketEncryption',
      'GetBucketLocation',
      'GetObjectLockConfiguration',
    ],
    actions: ['PutPublicAccessBlock'],
  },
  rds: {
    clientPackage: '@aws-sdk/client-rds',
    clientClass: 'RDSClient',
    prefix: 'rds',
    reads: ['DescribeDBInstances', 'DescribeDBSnapshots', 'DescribeDBClusters', 'DescribeDBSnapshotAttributes'],
    actions: ['ModifyDBInstance', 'CreateDBSnapshot'],
  },
};

export type AwsBlockKind = 'read' | 'action';

/** What an `action` block must give, so that it changes one named resource and nothing else. */
interface ActionRule {
  /** Input keys that must be present. */
  required: readonly string[];
  /** Keys whose value is fixed (UpdateAccessKey only deactivates). */
  fixed?: Readonly<Record<string, string>>;
  /** List-valued keys that must name exactly one item (one rule, one instance). */
  single?: readonly string[];
  /** Input keys naming the resource, for the confirmation; a key not in `single` must be one text, not a list. */
  resource: readonly string[];
  /** The only input keys allowed, where the call could change more than the containment asks for. */
  only?: readonly string[];
  /** An inline policy document that must only deny (PutUserPolicy): adding it can only take permissions away. */
  denyOnly?: string;
  /** The call takes DryRun ("checks whether you have the required permissions"); tried before the user is asked. */
  dryRun?: boolean;
  /** Keys whose value, when given, must be exactly this flag or group of settings (compared whole). */
  exact?: Readonly<Record<string, boolean | Readonly<Record<string, boolean>>>>;
}

/** The AWS managed policy that denies every action: attached to a user or role, it stops what the keys can do. */
export const DENY_ALL_POLICY = 'arn:aws:iam::aws:policy/AWSDenyAll';

export const ACTION_RULES: Readonly<Record<string, ActionRule>> = {
  'ec2:RevokeSecurityGroupIngress': {
    required: ['GroupId', 'SecurityGroupRuleIds'],
    single: ['SecurityGroupRuleIds'],
    resource: ['GroupId', 'SecurityGroupRuleIds'],
    dryRun: true,
  },
  'ec2:CreateSnapshot': { required: ['VolumeId'], resource: ['VolumeId'], dryRun: true },
  'ec2:StopInstances': { required: ['InstanceIds'], single: ['InstanceIds'], resource: ['InstanceIds'], dryRun: true },
  // Isolation: the instance's security groups replaced by one (an isolation group); no other attribute.
  'ec2:ModifyInstanceAttribute': {
    required: ['InstanceId', 'Groups'],
    single: ['Groups'],
    resource: ['InstanceId'],
    only: ['InstanceId', 'Groups'],
    dryRun: true,
  },
  // This call has no DryRun: the SDK would drop the flag and send the real call, so none is tried.
  'ec2:DisassociateIamInstanceProfile': { required: ['AssociationId'], resource: ['AssociationId'] },
  'iam:UpdateAccessKey': {
    required: ['UserName', 'AccessKeyId', 'Status'],
    fixed: { Status: 'Inactive' },
    resource: ['UserName', 'AccessKeyId'],
  },
  'iam:DeleteLoginProfile': { required: ['UserName'], resource: ['UserName'] },
  'iam:AttachUserPolicy': {
    required: ['UserName', 'PolicyArn'],
    fixed: { PolicyArn: DENY_ALL_POLICY },
    resource: ['UserName'],
  },
  'iam:AttachRolePolicy': {
    required: ['RoleName', 'PolicyArn'],
    fixed: { PolicyArn: DENY_ALL_POLICY },
    resource: ['RoleName'],
  },
  'iam:PutUserPolicy': {
    required: ['UserName', 'PolicyName', 'PolicyDocument'],
    resource: ['UserName', 'PolicyName'],
    only: ['UserName', 'PolicyName', 'PolicyDocument'],
    denyOnly: 'PolicyDocument',
  },
  'iam:PutRolePolicy': {
    required: ['RoleName', 'PolicyName', 'PolicyDocument'],
    resource: ['RoleName', 'PolicyName'],
    only: ['RoleName', 'PolicyName', 'PolicyDocument'],
    denyOnly: 'PolicyDocument',
  },
  'iam:DetachUserPolicy': { required: ['UserName', 'PolicyArn'], resource: ['UserName', 'PolicyArn'] },
  'iam:DetachRolePolicy': { required: ['RoleName', 'PolicyArn'], resource: ['RoleName', 'PolicyArn'] },
  // Closes the bucket to the public: all four settings on, none loosened. S3 has no DryRun.
  's3:PutPublicAccessBlock': {
    required: ['Bucket', 'PublicAccessBlockConfiguration'],
    exact: {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        IgnorePublicAcls: true,
        BlockPublicPolicy: true,
        RestrictPublicBuckets: true,
      },
    },
    resource: ['Bucket'],
    only: ['Bucket', 'PublicAccessBlockConfiguration', 'ExpectedBucketOwner'],
  },
  // Takes the database off the internet and changes nothing else (no class, storage, password or group change).
  'rds:ModifyDBInstance': {
    required: ['DBInstanceIdentifier', 'PubliclyAccessible'],
    exact: { PubliclyAccessible: false, ApplyImmediately: true },
    resource: ['DBInstanceIdentifier'],
    only: ['DBInstanceIdentifier', 'PubliclyAccessible', 'ApplyImmediately'],
  },
  // Evidence: a snapshot of the instance as it is now.
  'rds:CreateDBSnapshot': {
    required: ['DBInstanceIdentifier', 'DBSnapshotIdentifier'],
    resource: ['DBInstanceIdentifier', 'DBSnapshotIdentifier'],
    only: ['DBInstanceIdentifier', 'DBSnapshotIdentifier', 'Tags'],
  },
};

/** Why a service/operation pair may not run in a block of this kind, or undefined when it may. */
export function operationProblem(service: string, operation: string, kind: AwsBlockKind): string | undefined {
  const info = AWS_SERVICES[service];
  if (!info) return `unknown AWS service "${service}"; known: ${Object.keys(AWS_SERVICES).join(', ')}`;
  const allowed = kind === 'read' ? info.reads : info.actions;
  if (allowed.includes(operation)) return undefined;
  if (kind === 'read') {
    const why = info.actions.includes(operation)
      ? 'it changes the account: write it as an `action` block'
      : 'it is not one of the read operations allowed';
    return `${service}:${operation} is not a read (${why}); allowed reads of ${service}: ${info.reads.join(', ')}`;
  }
  const actions = info.actions.length ? info.actions.join(', ') : 'none';
  const why = info.reads.includes(operation)
    ? 'it only reads: write it as an `aws` block'
    : 'it is not one of the ' + 'containment actions allowed';
  return `${service}:${operation} is not an allowed action (${why}); actions of ${service}: ${actions}`;
}
