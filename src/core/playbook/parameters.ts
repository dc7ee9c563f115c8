// Validation of parameter values against their declared type, and time-window resolution.
// One validator per type; every engine validates through here before any call leaves the machine.
import { isPatternProblem, MAX_PATTERN_INPUT, SafePattern } from '../safePattern';
import { GUARDDUTY_FINDING_TYPES } from './guardDutyFindingTypes';
import type { ParameterDefinition, ParameterType } from './model';

const HEX_ID = (prefix: string) => new RegExp(`^${prefix}-(?:[0-9a-f]{8}|[0-9a-f]{17})$`);
const ISO_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2}):(\d{2}))$/;
const DURATION = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;

/** An ISO 8601 time with a zone that names a real instant: Date would silently roll 2026-02-30 over to March. */
export function isIsoTime(v: string): boolean {
  const m = ISO_TIME.exec(v);
  if (!m) return false;
  const [year, month, day, hour, minute, second, zoneHour, zoneMinute] = m.slice(1).map(x => Number(x ?? 0));
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return (
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth &&
    hour <= 23 &&
    minute <= 59 &&
    second <= 59 &&
    zoneHour <= 23 &&
    zoneMinute <= 59 &&
    !isNaN(new Date(v).getTime())
  );
}

function isIpv4(v: string): boolean {
  const parts = v.split('.');
  return (
    parts.length === 4 && parts.every(p => /^\d{1,3}$/.test(p) && Number(p) <= 255 && (p === '0' || !p.startsWith('0')))
  );
}

function isIpv6(v: string): boolean {
  if (!/^[0-9a-fA-F:.]+$/.test(v) || v.split('::').length > 2) return false;
  let tail = v;
  const lastColon = v.lastIndexOf(':');
  if (v.includes('.')) {
    // An embedded IPv4 tail counts as the last two groups.
    if (!isIpv4(v.slice(lastColon + 1))) return false;
    tail = v.slice(0, lastColon + 1) + '0:0';
  }
  const [head, rest] = tail.split('::');
  const groups = (s: string | undefined) => (s ? s.split(':') : []);
  const all = [...groups(head), ...groups(rest)];
  if (!all.every(g => /^[0-9a-fA-F]{1,4}$/.test(g))) return false;
  return rest === undefined ? all.length === 8 : all.length < 8;
}

function isCidr(v: string): boolean {
  const slash = v.indexOf('/');
  if (slash < 0) return false;
  const addr = v.slice(0, slash);
  const bits = v.slice(slash + 1);
  if (!/^\d{1,3}$/.test(bits)) return false;
  if (isIpv4(addr)) return Number(bits) <= 32;
  return isIpv6(addr) && Number(bits) <= 128;
}

/** Parses an ISO 8601 duration of weeks, days, hours, minutes, seconds into milliseconds. */
export function parseDuration(v: string): number | undefined {
  const m = DURATION.exec(v);
  if (!m || v === 'P' || v.endsWith('T')) return undefined;
  const [w, d, h, min, s] = m.slice(1).map(x => Number(x ?? 0));
  return ((((w * 7 + d) * 24 + h) * 60 + min) * 60 + s) * 1000;
}

interface TimeWindow {
  start: Date;
  end: Date;
}

/** `start/end` or a duration ending at `now`. Returns undefined when the text is neither. */
export function resolveTimeWindow(value: string, now: Date = new Date()): TimeWindow | undefined {
  const v = value.trim();
  const ms = parseDuration(v);
  if (ms !== undefined) return { start: new Date(now.getTime() - ms), end: now };
  const parts = v.split('/');
  if (parts.length !== 2 || !isIsoTime(parts[0]) || !isIsoTime(parts[1])) return undefined;
  const start = new Date(parts[0]);
  const end = new Date(parts[1]);
  if (isNaN(start.getTime()) || isNaN(end.getTime())) return undefined;
  return { start, end };
}

function matchesPattern(value: string, pattern: string): string | undefined {
  const compiled = SafePattern.compile(pattern, { whole: true });
  if (isPatternProblem(compiled)) return `cannot be checked: its pattern ${compiled.message}`;
  if (value.length > MAX_PATTERN_INPUT) return `must be at most ${MAX_PATTERN_INPUT} characters long`;
  return compiled.test(value) ? undefined : `must match ${pattern}`;
}

const CHECKS: Record<ParameterType, (v: string, def: ParameterDefinition) => string | undefined> = {
  string: (v, def) => (def.pattern ? matchesPattern(v, def.pattern) : undefined),
  integer: v => (/^-?\d+$/.test(v) ? undefined : 'must be a whole number'),
  isoTime: v => (isIsoTime(v) ? undefined : 'must be an ISO 8601 time with a zone, e.g. 2026-11-20T14:05:00Z'),
  timeWindow: v => {
    const w = resolveTimeWindow(v);
    if (!w)
      return 'must be start/end in ISO 8601 (2026-11-20T00:00:00Z/2026-11-21T00:00:00Z) or a duration such as P7D';
    return w.start.getTime() > w.end.getTime() ? 'starts after it ends' : undefined;
  },
  ipv4: v => (isIpv4(v) ? undefined : 'must be an IPv4 address'),
  ipv6: v => (isIpv6(v) ? undefined : 'must be an IPv6 address'),
  ip: v => (isIpv4(v) || isIpv6(v) ? undefined : 'must be an IPv4 or IPv6 address'),
  cidr: v => (isCidr(v) ? undefined : 'must be a network in CIDR notation, e.g. 203.0.113.0/24'),
  accessKeyId: v =>
    /^(AKIA|ASIA)[A-Z0-9]{16}$/.test(v) ? undefined : 'must be an access key id (AKIA… or ASIA…, 20 characters)',
  instanceId: v => (HEX_ID('i').test(v) ? undefined : 'must be an instance id (i- and 8 or 17 hex digits)'),
  securityGroupId: v => (HEX_ID('sg').test(v) ? undefined : 'must be a security group id (sg- and 8 or 17 hex digits)'),
  accountId: v => (/^\d{12}$/.test(v) ? undefined : 'must be a 12-digit account id'),
  region: v => (/^[a-z]{2,4}(?:-[a-z]+){1,2}-\d{1,2}$/.test(v) ? undefined : 'must be a region name such as eu-west-1'),
  arn: v =>
    /^arn:aws[a-zA-Z-]*:[a-z0-9-]*:[a-z0-9-]*:(\d{12})?:.+$/.test(v) ? undefined : 'must be an ARN (arn:aws:…)',
  eventName: v => (/^[A-Z][A-Za-z0-9]+$/.test(v) ? undefined : 'must be a CloudTrail event name such as RunInstances'),
  guardDutyFindingType: v =>
    GUARDDUTY_FINDING_TYPES.has(v)
      ? undefined
      : 'must be a GuardDuty finding type such as Recon:EC2/PortProbeUnprotectedPort (see the list in guardDutyFindingTypes.ts)',
};

/** Returns a message naming the problem, or undefined when the value is valid for the definition. */
export function validateParameter(def: ParameterDefinition, value: string | undefined): string | undefined {
  const v = value?.trim() ?? '';
  if (v === '') return def.required ? `${def.label} (${def.name}) is required` : undefined;
  const problem = CHECKS[def.type](v, def);
  return problem ? `${def.label} (${def.name}) ${problem}: "${v}"` : undefined;
}

export function isParameterType(t: string): t is ParameterType {
  return Object.prototype.hasOwnProperty.call(CHECKS, t);
}
