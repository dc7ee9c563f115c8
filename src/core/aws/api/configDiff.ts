// The before/after of a security group in AWS Config's history: each configuration item holds the whole group as a
// JSON string, so the rules a change added or removed are found by comparing an item with the one recorded before it.
// One rule is written as `direction protocol ports peer` (`ingress tcp 22 0.0.0.0/0`), the form responders compare
// with CloudTrail requests and DescribeSecurityGroupRules rows.

type Json = Record<string, unknown>;

const asList = (value: unknown): Json[] =>
  Array.isArray(value) ? (value.filter(v => v && typeof v === 'object') as Json[]) : [];

function ports(perm: Json): string {
  const from = perm.fromPort;
  const to = perm.toPort;
  if (from === undefined || from === null || from === -1) return 'all';
  return from === to || to === undefined || to === null ? String(from) : `${String(from)}-${String(to)}`;
}

/** Every peer of one permission: IPv4 and IPv6 ranges, groups and prefix lists (Config writes IPv4 in both forms). */
function peers(perm: Json): string[] {
  const found = new Set<string>();
  for (const r of Array.isArray(perm.ipRanges) ? perm.ipRanges : []) if (typeof r === 'string') found.add(r);
  for (const r of asList(perm.ipv4Ranges)) if (typeof r.cidrIp === 'string') found.add(r.cidrIp);
  for (const r of asList(perm.ipv6Ranges)) if (typeof r.cidrIpv6 === 'string') found.add(r.cidrIpv6);
  for (const r of asList(perm.userIdGroupPairs)) if (typeof r.groupId === 'string') found.add(r.groupId);
  for (const r of asList(perm.prefixListIds)) if (typeof r.prefixListId === 'string') found.add(r.prefixListId);
  return [...found];
}

/** The rules of a security group's configuration (Config's JSON string), or undefined when it is not one. */
export function securityGroupRules(configuration: unknown): string[] | undefined {
  let config: unknown = configuration;
  if (typeof configuration === 'string') {
    try {
      config = JSON.parse(configuration);
    } catch {
      return undefined;
    }
  }
  if (!config || typeof config !== 'object') return undefined;
  const group = config as Json;
  if (!Array.isArray(group.ipPermissions) && !Array.isArray(group.ipPermissionsEgress)) return undefined;
  const rules: string[] = [];
  for (const [direction, key] of [
    ['ingress', 'ipPermissions'],
    ['egress', 'ipPermissionsEgress'],
  ] as const) {
    for (const perm of asList(group[key])) {
      const protocol = perm.ipProtocol === '-1' ? 'all' : String(perm.ipProtocol);
      for (const peer of peers(perm)) rules.push(`${direction} ${protocol} ${ports(perm)} ${peer}`);
    }
  }
  return rules.sort();
}

/** Rules in `after` that `before` lacks; undefined when either side is not a security group's configuration. */
export function rulesOnlyIn(after: unknown, before: unknown): string[] | undefined {
  const a = securityGroupRules(after);
  const b = securityGroupRules(before);
  if (!a || !b) return undefined;
  const old = new Set(b);
  return a.filter(rule => !old.has(rule));
}
