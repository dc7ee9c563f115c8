// `aws` blocks answered from local data: GuardDuty findings and AWS Config items loaded from files (S3 exports,
// EventBridge events, CLI output) stand in for the GuardDuty, Config and EC2 describe reads. The block's spec becomes
// SQL over `guardduty_findings` / `config_items`; each row found is put back into the SDK's output shape and turned
// into cells by the AWS API engine's own projection, so a step shows the same columns offline and live.
import { EngineError } from '../engine/types';
import type { AwsBlockSpec, InputValue } from '../playbook/awsBlockSpec';

/** EC2 describe calls Config items answer: the resource type recorded, the output list, the input's id list. */
export const EC2_FROM_CONFIG: Readonly<
  Record<string, { resourceType: string; idsKey: string; idField: string; outputKey: string }>
> = {
  DescribeSecurityGroups: {
    resourceType: 'AWS::EC2::SecurityGroup',
    idsKey: 'GroupIds',
    idField: 'GroupId',
    outputKey: 'SecurityGroups',
  },
  DescribeInstances: {
    resourceType: 'AWS::EC2::Instance',
    idsKey: 'InstanceIds',
    idField: 'InstanceId',
    outputKey: 'Reservations',
  },
  DescribeVpcs: { resourceType: 'AWS::EC2::VPC', idsKey: 'VpcIds', idField: 'VpcId', outputKey: 'Vpcs' },
  DescribeRouteTables: {
    resourceType: 'AWS::EC2::RouteTable',
    idsKey: 'RouteTableIds',
    idField: 'RouteTableId',
    outputKey: 'RouteTables',
  },
  DescribeInternetGateways: {
    resourceType: 'AWS::EC2::InternetGateway',
    idsKey: 'InternetGatewayIds',
    idField: 'InternetGatewayId',
    outputKey: 'InternetGateways',
  },
  DescribeVolumes: { resourceType: 'AWS::EC2::Volume', idsKey: 'VolumeIds', idField: 'VolumeId', outputKey: 'Volumes' },
  DescribeNetworkAcls: {
    resourceType: 'AWS::EC2::NetworkAcl',
    idsKey: 'NetworkAclIds',
    idField: 'NetworkAclId',
    outputKey: 'NetworkAcls',
  },
};

/** Input keys each offline operation reads; any other key would change the answer on AWS, so it is refused. */
const ACCEPTED_INPUT: Readonly<Record<string, string[]>> = {
  'guardduty:ListFindings': ['DetectorId', 'FindingCriteria', 'SortCriteria', 'MaxResults'],
  'guardduty:GetFindings': ['DetectorId', 'FindingIds', 'FindingCriteria', 'SortCriteria', 'MaxResults'],
  // Config's API names its input members in camelCase (the SDK input shape), unlike GuardDuty and EC2.
  'config:GetResourceConfigHistory': [
    'resourceType',
    'resourceId',
    'laterTime',
    'earlierTime',
    'chronologicalOrder',
    'limit',
  ],
  ...Object.fromEntries(
    Object.entries(EC2_FROM_CONFIG).map(([op, { idsKey }]) => [`ec2:${op}`, [idsKey, 'Filters', 'MaxResults']]),
  ),
};

/** EC2 filter names answered offline (besides `tag:<key>`); see awsOfflineRows.ts. */
const OFFLINE_EC2_FILTERS = [
  'vpc-id',
  'group-id',
  'group-name',
  'instance-id',
  'instance-state-name',
  'ip-permission.cidr',
  'route-table-id',
  'internet-gateway-id',
  'volume-id',
  'network-acl-id',
];

const CRITERION_OPERATORS = [
  'Equals',
  'NotEquals',
  'GreaterThan',
  'GreaterThanOrEqual',
  'LessThan',
  'LessThanOrEqual',
  'Eq',
  'Neq',
  'Gt',
  'Gte',
  'Lt',
  'Lte',
];

/** Why an operation cannot be answered from local data, or undefined when it can. */
export function offlineProblem(service: string, operation: string): string | undefined {
  if (ACCEPTED_INPUT[`${service}:${operation}`]) return undefined;
  return (
    `${service} ${operation} needs the AWS API; on local data only GuardDuty ListFindings and GetFindings, ` +
    `Config GetResourceConfigHistory and EC2 ${Object.keys(EC2_FROM_CONFIG).join(', ')} are answered (from GuardDuty ` +
    'findings and Config items in the data)'
  );
}

/** An `aws` block as the worker receives it: plain JSON (times as epoch milliseconds for GuardDuty, else ISO text). */
export interface OfflineAwsRequest {
  service: string;
  operation: string;
  regions?: 'all' | string[];
  input: Record<string, unknown>;
}

function plain(value: InputValue, epochMillis: boolean): unknown {
  if (value instanceof Date) return epochMillis ? value.getTime() : value.toISOString();
  if (Array.isArray(value)) return value.map(v => plain(v, epochMillis));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v, epochMillis)]));
  }
  return value;
}

const fail = (message: string) => new EngineError(`Not answered from local data: ${message}.`, 'NotAnsweredOffline');

