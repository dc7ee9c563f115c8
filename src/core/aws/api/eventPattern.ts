// Does an EventBridge rule see every security-group change? The rule's event pattern is matched, with EventBridge's
// matching rules, against the event CloudTrail sends for each of the five calls that change a security group's rules.
// A pattern that filters on anything else (a user, a parameter) does not cover the call in general, and says so.

/** The API calls that change security-group rules (CloudTrail event names). */
export const SECURITY_GROUP_CALLS = [
  'AuthorizeSecurityGroupIngress',
  'AuthorizeSecurityGroupEgress',
  'RevokeSecurityGroupIngress',
  'RevokeSecurityGroupEgress',
  'ModifySecurityGroupRules',
] as const;

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** The event EventBridge delivers for a management API call recorded by CloudTrail (only the fields every one has). */
function cloudTrailEvent(eventName: string): { [key: string]: Json } {
  return {
    source: 'aws.ec2',
    'detail-type': 'AWS API Call via CloudTrail',
    detail: { eventSource: 'ec2.amazonaws.com', eventName },
  };
}

/** The calls of SECURITY_GROUP_CALLS the pattern would not deliver; all five when the pattern is not valid JSON. */
export function missingSecurityGroupCalls(patternText: string): string[] {
  let pattern: Json;
  try {
    pattern = JSON.parse(patternText) as Json;
  } catch {
    return [...SECURITY_GROUP_CALLS];
  }
  return SECURITY_GROUP_CALLS.filter(call => !matchesPattern(pattern, cloudTrailEvent(call)));
}

export function matchesPattern(pattern: Json, event: Json): boolean {
  if (!isObject(pattern)) return false;
  return Object.entries(pattern).every(([key, rule]) => {
    if (key === '$or') return Array.isArray(rule) && rule.some(alt => matchesPattern(alt, event));
    const value = isObject(event) ? event[key] : undefined;
    if (Array.isArray(rule)) return matchesValues(rule, value);
    if (isObject(rule)) return matchesPattern(rule, value ?? {});
    return false;
  });
}

function isObject(v: Json | undefined): v is { [key: string]: Json } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A leaf rule is a list of alternatives; a list-valued field matches when any of its elements does. */
function matchesValues(alternatives: Json[], value: Json | undefined): boolean {
  const values: Json[] | undefined = value === undefined ? undefined : Array.isArray(value) ? value : [value];
  return alternatives.some(alt => {
    if (isObject(alt)) return matchesFilter(alt, values);
    return values?.some(v => v === alt) ?? false;
  });
}

function matchesFilter(filter: { [key: string]: Json }, values: Json[] | undefined): boolean {
  const [op, arg] = Object.entries(filter)[0] ?? [];
  if (op === 'exists') return (values !== undefined) === (arg === true);
  if (values === undefined) return op === 'anything-but';
  const strings = values.filter((v): v is string => typeof v === 'string');
  switch (op) {
    case 'prefix':
      return typeof arg === 'string' ? strings.some(v => v.startsWith(arg)) : false;
    case 'suffix':
      return typeof arg === 'string' ? strings.some(v => v.endsWith(arg)) : false;
    case 'equals-ignore-case':
      return typeof arg === 'string' && strings.some(v => v.toLowerCase() === arg.toLowerCase());
    case 'wildcard':
      return typeof arg === 'string' && strings.some(v => wildcard(arg).test(v));
    case 'anything-but': {
      if (isObject(arg)) return !matchesFilter(arg, values);
      const excluded = Array.isArray(arg) ? arg : [arg];
      return values.every(v => !excluded.includes(v));
    }
    default:
      return false;
  }
}

function wildcard(glob: string): RegExp {
  return new RegExp(
    `^${glob
      .split('*')
      .map(part => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  );
}
