// One line for a CloudTrail event: the call, who made it, from where, and what the request did for the calls a
// responder reads most (security-group rules, access keys, instances), e.g.
// "AuthorizeSecurityGroupIngress by ci-deploy from 203.0.113.77 opened tcp/22 to 0.0.0.0/0".
import { parseNetwork } from '../local/cidr';
import { obj, str, type Json } from './recordShapes';

/** Who made the call, as a responder names them. */
export function actorOf(identity: Json | undefined): string | undefined {
  if (!identity) return undefined;
  const type = str(identity.type);
  const arn = str(identity.arn);
  if (type === 'AWSService') return str(identity.invokedBy) ?? 'an AWS service';
  if (type === 'Root') return `root (account ${str(identity.accountId) ?? arn?.split(':')[4] ?? '?'})`;
  if (type === 'AssumedRole') {
    const role = str(obj(obj(identity.sessionContext)?.sessionIssuer)?.userName) ?? arn?.split('/')[1];
    const session = arn?.split('/')[2];
    return [role, session].filter(Boolean).join('/') || str(identity.principalId);
  }
  if (type === 'AWSAccount') return `account ${str(identity.accountId) ?? '?'}`;
  return str(identity.userName) ?? arn?.split('/').pop() ?? str(identity.principalId);
}

function items(v: unknown): unknown[] {
  if (Array.isArray(v)) return v;
  const list = obj(v)?.items;
  return Array.isArray(list) ? list : [];
}

function portText(permission: Json): string {
  const protocol = str(permission.ipProtocol) ?? '?';
  if (protocol === '-1') return 'all traffic';
  const from = str(permission.fromPort);
  const to = str(permission.toPort);
  const ports = from === undefined ? '' : from === to || to === undefined ? `/${from}` : `/${from}-${to}`;
  return `${protocol}${ports}`;
}

function sources(permission: Json): string[] {
  const cidrs = [...items(permission.ipRanges), ...items(permission.ipv6Ranges)]
    .map(r => str(obj(r)?.cidrIp) ?? str(obj(r)?.cidrIpv6))
    .filter((c): c is string => c !== undefined);
  const groups = items(permission.groups).map(g => str(obj(g)?.groupId));
  return [...cidrs, ...groups.filter((g): g is string => g !== undefined)];
}

/** What a security-group rule call asked for: "tcp/22 to 0.0.0.0/0", one part per permission. */
function ruleText(request: Json): string {
  const permissions = items(request.ipPermissions).map(p => obj(p) ?? {});
  if (permissions.length === 0) {
    // The older form: one rule as top-level fields.
    const cidr = str(request.cidrIp);
    if (!cidr) return '';
    return `${portText(request)} to ${cidr}`;
  }
  return permissions.map(p => `${portText(p)} to ${sources(p).join(', ') || '?'}`).join('; ');
}

const OPENS = /^Authorize(?:SecurityGroup|ClientVpn)?(?:Ingress|Egress)$/;
const CLOSES = /^Revoke(?:SecurityGroup)?(?:Ingress|Egress)$/;

function requestText(name: string, request: Json | undefined): string {
  if (!request) return '';
  if (OPENS.test(name)) return prefixed('opened', ruleText(request));
  if (CLOSES.test(name)) return prefixed('closed', ruleText(request));
  const user = str(request.userName);
  if (/AccessKey$/.test(name) && user) return `for user ${user}`;
  const instances = items(obj(request.instancesSet) ?? request.instanceIds)
    .map(i => str(obj(i)?.instanceId) ?? str(i))
    .filter((i): i is string => i !== undefined);
  if (instances.length) return `on ${instances.join(', ')}`;
  const target = str(request.groupId) ?? str(request.roleName) ?? str(request.bucketName);
  return target ? `on ${target}` : '';
}

function prefixed(verb: string, text: string): string {
  return text ? `${verb} ${text}` : '';
}

/** The summary line of a CloudTrail event. */
export function cloudTrailSummary(event: Json): string {
  const identity = obj(event.userIdentity);
  const name = str(event.eventName) ?? 'unknown call';
  const actor = actorOf(identity);
  const source = str(event.sourceIPAddress);
  // sourceIPAddress holds a service name ("ec2.amazonaws.com") when a service made the call: that is not a place.
  const fromAddress = source && parseNetwork(source) ? source : undefined;
  const own = str(identity?.accountId);
  const target = str(event.recipientAccountId);
  const error = str(event.errorCode);
  return [
    name,
    actor && `by ${actor}`,
    fromAddress && `from ${fromAddress}`,
    own && target && own !== target ? `in account ${target}` : undefined,
    requestText(name, obj(event.requestParameters)),
    error && `(failed: ${error})`,
  ]
    .filter(Boolean)
    .join(' ');
}
