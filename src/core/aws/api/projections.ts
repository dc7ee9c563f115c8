// How the output of each allowed AWS read becomes rows: which list of one page's output holds the items, and which
// columns each item gives. One small table per operation, documented in docs/AWS-API.md. Values are what the SDK
// returns: times become ISO strings, lists are joined with ", ", anything nested is JSON.
import type { CellValue } from '../../engine/types';
import { awsErrorName } from '../errors';
import { rulesOnlyIn } from './configDiff';
import { missingSecurityGroupCalls } from './eventPattern';

/** An SDK output or an element of one of its lists: plain data with PascalCase keys. */
export type Item = Record<string, unknown>;
type Getter = (item: Item, input: Item) => unknown;

interface Projection {
  /** The items of one page of output; most operations list them under one key. */
  items(out: Item): Item[];
  columns: Array<[string, Getter]>;
  /**
   * The error code that means "there is nothing to show" rather than a failure: IAM answers GetLoginProfile with
   * NoSuchEntity when the user has no console password. Such a read gives no rows.
   */
  absent?: string;
}

/** Reads a dotted path (`State.Name`) from an item. */
function at(item: unknown, path: string): unknown {
  let value: unknown = item;
  for (const key of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Item)[key];
  }
  return value;
}

/** The items under a key of the output, or the output itself as a single item for Get/Describe-one operations. */
const list =
  (key: string) =>
  (out: Item): Item[] =>
    Array.isArray(out[key]) ? (out[key] as Item[]) : [];
const single = (out: Item): Item[] => [out];
/** Scalars from a list of scalars (GuardDuty ListFindings gives ids, not objects). */
const ids =
  (key: string) =>
  (out: Item): Item[] =>
    list(key)(out).map(id => ({ id }) as Item);
/** One item per element of a nested list, with the parent's fields under `parent`. */
const nested =
  (key: string, inner: string) =>
  (out: Item): Item[] =>
    list(key)(out).flatMap(parent =>
      (Array.isArray(parent[inner]) ? (parent[inner] as Item[]) : []).map(child => ({ ...child, parent })),
    );

/** Columns written as `name=Path.In.Item`; a bare path names itself. */
function cols(...specs: string[]): Array<[string, Getter]> {
  return specs.map(spec => {
    const [name, path] = spec.includes('=') ? spec.split('=') : [spec, spec];
    return [name, (item: Item) => at(item, path)];
  });
}

const fromInput = (name: string, path: string): [string, Getter] => [name, (_item, input) => at(input, path)];
const tag =
  (key: string): Getter =>
  item =>
    (item.Tags as Array<{ Key?: string; Value?: string }> | undefined)?.find(t => t.Key === key)?.Value;
const pluck =
  (path: string, key: string): Getter =>
  item =>
    ((at(item, path) as Item[] | undefined) ?? []).map(x => at(x, key)).filter(v => v !== undefined);

/** True when the read failed with the error that, for this operation, means there is nothing to show. */
export function answersNothing(key: string, error: unknown): boolean {
  const absent = PROJECTIONS[key]?.absent;
  return absent !== undefined && awsErrorName(error) === absent;
}

/** The object under a key of the output (GetUser's `User`), as the one item; none when it is missing. */
const under =
  (key: string) =>
  (out: Item): Item[] =>
    out[key] && typeof out[key] === 'object' ? [out[key] as Item] : [];
/** Tags as `key=value` texts. */
const tags: Getter = item =>
  ((item.Tags as Array<{ Key?: string; Value?: string }> | undefined) ?? []).map(t => `${t.Key}=${t.Value ?? ''}`);

/** IAM returns policy documents URL-encoded (RFC 3986); the column holds the JSON text itself. */
const urlDecoded =
  (key: string): Getter =>
  item => {
    const doc = item[key];
    if (typeof doc !== 'string') return doc;
    try {
      return decodeURIComponent(doc);
    } catch {
      return doc;
    }
  };
const trustPolicy = urlDecoded('AssumeRolePolicyDocument');
/** The identity provider a SAML provider trusts: the entityID of its metadata (the whole XML is too long a cell). */
const samlIssuer: Getter = item =>
  /\bentityID\s*=\s*["']([^"']*)["']/.exec(String(item.SAMLMetadataDocument ?? ''))?.[1];

/** A trail's event selectors, basic and advanced, one item each, with the trail they belong to. */
const eventSelectors = (out: Item): Item[] => [
  ...list('EventSelectors')(out).map(s => ({ ...s, kind: 'basic', trail: out.TrailARN })),
  ...list('AdvancedEventSelectors')(out).map(s => ({ ...s, kind: 'advanced', trail: out.TrailARN })),
];

/** Turns whatever a getter returned into one cell. */
export function cell(value: unknown): CellValue {
  if (value === undefined || value === null) return null;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (Array.isArray(value) && value.every(v => typeof v === 'string' || typeof v === 'number')) return value.join(', ');
  return JSON.stringify(value);
}