/** Checks the block can be answered offline as written, and turns it into the worker's request. */
export function toOfflineRequest(spec: AwsBlockSpec): OfflineAwsRequest {
  const key = `${spec.service}:${spec.operation}`;
  const problem = offlineProblem(spec.service, spec.operation);
  if (problem) throw fail(problem);
  const unknown = Object.keys(spec.input).filter(k => !ACCEPTED_INPUT[key].includes(k));
  if (unknown.length)
    throw fail(`${key} input ${unknown.join(', ')} (offline it reads ${ACCEPTED_INPUT[key].join(', ')})`);
  // GuardDuty compares finding times as epoch milliseconds, as the live engine sends them.
  const input = plain(spec.input, spec.service === 'guardduty') as Record<string, unknown>;
  if (spec.service === 'guardduty') checkCriteria(input);
  if (spec.service === 'config' && (typeof input.resourceType !== 'string' || typeof input.resourceId !== 'string')) {
    throw fail('GetResourceConfigHistory needs resourceType and resourceId');
  }
  if (spec.service === 'ec2') checkFilters(input.Filters);
  return { service: spec.service, operation: spec.operation, regions: spec.regions, input };
}

function checkCriteria(input: Record<string, unknown>): void {
  const criterion = (input.FindingCriteria as { Criterion?: Record<string, unknown> } | undefined)?.Criterion ?? {};
  for (const [field, condition] of Object.entries(criterion)) {
    const ops = Object.keys(condition && typeof condition === 'object' ? condition : {});
    const bad = ops.find(op => !CRITERION_OPERATORS.includes(op));
    if (bad || !ops.length) throw fail(`FindingCriteria on "${field}" uses ${bad ?? 'no operator'}`);
  }
  const sort = input.SortCriteria as { AttributeName?: unknown } | undefined;
  if (sort && typeof sort.AttributeName !== 'string') throw fail('SortCriteria needs AttributeName');
}

function checkFilters(filters: unknown): void {
  if (filters === undefined) return;
  if (!Array.isArray(filters)) throw fail('Filters is a list of { Name, Values }');
  for (const f of filters as Array<{ Name?: unknown; Values?: unknown }>) {
    const name = String(f?.Name);
    if (!OFFLINE_EC2_FILTERS.includes(name) && !name.startsWith('tag:')) {
      throw fail(`the EC2 filter "${name}" (offline: ${OFFLINE_EC2_FILTERS.join(', ')}, tag:<key>)`);
    }
    if (!Array.isArray(f.Values)) throw fail(`the EC2 filter "${name}" needs Values`);
  }
}

interface OfflineAwsQuery {
  sql: string;
  params: string[];
}

/** The SQL that finds the rows a request is answered from (each row: region and the item's JSON). */
export function buildAwsQuery(req: OfflineAwsRequest): OfflineAwsQuery {
  const params: string[] = [];
  const bind = (v: string) => {
    params.push(v);
    return `$${params.length}`;
  };
  const regions =
    Array.isArray(req.regions) && req.regions.length ? `region IN (${req.regions.map(bind).join(', ')})` : 'true';
  if (req.service === 'guardduty') {
    // An export holds each version of a finding as it was updated; the API answers with the latest.
    return {
      params,
      sql: `SELECT region, finding AS item FROM guardduty_findings WHERE ${regions}
      QUALIFY row_number() OVER (PARTITION BY id ORDER BY updated_at DESC, finding) = 1
      ORDER BY region, updated_at DESC, id`,
    };
  }
  const item = `json_object('configurationItemCaptureTime', capture_time, 'resourceType', resource_type,
    'resourceId', resource_id, 'resourceName', resource_name, 'configurationItemStatus', status,
    'configurationStateId', state_id, 'configuration', configuration, 'relatedEvents', json(related_events),
    'arn', arn, 'accountId', account_id, 'tags', json(tags))`;
  // A history file and a snapshot file often hold the same configuration item: it counts once.
  const once =
    'QUALIFY row_number() OVER (PARTITION BY resource_type, resource_id, capture_time, state_id ORDER BY _file) = 1';
  if (req.service === 'config') {
    const where = [
      regions,
      `resource_type = ${bind(String(req.input.resourceType))}`,
      `resource_id = ${bind(String(req.input.resourceId))}`,
    ];
    if (typeof req.input.laterTime === 'string') where.push(`capture_time <= ${bind(isoOf(req.input.laterTime))}`);
    if (typeof req.input.earlierTime === 'string') where.push(`capture_time >= ${bind(isoOf(req.input.earlierTime))}`);
    const order = req.input.chronologicalOrder === 'Forward' ? 'ASC' : 'DESC';
    return {
      params,
      sql: `SELECT region, ${item} AS item FROM config_items WHERE ${where.join(' AND ')} ${once}
      ORDER BY capture_time ${order}, state_id ${order}`,
    };
  }
  // EC2: the latest configuration item of each resource, unless it records the resource's deletion.
  const type = bind(EC2_FROM_CONFIG[req.operation].resourceType);
  return {
    params,
    sql: `SELECT region, item FROM (
      SELECT region, resource_id, status, ${item} AS item FROM config_items WHERE resource_type = ${type} AND ${regions}
      QUALIFY row_number() OVER (PARTITION BY resource_id ORDER BY capture_time DESC, TRY_CAST(state_id AS BIGINT) DESC) = 1)
    WHERE coalesce(status, '') NOT IN ('ResourceDeleted', 'ResourceDeletedNotRecorded', 'ResourceNotRecorded')
    ORDER BY region, resource_id`,
  };
}

/** Config's times are compared as ISO text, the way capture_time is stored. */
function isoOf(text: string): string {
  const t = new Date(text);
  return isNaN(t.getTime()) ? text : t.toISOString();
}
