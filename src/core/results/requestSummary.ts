// A one-line reading of a CloudTrail request, for the results grid: "tcp/22 from 0.0.0.0/0 on sg-0abc" says at a
// glance what a 2 KB requestParameters blob says in full. Works on requestParameters exactly as CloudTrail logs them
// (EC2's query-API shapes with `items` lists, IAM's flat fields). Log content is attacker-controlled: every value is
// read defensively, and the result is plain text with a bounded length.

import { normalisedColumnName } from './columnOrder';

type Json = Record<string, unknown>;

/** Longest summary returned; the full request stays in the event. */
const MAX_LENGTH = 200;

function obj(v: unknown): Json | undefined {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined;
}

function text(v: unknown): string | undefined {
  if (typeof v === 'string') return v.trim() ? v.trim() : undefined;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

/** EC2 logs lists as `{ items: [...] }`; some callers log plain arrays. */
function items(v: unknown): Json[] {
  const list = Array.isArray(v) ? v : obj(v)?.items;
  return Array.isArray(list) ? list.map(obj).filter((x): x is Json => x !== undefined) : [];
}

const PROTOCOL_NAMES: Record<string, string> = { '-1': 'all', '6': 'tcp', '17': 'udp', '1': 'icmp', '58': 'icmpv6' };

function protocolName(v: unknown): string {
  const p = text(v)?.toLowerCase() ?? '?';
  return PROTOCOL_NAMES[p] ?? p;
}

/** "tcp/22", "tcp/1024-65535", "all traffic", "icmp". */
function portText(protocol: unknown, from: unknown, to: unknown): string {
  const name = protocolName(protocol);
  if (name === 'all') return 'all traffic';
  const low = text(from);
  const high = text(to) ?? low;
  if (low === undefined || low === '-1' || name === 'icmp' || name === 'icmpv6') return name;
  return low === high ? `${name}/${low}` : `${name}/${low}-${high}`;
}

/** The sources (or destinations) of one EC2 permission: CIDRs, IPv6 CIDRs, other groups, prefix lists. */
function peers(permission: Json): string[] {
  return [
    ...items(permission.ipRanges).map(r => text(r.cidrIp)),
    ...items(permission.ipv6Ranges).map(r => text(r.cidrIpv6)),
    ...items(permission.groups).map(g => text(g.groupId) ?? text(g.groupName)),
    ...items(permission.prefixListIds).map(p => text(p.prefixListId)),
  ].filter((x): x is string => x !== undefined);
}

function securityGroupRule(params: Json, direction: 'from' | 'to'): string {
  const group = text(params.groupId) ?? text(params.groupName) ?? '?';
  const rules = items(params.ipPermissions).map(p => {
    const sources = peers(p);
    return `${portText(p.ipProtocol, p.fromPort, p.toPort)}${sources.length ? ` ${direction} ${sources.join(', ')}` : ''}`;
  });
  // The older flat form (no ipPermissions): cidrIp, ipProtocol, fromPort, toPort at the top level.
  if (!rules.length && (params.cidrIp !== undefined || params.ipProtocol !== undefined)) {
    const cidr = text(params.cidrIp);
    rules.push(`${portText(params.ipProtocol, params.fromPort, params.toPort)}${cidr ? ` ${direction} ${cidr}` : ''}`);
  }
  const ruleIds = items(params.securityGroupRuleIds).map(r => text(r.securityGroupRuleId));
  const what = rules.length ? rules.join('; ') : ruleIds.filter(Boolean).join(', ') || 'rules';
  return `${what} on ${group}`;
}

const ROUTE_TARGETS = [
  'gatewayId',
  'natGatewayId',
  'instanceId',
  'networkInterfaceId',
  'vpcPeeringConnectionId',
  'transitGatewayId',
  'egressOnlyInternetGatewayId',
  'localGatewayId',
  'carrierGatewayId',
  'vpcEndpointId',
];

function route(params: Json): string {
  const destination =
    text(params.destinationCidrBlock) ?? text(params.destinationIpv6CidrBlock) ?? text(params.destinationPrefixListId);
  const target = ROUTE_TARGETS.map(k => text(params[k])).find(Boolean);
  return [destination ?? '?', target && `via ${target}`, `in ${text(params.routeTableId) ?? '?'}`]
    .filter(Boolean)
    .join(' ');
}

function networkAclEntry(params: Json): string {
  const range = obj(params.portRange);
  const egress = params.egress === true || params.egress === 'true';
  const cidr = text(params.cidrBlock) ?? text(params.ipv6CidrBlock) ?? '?';
  return [
    text(params.ruleAction) ?? '?',
    egress ? 'egress' : 'ingress',
    portText(params.protocol, range?.from, range?.to),
    `${egress ? 'to' : 'from'} ${cidr}`,
    `rule ${text(params.ruleNumber) ?? '?'}`,
    `on ${text(params.networkAclId) ?? '?'}`,
  ].join(' ');
}

function runInstances(params: Json): string {
  const launch = items(params.instancesSet)[0] ?? {};
  const count = text(launch.maxCount) ?? text(params.maxCount) ?? '1';
  const type = text(params.instanceType) ?? '?';
  const image = text(launch.imageId) ?? text(params.imageId);
  const groups = items(params.groupSet).map(g => text(g.groupId));
  return [`${count} × ${type}`, image && `from ${image}`, groups.length ? `in ${groups.join(', ')}` : undefined]
    .filter(Boolean)
    .join(' ');
}

function joined(params: Json, keys: string[], separator = ' '): string {
  return keys
    .map(k => text(params[k]))
    .filter(Boolean)
    .join(separator);
}

type Summariser = (params: Json) => string;

const SUMMARISERS: Record<string, Summariser> = {
  AuthorizeSecurityGroupIngress: p => securityGroupRule(p, 'from'),
  RevokeSecurityGroupIngress: p => securityGroupRule(p, 'from'),
  AuthorizeSecurityGroupEgress: p => securityGroupRule(p, 'to'),
  RevokeSecurityGroupEgress: p => securityGroupRule(p, 'to'),
  CreateSecurityGroup: p => `${text(p.groupName) ?? '?'} in ${text(p.vpcId) ?? 'default VPC'}`,
  DeleteSecurityGroup: p => joined(p, ['groupId', 'groupName']),
  CreateRoute: route,
  ReplaceRoute: route,
  DeleteRoute: route,
  CreateNetworkAclEntry: networkAclEntry,
  ReplaceNetworkAclEntry: networkAclEntry,
  DeleteNetworkAclEntry: p =>
    `${p.egress === true ? 'egress' : 'ingress'} rule ${text(p.ruleNumber) ?? '?'} on ${text(p.networkAclId) ?? '?'}`,
  AttachInternetGateway: p => `${text(p.internetGatewayId) ?? '?'} to ${text(p.vpcId) ?? '?'}`,
  DetachInternetGateway: p => `${text(p.internetGatewayId) ?? '?'} from ${text(p.vpcId) ?? '?'}`,
  CreateVpcPeeringConnection: p =>
    `${text(p.vpcId) ?? '?'} to ${text(p.peerVpcId) ?? '?'}${p.peerOwnerId ? ` in account ${text(p.peerOwnerId)}` : ''}`,
  ModifyVpcAttribute: p =>
    `${
      Object.keys(p)
        .filter(k => k !== 'vpcId')
        .join(', ') || '?'
    } on ${text(p.vpcId) ?? '?'}`,
  ModifyInstanceAttribute: p => {
    const groups = items(p.groupSet).map(g => text(g.groupId));
    const change = groups.length
      ? `groups ${groups.join(', ')}`
      : (Object.keys(p).find(k => k !== 'instanceId') ?? '?');
    return `${change} on ${text(p.instanceId) ?? '?'}`;
  },
  RunInstances: runInstances,
  StopInstances: p =>
    items(p.instancesSet)
      .map(i => text(i.instanceId))
      .join(', '),
  TerminateInstances: p =>
    items(p.instancesSet)
      .map(i => text(i.instanceId))
      .join(', '),
  CreateAccessKey: p => `for ${text(p.userName) ?? 'the caller'}`,
  UpdateAccessKey: p => `${text(p.accessKeyId) ?? '?'} ${text(p.status) ?? ''} for ${text(p.userName) ?? 'the caller'}`,
  DeleteAccessKey: p => `${text(p.accessKeyId) ?? '?'} of ${text(p.userName) ?? 'the caller'}`,
  CreateUser: p => joined(p, ['userName']),
  DeleteUser: p => joined(p, ['userName']),
  CreateLoginProfile: p => `console password for ${text(p.userName) ?? '?'}`,
  UpdateLoginProfile: p => `console password for ${text(p.userName) ?? '?'}`,
  AttachUserPolicy: p => `${text(p.policyArn) ?? '?'} to user ${text(p.userName) ?? '?'}`,
  AttachRolePolicy: p => `${text(p.policyArn) ?? '?'} to role ${text(p.roleName) ?? '?'}`,
  AttachGroupPolicy: p => `${text(p.policyArn) ?? '?'} to group ${text(p.groupName) ?? '?'}`,
  DetachUserPolicy: p => `${text(p.policyArn) ?? '?'} from user ${text(p.userName) ?? '?'}`,
  DetachRolePolicy: p => `${text(p.policyArn) ?? '?'} from role ${text(p.roleName) ?? '?'}`,
  PutUserPolicy: p => `inline ${text(p.policyName) ?? '?'} on user ${text(p.userName) ?? '?'}`,
  PutRolePolicy: p => `inline ${text(p.policyName) ?? '?'} on role ${text(p.roleName) ?? '?'}`,
  AddUserToGroup: p => `${text(p.userName) ?? '?'} to group ${text(p.groupName) ?? '?'}`,
  CreateRole: p => joined(p, ['roleName']),
  UpdateAssumeRolePolicy: p => `trust policy of ${text(p.roleName) ?? '?'}`,
  AssumeRole: p => `${text(p.roleArn) ?? '?'} as ${text(p.roleSessionName) ?? '?'}`,
  GetFederationToken: p => joined(p, ['name']),
  StopLogging: p => `trail ${text(p.name) ?? '?'}`,
  DeleteTrail: p => `trail ${text(p.name) ?? '?'}`,
  UpdateTrail: p => `trail ${text(p.name) ?? '?'}`,
};

/** Scalar fields of an unknown call, `key=value` in logged order: better than nothing, and never nested JSON. */
function fallback(params: Json): string {
  return Object.entries(params)
    .filter(([, v]) => text(v) !== undefined)
    .slice(0, 4)
    .map(([k, v]) => `${k}=${text(v)}`)
    .join(' ');
}

function bounded(summary: string): string {
  const oneLine = summary.replace(/\s+/g, ' ').trim();
  return oneLine.length > MAX_LENGTH ? `${oneLine.slice(0, MAX_LENGTH - 1)}…` : oneLine;
}

/**
 * One line saying what a CloudTrail request asked for, or '' when there is nothing to say (no parameters).
 * `requestParameters` is the parsed object or its JSON text, as an Athena table or a trail file holds it.
 */
export function summariseRequest(eventName: string, requestParameters: unknown): string {
  let params = requestParameters;
  if (typeof params === 'string') {
    try {
      params = JSON.parse(params) as unknown;
    } catch {
      return '';
    }
  }
  const p = obj(params);
  if (!p) return '';
  const summariser = Object.hasOwn(SUMMARISERS, eventName) ? SUMMARISERS[eventName] : fallback;
  return bounded(summariser(p));
}

/** The summary of a whole CloudTrail event (its JSON text, as LookupEvents' CloudTrailEvent or a raw column). */
export function summariseEvent(eventJson: string): string {
  let event: Json | undefined;
  try {
    event = obj(JSON.parse(eventJson));
  } catch {
    return '';
  }
  return event ? summariseRequest(text(event.eventName) ?? '', event.requestParameters) : '';
}

/**
 * How to summarise a row of a result with these columns, or undefined when the result holds no CloudTrail request:
 * from the whole event when there is one (LookupEvents' CloudTrailEvent), else from the eventname and
 * requestparameters columns of an Athena or local CloudTrail table.
 */
export function requestSummarySource(
  columnNames: readonly string[],
): ((row: readonly unknown[]) => string) | undefined {
  const find = (...names: string[]) => columnNames.findIndex(c => names.includes(normalisedColumnName(c)));
  const event = find('cloudtrailevent');
  if (event !== -1) return row => (typeof row[event] === 'string' ? summariseEvent(row[event]) : '');
  const name = find('eventname');
  const params = find('requestparameters');
  if (name === -1 || params === -1) return undefined;
  return row => summariseRequest(typeof row[name] === 'string' ? row[name] : '', row[params]);
}