// EC2 security groups: one row per rule and peer, the shape responders compare with CloudTrail's requests.
function securityGroupRules(out: Item): Item[] {
  const rows: Item[] = [];
  for (const group of list('SecurityGroups')(out)) {
    for (const [direction, key] of [
      ['ingress', 'IpPermissions'],
      ['egress', 'IpPermissionsEgress'],
    ] as const) {
      for (const perm of (group[key] as Item[] | undefined) ?? []) {
        const peers: Array<[unknown, unknown]> = [
          ...((perm.IpRanges as Item[] | undefined) ?? []).map(r => [r.CidrIp, r.Description] as [unknown, unknown]),
          ...((perm.Ipv6Ranges as Item[] | undefined) ?? []).map(
            r => [r.CidrIpv6, r.Description] as [unknown, unknown],
          ),
          ...((perm.UserIdGroupPairs as Item[] | undefined) ?? []).map(
            r => [r.GroupId, r.Description] as [unknown, unknown],
          ),
          ...((perm.PrefixListIds as Item[] | undefined) ?? []).map(
            r => [r.PrefixListId, r.Description] as [unknown, unknown],
          ),
        ];
        for (const [peer, description] of peers.length ? peers : [[undefined, undefined]]) {
          rows.push({ group, direction, perm, peer, description });
        }
      }
    }
  }
  return rows;
}

function protocolName(p: unknown): unknown {
  return p === '-1' ? 'all' : p;
}

const eventBridgeRule = [
  ...cols(
    'name=Name',
    'arn=Arn',
    'state=State',
    'event_bus=EventBusName',
    'schedule=ScheduleExpression',
    'event_pattern=EventPattern',
  ),
  [
    'covers_sg_changes',
    (item: Item) =>
      typeof item.EventPattern === 'string' ? missingSecurityGroupCalls(item.EventPattern).length === 0 : false,
  ] as [string, Getter],
  [
    'missing_sg_calls',
    (item: Item) => (typeof item.EventPattern === 'string' ? missingSecurityGroupCalls(item.EventPattern) : null),
  ] as [string, Getter],
];

const guardDutyFinding: Array<[string, Getter]> = [
  ...cols(
    'finding_id=Id',
    'type=Type',
    'severity=Severity',
    'title=Title',
    'resource_type=Resource.ResourceType',
    'instance_id=Resource.InstanceDetails.InstanceId',
    'access_key_id=Resource.AccessKeyDetails.AccessKeyId',
    'user_name=Resource.AccessKeyDetails.UserName',
    'action_type=Service.Action.ActionType',
  ),
  [
    'remote_ip',
    item =>
      at(item, 'Service.Action.NetworkConnectionAction.RemoteIpDetails.IpAddressV4') ??
      at(item, 'Service.Action.AwsApiCallAction.RemoteIpDetails.IpAddressV4') ??
      at(
        (at(item, 'Service.Action.PortProbeAction.PortProbeDetails') as Item[] | undefined)?.[0],
        'RemoteIpDetails.IpAddressV4',
      ),
  ],
  ...cols(
    'count=Service.Count',
    'first_seen=Service.EventFirstSeen',
    'last_seen=Service.EventLastSeen',
    'updated_at=UpdatedAt',
    'archived=Service.Archived',
  ),
];

// Config history: each item keeps its neighbours in the page, so a row can name what changed since the item recorded
// before it (only within one page: ask for `limit: 100` to compare up to 100 items). Config lists newest first
// unless the input asks for `chronologicalOrder: Forward`.
const NEIGHBOURS = Symbol('neighbours');
type ConfigItem = Item & { [NEIGHBOURS]?: [previousInPage: Item | undefined, nextInPage: Item | undefined] };
const configItems = (out: Item): Item[] => {
  const items = list('configurationItems')(out);
  return items.map((item, i): ConfigItem => ({ ...item, [NEIGHBOURS]: [items[i - 1], items[i + 1]] }));
};
const earlierItem = (item: ConfigItem, input: Item): Item | undefined =>
  item[NEIGHBOURS]?.[input.chronologicalOrder === 'Forward' ? 0 : 1];

/** One bucket policy statement as readable cells: who (`*` is anyone), what, on which resources, under which terms. */
function policyStatements(out: Item): Item[] {
  if (typeof out.Policy !== 'string') return [];
  let doc: unknown;
  try {
    doc = JSON.parse(out.Policy);
  } catch {
    // S3 keeps policies as valid JSON; should one not parse, its text is shown rather than dropped.
    return [{ Sid: 'unreadable policy', Condition: out.Policy }];
  }
  const statements = (doc as Item | null)?.Statement;
  return (Array.isArray(statements) ? statements : statements ? [statements] : []) as Item[];
}
/** A statement's `Principal`, `Action` or `Resource`, or its `Not…` form written as `not …` (everyone/all but). */
const negated =
  (key: string, not: string, show: (v: unknown) => unknown = v => v): Getter =>
  item =>
    item[key] !== undefined
      ? show(item[key])
      : item[not] !== undefined
        ? `not ${String(cell(show(item[not])))}`
        : undefined;
/** `*`, or `AWS:arn…, Service:…` for a principal written as a mapping. */
const principals = (p: unknown): unknown =>
  p !== null && typeof p === 'object' && !Array.isArray(p)
    ? Object.entries(p as Item).flatMap(([kind, v]) => [v].flat().map(x => `${kind}:${String(x)}`))
    : p;
/** Grants to these groups open a bucket to anyone, or to any AWS account. */
const PUBLIC_GROUPS = /\/groups\/global\/(?:AllUsers|AuthenticatedUsers)$/;
const bucket = fromInput('bucket', 'Bucket');

/** Keyed `service:Operation`, as in the allow-list (playbook/awsOperations.ts). */
/** What ListRoles and GetRole both show of a role. */
const ROLE_COLUMNS = [
  'role_name=RoleName',
  'role_id=RoleId',
  'arn=Arn',
  'path=Path',
  'created=CreateDate',
  'description=Description',
];

export const PROJECTIONS: Readonly<Record<string, Projection>> = {
  'guardduty:ListDetectors': { items: ids('DetectorIds'), columns: cols('detector_id=id') },
  'guardduty:GetDetector': {
    items: single,
    columns: [
      fromInput('detector_id', 'DetectorId'),
      ...cols(
        'status=Status',
        'service_role=ServiceRole',
        'publishing_frequency=FindingPublishingFrequency',
        'created_at=CreatedAt',
        'updated_at=UpdatedAt',
      ),
    ],
  },
  'guardduty:ListFindings': {
    items: ids('FindingIds'),
    columns: [fromInput('detector_id', 'DetectorId'), ...cols('finding_id=id')],
  },
  'guardduty:GetFindings': { items: list('Findings'), columns: guardDutyFinding },

  'config:GetResourceConfigHistory': {
    items: configItems,
    columns: [
      ...cols(
        'capture_time=configurationItemCaptureTime',
        'resource_type=resourceType',
        'resource_id=resourceId',
        'resource_name=resourceName',
        'status=configurationItemStatus',
        'state_id=configurationStateId',
      ),
      ['rules_added', (item, input) => rulesOnlyIn(item.configuration, earlierItem(item, input)?.configuration)],
      ['rules_removed', (item, input) => rulesOnlyIn(earlierItem(item, input)?.configuration, item.configuration)],
      ...cols('configuration=configuration', 'related_events=relatedEvents', 'arn=arn'),
    ],
  },
  'config:DescribeConfigRules': {
    items: list('ConfigRules'),
    columns: cols(
      'rule_name=ConfigRuleName',
      'state=ConfigRuleState',
      'source_owner=Source.Owner',
      'source_identifier=Source.SourceIdentifier',
      'resource_types=Scope.ComplianceResourceTypes',
      'input_parameters=InputParameters',
      'arn=ConfigRuleArn',
    ),
  },
  'config:GetComplianceDetailsByConfigRule': {
    items: list('EvaluationResults'),
    columns: cols(
      'rule_name=EvaluationResultIdentifier.EvaluationResultQualifier.ConfigRuleName',
      'resource_type=EvaluationResultIdentifier.EvaluationResultQualifier.ResourceType',
      'resource_id=EvaluationResultIdentifier.EvaluationResultQualifier.ResourceId',
      'compliance=ComplianceType',
      'recorded_at=ResultRecordedTime',
      'annotation=Annotation',
    ),
  },
  'config:DescribeConfigurationRecorderStatus': {
    items: list('ConfigurationRecordersStatus'),
    columns: cols(
      'name',
      'recording',
      'last_status=lastStatus',
      'last_start=lastStartTime',
      'last_stop=lastStopTime',
      'last_error=lastErrorCode',
    ),
  },

  'ec2:DescribeSecurityGroups': {
    items: securityGroupRules,
    columns: [
      ...cols('group_id=group.GroupId', 'group_name=group.GroupName', 'vpc_id=group.VpcId', 'direction'),
      ['protocol', item => protocolName(at(item, 'perm.IpProtocol'))],
      ...cols('from_port=perm.FromPort', 'to_port=perm.ToPort', 'peer', 'description'),
    ],
  },
  'ec2:DescribeSecurityGroupRules': {
    items: list('SecurityGroupRules'),
    columns: [
      ...cols('rule_id=SecurityGroupRuleId', 'group_id=GroupId'),
      ['direction', item => (item.IsEgress ? 'egress' : 'ingress')],
      ['protocol', item => protocolName(item.IpProtocol)],
      ...cols('from_port=FromPort', 'to_port=ToPort'),
      ['peer', item => item.CidrIpv4 ?? item.CidrIpv6 ?? at(item, 'ReferencedGroupInfo.GroupId') ?? item.PrefixListId],
      ...cols('description=Description'),
    ],
  },
  'ec2:DescribeFlowLogs': {
    items: list('FlowLogs'),
    columns: cols(
      'flow_log_id=FlowLogId',
      'resource_id=ResourceId',
      'traffic_type=TrafficType',
      'status=FlowLogStatus',
      'deliver_status=DeliverLogsStatus',
      'destination_type=LogDestinationType',
      'destination=LogDestination',
      'log_group=LogGroupName',
      'format=LogFormat',
      'created=CreationTime',
    ),
  },
  'ec2:DescribeInstances': {
    items: nested('Reservations', 'Instances'),
    columns: [
      ...cols('instance_id=InstanceId'),
      ['name', tag('Name')],
      ...cols(
        'state=State.Name',
        'instance_type=InstanceType',
        'image_id=ImageId',
        'vpc_id=VpcId',
        'subnet_id=SubnetId',
        'private_ip=PrivateIpAddress',
        'public_ip=PublicIpAddress',
        'launch_time=LaunchTime',
        'key_name=KeyName',
        'instance_profile=IamInstanceProfile.Arn',
      ),
      ['security_groups', pluck('SecurityGroups', 'GroupId')],
      ['volumes', pluck('BlockDeviceMappings', 'Ebs.VolumeId')],
      ...cols('owner=parent.OwnerId'),
    ],
  },
  'ec2:DescribeRouteTables': {
    items: out =>
      list('RouteTables')(out).flatMap(table =>
        ((table.Routes as Item[] | undefined) ?? []).map(route => ({ ...route, table })),
      ),
    columns: [
      ...cols('route_table_id=table.RouteTableId', 'vpc_id=table.VpcId'),
      ['main', item => ((at(item, 'table.Associations') as Item[] | undefined) ?? []).some(a => a.Main === true)],
      ['subnets', pluck('table.Associations', 'SubnetId')],
      [
        'destination',
        item => item.DestinationCidrBlock ?? item.DestinationIpv6CidrBlock ?? item.DestinationPrefixListId,
      ],
      [
        'target',
        item =>
          item.GatewayId ??
          item.NatGatewayId ??
          item.InstanceId ??
          item.VpcPeeringConnectionId ??
          item.TransitGatewayId ??
          item.NetworkInterfaceId ??
          item.EgressOnlyInternetGatewayId,
      ],
      ...cols('state=State', 'origin=Origin'),
    ],
  },
  'ec2:DescribeNatGateways': {
    items: list('NatGateways'),
    columns: [
      ...cols(
        'nat_gateway_id=NatGatewayId',
        'vpc_id=VpcId',
        'subnet_id=SubnetId',
        'state=State',
        'connectivity=ConnectivityType',
      ),
      ['public_ips', pluck('NatGatewayAddresses', 'PublicIp')],
      ['private_ips', pluck('NatGatewayAddresses', 'PrivateIp')],
      ...cols('created=CreateTime'),
    ],
  },
  'ec2:DescribeInternetGateways': {
    items: list('InternetGateways'),
    columns: [
      ...cols('internet_gateway_id=InternetGatewayId'),
      ['vpcs', pluck('Attachments', 'VpcId')],
      ['states', pluck('Attachments', 'State')],
      ...cols('owner=OwnerId'),
      ['name', tag('Name')],
    ],
  },
  'ec2:DescribeVpcPeeringConnections': {
    items: list('VpcPeeringConnections'),
    columns: cols(
      'peering_id=VpcPeeringConnectionId',
      'status=Status.Code',
      'requester_vpc=RequesterVpcInfo.VpcId',
      'requester_account=RequesterVpcInfo.OwnerId',
      'requester_cidr=RequesterVpcInfo.CidrBlock',
      'accepter_vpc=AccepterVpcInfo.VpcId',
      'accepter_account=AccepterVpcInfo.OwnerId',
      'accepter_cidr=AccepterVpcInfo.CidrBlock',
      'expires=ExpirationTime',
    ),
  },
  'ec2:DescribeNetworkAcls': {
    items: out =>
      list('NetworkAcls')(out).flatMap(acl =>
        ((acl.Entries as Item[] | undefined) ?? []).map(entry => ({ ...entry, acl })),
      ),
    columns: [
      ...cols('network_acl_id=acl.NetworkAclId', 'vpc_id=acl.VpcId', 'default=acl.IsDefault'),
      ['subnets', pluck('acl.Associations', 'SubnetId')],
      ...cols('rule_number=RuleNumber'),
      ['direction', item => (item.Egress ? 'egress' : 'ingress')],
      ...cols('action=RuleAction'),
      ['protocol', item => protocolName(item.Protocol)],
      ...cols('from_port=PortRange.From', 'to_port=PortRange.To'),
      ['cidr', item => item.CidrBlock ?? item.Ipv6CidrBlock],
    ],
  },
  'ec2:DescribeVpcEndpoints': {
    items: list('VpcEndpoints'),
    columns: cols(
      'vpc_endpoint_id=VpcEndpointId',
      'vpc_id=VpcId',
      'service=ServiceName',
      'type=VpcEndpointType',
      'state=State',
      'route_tables=RouteTableIds',
      'subnets=SubnetIds',
      'policy=PolicyDocument',
      'created=CreationTimestamp',
    ),
  },
  'ec2:DescribeAddresses': {
    items: list('Addresses'),
    columns: cols(
      'public_ip=PublicIp',
      'allocation_id=AllocationId',
      'association_id=AssociationId',
      'instance_id=InstanceId',
      'network_interface_id=NetworkInterfaceId',
      'private_ip=PrivateIpAddress',
      'domain=Domain',
    ),
  },
  'ec2:DescribeImages': {
    items: list('Images'),
    columns: cols(
      'image_id=ImageId',
      'name=Name',
      'state=State',
      'created=CreationDate',
      'public=Public',
      'owner=OwnerId',
      'description=Description',
    ),
  },
  'ec2:DescribeVolumes': {
    items: list('Volumes'),
    columns: [
      ...cols('volume_id=VolumeId', 'state=State', 'size_gib=Size', 'volume_type=VolumeType', 'encrypted=Encrypted'),
      ['instances', pluck('Attachments', 'InstanceId')],
      ...cols('snapshot_id=SnapshotId', 'created=CreateTime'),
    ],
  },
  'ec2:DescribeSnapshots': {
    items: list('Snapshots'),
    columns: cols(
      'snapshot_id=SnapshotId',
      'volume_id=VolumeId',
      'state=State',
      'started=StartTime',
      'size_gib=VolumeSize',
      'encrypted=Encrypted',
      'description=Description',
      'owner=OwnerId',
    ),
  },
  'ec2:DescribeRegions': {
    items: list('Regions'),
    columns: cols('region_name=RegionName', 'endpoint=Endpoint', 'opt_in_status=OptInStatus'),
  },
  'ec2:DescribeVpcs': {
    items: list('Vpcs'),
    columns: [
      ...cols('vpc_id=VpcId', 'cidr=CidrBlock', 'state=State', 'default=IsDefault', 'owner=OwnerId'),
      ['name', tag('Name')],
    ],
  },
  'ec2:DescribeIamInstanceProfileAssociations': {
    items: list('IamInstanceProfileAssociations'),
    columns: cols(
      'association_id=AssociationId',
      'instance_id=InstanceId',
      'instance_profile=IamInstanceProfile.Arn',
      'state=State',
      'associated=Timestamp',
    ),
  },
  'ec2:DescribeNetworkInterfaces': {
    items: list('NetworkInterfaces'),
    columns: [
      ...cols(
        'network_interface_id=NetworkInterfaceId',
        'instance_id=Attachment.InstanceId',
        'status=Status',
        'type=InterfaceType',
        'vpc_id=VpcId',
        'subnet_id=SubnetId',
        'private_ip=PrivateIpAddress',
        'public_ip=Association.PublicIp',
      ),
      ['security_groups', pluck('Groups', 'GroupId')],
      ...cols('description=Description', 'requester_managed=RequesterManaged', 'owner=OwnerId'),
    ],
  },

  'iam:ListUsers': {
    items: list('Users'),
    columns: cols(
      'user_name=UserName',
      'user_id=UserId',
      'arn=Arn',
      'created=CreateDate',
      'password_last_used=PasswordLastUsed',
    ),
  },
  'iam:GetUser': {
    items: under('User'),
    columns: [
      ...cols(
        'user_name=UserName',
        'user_id=UserId',
        'arn=Arn',
        'path=Path',
        'created=CreateDate',
        'password_last_used=PasswordLastUsed',
        'permissions_boundary=PermissionsBoundary.PermissionsBoundaryArn',
      ),
      ['tags', tags],
    ],
  },
  'iam:GetLoginProfile': {
    items: under('LoginProfile'),
    columns: cols('user_name=UserName', 'created=CreateDate', 'password_reset_required=PasswordResetRequired'),
    absent: 'NoSuchEntity',
  },
  'iam:ListMFADevices': {
    items: list('MFADevices'),
    columns: cols('user_name=UserName', 'serial_number=SerialNumber', 'enabled=EnableDate'),
  },
  'iam:ListGroupsForUser': {
    items: list('Groups'),
    columns: [
      fromInput('user_name', 'UserName'),
      ...cols('group_name=GroupName', 'group_id=GroupId', 'arn=Arn', 'created=CreateDate'),
    ],
  },
  'iam:ListUserPolicies': {
    items: ids('PolicyNames'),
    columns: [fromInput('user_name', 'UserName'), ...cols('policy_name=id')],
  },
  'iam:GetUserPolicy': {
    items: single,
    columns: [
      ...cols('user_name=UserName', 'policy_name=PolicyName'),
      ['policy_document', urlDecoded('PolicyDocument')],
    ],
    absent: 'NoSuchEntity',
  },
  'iam:ListAttachedUserPolicies': {
    items: list('AttachedPolicies'),
    columns: [fromInput('user_name', 'UserName'), ...cols('policy_name=PolicyName', 'policy_arn=PolicyArn')],
  },
  'iam:ListRoles': {
    items: list('Roles'),
    columns: [...cols(...ROLE_COLUMNS), ['trust_policy', trustPolicy]],
  },
  'iam:GetRole': {
    items: under('Role'),
    columns: [
      ...cols(
        ...ROLE_COLUMNS,
        'max_session_seconds=MaxSessionDuration',
        'last_used=RoleLastUsed.LastUsedDate',
        'last_used_region=RoleLastUsed.Region',
        'permissions_boundary=PermissionsBoundary.PermissionsBoundaryArn',
      ),
      ['trust_policy', trustPolicy],
    ],
  },
  'iam:ListRolePolicies': {
    items: ids('PolicyNames'),
    columns: [fromInput('role_name', 'RoleName'), ...cols('policy_name=id')],
  },
  'iam:GetRolePolicy': {
    items: single,
    columns: [
      ...cols('role_name=RoleName', 'policy_name=PolicyName'),
      ['policy_document', urlDecoded('PolicyDocument')],
    ],
    absent: 'NoSuchEntity',
  },
  'iam:ListSAMLProviders': {
    items: list('SAMLProviderList'),
    columns: cols('arn=Arn', 'created=CreateDate', 'valid_until=ValidUntil'),
  },
  'iam:GetSAMLProvider': {
    items: single,
    columns: [
      fromInput('arn', 'SAMLProviderArn'),
      ...cols('uuid=SAMLProviderUUID', 'created=CreateDate', 'valid_until=ValidUntil'),
      ['issuer', samlIssuer],
      ...cols('assertion_encryption=AssertionEncryptionMode'),
      ['tags', tags],
    ],
  },
  'iam:ListOpenIDConnectProviders': { items: list('OpenIDConnectProviderList'), columns: cols('arn=Arn') },
  'iam:GetOpenIDConnectProvider': {
    items: single,
    columns: [
      fromInput('arn', 'OpenIDConnectProviderArn'),
      ...cols('url=Url', 'client_ids=ClientIDList', 'thumbprints=ThumbprintList', 'created=CreateDate'),
      ['tags', tags],
    ],
  },
  'iam:ListAccessKeys': {
    items: list('AccessKeyMetadata'),
    columns: cols('user_name=UserName', 'access_key_id=AccessKeyId', 'status=Status', 'created=CreateDate'),
  },
  'iam:GetAccessKeyLastUsed': {
    items: single,
    columns: [
      fromInput('access_key_id', 'AccessKeyId'),
      ...cols(
        'user_name=UserName',
        'last_used=AccessKeyLastUsed.LastUsedDate',
        'last_service=AccessKeyLastUsed.ServiceName',
        'last_region=AccessKeyLastUsed.Region',
      ),
    ],
  },
  'iam:ListAttachedRolePolicies': {
    items: list('AttachedPolicies'),
    columns: [fromInput('role_name', 'RoleName'), ...cols('policy_name=PolicyName', 'policy_arn=PolicyArn')],
  },

  'sts:GetAccessKeyInfo': {
    items: single,
    columns: [fromInput('access_key_id', 'AccessKeyId'), ...cols('account=Account')],
  },
  'sts:GetCallerIdentity': { items: single, columns: cols('account=Account', 'arn=Arn', 'user_id=UserId') },

  'cloudtrail:DescribeTrails': {
    items: list('trailList'),
    columns: cols(
      'name=Name',
      'arn=TrailARN',
      'home_region=HomeRegion',
      'multi_region=IsMultiRegionTrail',
      'organization=IsOrganizationTrail',
      'global_events=IncludeGlobalServiceEvents',
      'log_validation=LogFileValidationEnabled',
      's3_bucket=S3BucketName',
      's3_prefix=S3KeyPrefix',
      'cloudwatch_logs=CloudWatchLogsLogGroupArn',
      'kms_key=KmsKeyId',
      'custom_selectors=HasCustomEventSelectors',
    ),
  },
  'cloudtrail:GetTrailStatus': {
    items: single,
    columns: [
      fromInput('trail', 'Name'),
      ...cols(
        'is_logging=IsLogging',
        'start_logging=StartLoggingTime',
        'stop_logging=StopLoggingTime',
        'latest_delivery=LatestDeliveryTime',
        'latest_delivery_error=LatestDeliveryError',
        'latest_digest=LatestDigestDeliveryTime',
      ),
    ],
  },
  'cloudtrail:GetEventSelectors': {
    items: eventSelectors,
    columns: [
      ...cols('trail_arn=trail', 'kind', 'name=Name', 'read_write=ReadWriteType'),
      ...cols('management_events=IncludeManagementEvents', 'excluded_sources=ExcludeManagementEventSources'),
      [
        'data_resources',
        item =>
          ((item.DataResources as Item[] | undefined) ?? []).map(
            d => `${String(d.Type)}=${((d.Values as unknown[] | undefined) ?? []).join(' ')}`,
          ),
      ],
      ...cols('field_selectors=FieldSelectors'),
    ],
  },

  'cloudwatch:GetMetricData': {
    items: out =>
      list('MetricDataResults')(out).flatMap(result =>
        ((result.Timestamps as unknown[] | undefined) ?? []).map((time, i) => ({
          result,
          time,
          value: (result.Values as unknown[] | undefined)?.[i],
        })),
      ),
    columns: cols('id=result.Id', 'label=result.Label', 'timestamp=time', 'value', 'status=result.StatusCode'),
  },
  'cloudwatch:DescribeAlarms': {
    items: list('MetricAlarms'),
    columns: [
      ...cols(
        'alarm_name=AlarmName',
        'state=StateValue',
        'namespace=Namespace',
        'metric=MetricName',
        'statistic=Statistic',
        'comparison=ComparisonOperator',
        'threshold=Threshold',
        'period=Period',
        'evaluation_periods=EvaluationPeriods',
      ),
      [
        'dimensions',
        item => ((item.Dimensions as Item[] | undefined) ?? []).map(d => `${String(d.Name)}=${String(d.Value)}`),
      ],
      ...cols('actions=AlarmActions', 'state_updated=StateUpdatedTimestamp'),
    ],
  },
  'cloudwatch:DescribeAlarmHistory': {
    items: list('AlarmHistoryItems'),
    columns: cols('alarm_name=AlarmName', 'timestamp=Timestamp', 'type=HistoryItemType', 'summary=HistorySummary'),
  },

  'eventbridge:ListRules': { items: list('Rules'), columns: eventBridgeRule },
  'eventbridge:DescribeRule': { items: single, columns: eventBridgeRule },
  'eventbridge:ListTargetsByRule': {
    items: list('Targets'),
    columns: [fromInput('rule', 'Rule'), ...cols('target_id=Id', 'arn=Arn', 'role_arn=RoleArn', 'input=Input')],
  },

  'securityhub:GetFindings': {
    items: list('Findings'),
    columns: [
      ...cols(
        'finding_id=Id',
        'title=Title',
        'severity=Severity.Label',
        'product=ProductName',
        'types=Types',
        'control_id=Compliance.SecurityControlId',
        'compliance=Compliance.Status',
        'workflow=Workflow.Status',
        'record_state=RecordState',
      ),
      ['resource_type', item => at((item.Resources as Item[] | undefined)?.[0], 'Type')],
      ['resource_id', item => at((item.Resources as Item[] | undefined)?.[0], 'Id')],
      ...cols('updated_at=UpdatedAt'),
    ],
  },
  'securityhub:DescribeStandards': {
    items: list('Standards'),
    columns: cols(
      'standards_arn=StandardsArn',
      'name=Name',
      'enabled_by_default=EnabledByDefault',
      'managed_by=StandardsManagedBy.Company',
      'description=Description',
    ),
  },
  'securityhub:GetEnabledStandards': {
    items: list('StandardsSubscriptions'),
    columns: cols('subscription_arn=StandardsSubscriptionArn', 'standards_arn=StandardsArn', 'status=StandardsStatus'),
  },
  'securityhub:DescribeStandardsControls': {
    items: list('Controls'),
    columns: cols(
      'control_id=ControlId',
      'status=ControlStatus',
      'severity=SeverityRating',
      'title=Title',
      'disabled_reason=DisabledReason',
      'updated=ControlStatusUpdatedAt',
    ),
  },
  'securityhub:ListSecurityControlDefinitions': {
    items: list('SecurityControlDefinitions'),
    columns: cols(
      'control_id=SecurityControlId',
      'title=Title',
      'severity=SeverityRating',
      'availability=CurrentRegionAvailability',
      'remediation_url=RemediationUrl',
    ),
  },
  'securityhub:BatchGetSecurityControls': {
    // The ids Security Hub does not know come back as rows too, with the reason, so that none is silently missing.
    items: out => [
      ...list('SecurityControls')(out),
      ...list('UnprocessedIds')(out).map(u => ({ ...u, error: `${String(u.ErrorCode)}: ${String(u.ErrorReason)}` })),
    ],
    columns: cols(
      'control_id=SecurityControlId',
      'status=SecurityControlStatus',
      'severity=SeverityRating',
      'title=Title',
      'update_status=UpdateStatus',
      'last_update_reason=LastUpdateReason',
      'error',
    ),
  },
  'securityhub:ListStandardsControlAssociations': {
    items: list('StandardsControlAssociationSummaries'),
    columns: cols(
      'standards_arn=StandardsArn',
      'control_id=SecurityControlId',
      'status=AssociationStatus',
      'title=StandardsControlTitle',
      'updated_reason=UpdatedReason',
      'updated=UpdatedAt',
    ),
  },

  'lambda:ListFunctions': {
    items: list('Functions'),
    columns: [
      ...cols(
        'function_name=FunctionName',
        'arn=FunctionArn',
        'runtime=Runtime',
        'role=Role',
        'handler=Handler',
        'last_modified=LastModified',
        'code_size=CodeSize',
        'version=Version',
      ),
      ['layers', pluck('Layers', 'Arn')],
    ],
  },
  'lambda:ListLayers': {
    items: list('Layers'),
    columns: cols(
      'layer_name=LayerName',
      'arn=LayerArn',
      'latest_version=LatestMatchingVersion.Version',
      'created=LatestMatchingVersion.CreatedDate',
      'runtimes=LatestMatchingVersion.CompatibleRuntimes',
    ),
  },

  's3:ListBuckets': {
    items: list('Buckets'),
    columns: cols('bucket=Name', 'created=CreationDate', 'bucket_region=BucketRegion'),
  },
  's3:GetBucketPolicy': {
    items: policyStatements,
    columns: [
      bucket,
      ...cols('sid=Sid', 'effect=Effect'),
      ['principal', negated('Principal', 'NotPrincipal', principals)],
      ['actions', negated('Action', 'NotAction')],
      ['resources', negated('Resource', 'NotResource')],
      ...cols('condition=Condition'),
    ],
    absent: 'NoSuchBucketPolicy',
  },
  's3:GetBucketPolicyStatus': {
    items: under('PolicyStatus'),
    columns: [bucket, ...cols('is_public=IsPublic')],
    absent: 'NoSuchBucketPolicy',
  },
  's3:GetPublicAccessBlock': {
    items: under('PublicAccessBlockConfiguration'),
    columns: [
      bucket,
      ...cols(
        'block_public_acls=BlockPublicAcls',
        'ignore_public_acls=IgnorePublicAcls',
        'block_public_policy=BlockPublicPolicy',
        'restrict_public_buckets=RestrictPublicBuckets',
      ),
    ],
    absent: 'NoSuchPublicAccessBlockConfiguration',
  },
  's3:GetBucketAcl': {
    items: out => list('Grants')(out).map(grant => ({ ...grant, owner: out.Owner })),
    columns: [
      bucket,
      ...cols('owner=owner.ID', 'grantee_type=Grantee.Type'),
      ['grantee', item => at(item, 'Grantee.ID') ?? at(item, 'Grantee.URI') ?? at(item, 'Grantee.EmailAddress')],
      ...cols('permission=Permission'),
      ['public', item => PUBLIC_GROUPS.test(String(at(item, 'Grantee.URI') ?? ''))],
    ],
  },
  's3:GetBucketVersioning': { items: single, columns: [bucket, ...cols('status=Status', 'mfa_delete=MFADelete')] },
  's3:GetBucketLogging': {
    items: single,
    columns: [
      bucket,
      ['logging', item => item.LoggingEnabled !== undefined],
      ...cols('target_bucket=LoggingEnabled.TargetBucket', 'target_prefix=LoggingEnabled.TargetPrefix'),
    ],
  },
  's3:GetBucketEncryption': {
    items: out => list('Rules')((out.ServerSideEncryptionConfiguration as Item | undefined) ?? {}),
    columns: [
      bucket,
      ...cols(
        'algorithm=ApplyServerSideEncryptionByDefault.SSEAlgorithm',
        'kms_key=ApplyServerSideEncryptionByDefault.KMSMasterKeyID',
        'bucket_key=BucketKeyEnabled',
      ),
    ],
    absent: 'ServerSideEncryptionConfigurationNotFoundError',
  },
  // S3 answers an empty location for us-east-1.
  's3:GetBucketLocation': {
    items: single,
    columns: [bucket, ['location', item => item.LocationConstraint || 'us-east-1']],
  },
  's3:GetObjectLockConfiguration': {
    items: under('ObjectLockConfiguration'),
    columns: [
      bucket,
      ...cols(
        'object_lock=ObjectLockEnabled',
        'mode=Rule.DefaultRetention.Mode',
        'days=Rule.DefaultRetention.Days',
        'years=Rule.DefaultRetention.Years',
      ),
    ],
    absent: 'ObjectLockConfigurationNotFoundError',
  },

  'rds:DescribeDBInstances': {
    items: list('DBInstances'),
    columns: [
      ...cols(
        'db_instance=DBInstanceIdentifier',
        'status=DBInstanceStatus',
        'engine=Engine',
        'engine_version=EngineVersion',
        'instance_class=DBInstanceClass',
        'publicly_accessible=PubliclyAccessible',
        'endpoint=Endpoint.Address',
        'port=Endpoint.Port',
        'vpc_id=DBSubnetGroup.VpcId',
      ),
      ['security_groups', pluck('VpcSecurityGroups', 'VpcSecurityGroupId')],
      ...cols(
        'encrypted=StorageEncrypted',
        'iam_auth=IAMDatabaseAuthenticationEnabled',
        'deletion_protection=DeletionProtection',
        'backup_retention_days=BackupRetentionPeriod',
        'cluster=DBClusterIdentifier',
        'master_user=MasterUsername',
        'created=InstanceCreateTime',
        'arn=DBInstanceArn',
      ),
    ],
  },
  'rds:DescribeDBSnapshots': {
    items: list('DBSnapshots'),
    columns: cols(
      'snapshot=DBSnapshotIdentifier',
      'db_instance=DBInstanceIdentifier',
      'type=SnapshotType',
      'status=Status',
      'created=SnapshotCreateTime',
      'engine=Engine',
      'size_gib=AllocatedStorage',
      'encrypted=Encrypted',
      'kms_key=KmsKeyId',
      'arn=DBSnapshotArn',
    ),
  },
  'rds:DescribeDBClusters': {
    items: list('DBClusters'),
    columns: [
      ...cols(
        'cluster=DBClusterIdentifier',
        'status=Status',
        'engine=Engine',
        'engine_version=EngineVersion',
        'publicly_accessible=PubliclyAccessible',
        'endpoint=Endpoint',
        'reader_endpoint=ReaderEndpoint',
        'port=Port',
      ),
      ['members', pluck('DBClusterMembers', 'DBInstanceIdentifier')],
      ['security_groups', pluck('VpcSecurityGroups', 'VpcSecurityGroupId')],
      ...cols(
        'encrypted=StorageEncrypted',
        'iam_auth=IAMDatabaseAuthenticationEnabled',
        'deletion_protection=DeletionProtection',
        'arn=DBClusterArn',
      ),
    ],
  },
  // `restore` lists the accounts that may copy or restore the snapshot; `all` makes it public.
  'rds:DescribeDBSnapshotAttributes': {
    items: out => {
      const result = (out.DBSnapshotAttributesResult as Item | undefined) ?? {};
      return list('DBSnapshotAttributes')(result).map(a => ({ ...a, snapshot: result.DBSnapshotIdentifier }));
    },
    columns: [
      ...cols('snapshot', 'attribute=AttributeName', 'values=AttributeValues'),
      ['public', item => ((item.AttributeValues as unknown[] | undefined) ?? []).includes('all')],
    ],
  },
};
