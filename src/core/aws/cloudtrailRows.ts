// How a CloudTrail event becomes a result row. One flattening for LookupEvents answers and for records read from
// a trail's S3 files, so a lookup step shows the same columns on AWS and on local data.
import type { Column, Row } from '../engine/types';

// The columns of every CloudTrail lookup result, on AWS and offline (src/core/local/lookup.ts uses this list).
export const CLOUDTRAIL_COLUMNS: Column[] = [
  { name: 'EventId', type: 'varchar' },
  { name: 'EventName', type: 'varchar' },
  { name: 'EventTime', type: 'timestamp' },
  { name: 'Username', type: 'varchar' },
  { name: 'AccessKeyId', type: 'varchar' },
  { name: 'EventSource', type: 'varchar' },
  { name: 'Resources', type: 'varchar' },
  { name: 'UserArn', type: 'varchar' },
  { name: 'SourceIPAddress', type: 'varchar' },
  { name: 'UserAgent', type: 'varchar' },
  { name: 'AwsRegion', type: 'varchar' },
  { name: 'ErrorCode', type: 'varchar' },
  { name: 'RequestParameters', type: 'varchar' },
  // The full event exactly as CloudTrail delivered it, kept as evidence.
  { name: 'CloudTrailEvent', type: 'json' },
];

/** LookupEvents returns at most 50 events per call; local lookups page the same way. */
export const LOOKUP_PAGE_SIZE = 50;

/** Longest request-parameters summary shown in a cell; the full text stays in CloudTrailEvent. */
const SUMMARY_LIMIT = 400;

/** The top-level fields LookupEvents returns beside the CloudTrailEvent string. */
interface LookupEventFields {
  EventId?: string;
  EventName?: string;
  EventTime?: Date;
  EventSource?: string;
  Username?: string;
  AccessKeyId?: string;
  Resources?: { ResourceType?: string; ResourceName?: string }[];
}

type Json = Record<string, unknown>;

function obj(v: unknown): Json | undefined {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** Parses CloudTrailEvent text; a malformed string yields an empty record, never a crash. */
export function parseCloudTrailEvent(raw: string | undefined): Json {
  if (!raw) return {};
  try {
    return obj(JSON.parse(raw)) ?? {};
  } catch {
    return {};
  }
}

function isoSeconds(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** How CloudTrail writes eventTime: UTC to the second. */
const ISO_SECONDS = /^\d{4}-(?:0[1-9]|1[0-2])-\d\dT(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\dZ$/;

/** The number spelled by the two digits at `i` (ISO_SECONDS has checked they are digits). */
const twoDigits = (text: string, i: number) => (text.charCodeAt(i) - 48) * 10 + text.charCodeAt(i + 1) - 48;

function daysInMonth(year: number, month: number): number {
  if (month !== 2) return [4, 6, 9, 11].includes(month) ? 30 : 31;
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
}

/**
 * A record's eventTime as the rows show it: UTC to the second, or null when it is no time. Text already in that form
 * is kept as it is: the same as the Date round trip gives, without it (a third of the flattening's time for a lookup of
 * 50,000 events). A day past the month's end is left to Date, which moves it into the next month.
 */
function eventTimeText(text: string | undefined): string | null {
  if (!text) return null;
  // A test and the digits read in place: a match's captured strings took about 10 ms of 50,000 rows.
  if (ISO_SECONDS.test(text)) {
    const day = twoDigits(text, 8);
    if (day >= 1 && day <= daysInMonth(twoDigits(text, 0) * 100 + twoDigits(text, 2), twoDigits(text, 5))) return text;
  }
  const d = new Date(text);
  return isNaN(d.getTime()) ? null : isoSeconds(d);
}

/**
 * The name LookupEvents reports as Username: the user name, an assumed role's session name, the session issuer's
 * name, else the principal id. The local engine stores it per event so a Username lookup finds what the rows show.
 */
export function userNameOf(identity: Json | undefined): string | undefined {
  const issuer = obj(obj(identity?.sessionContext)?.sessionIssuer);
  const arn = str(identity?.arn);
  // For an assumed role, CloudTrail's Username is the role session name: the last part of the session ARN.
  const sessionName = str(identity?.type) === 'AssumedRole' && arn ? arn.slice(arn.lastIndexOf('/') + 1) : undefined;
  return str(identity?.userName) ?? sessionName ?? str(issuer?.userName) ?? str(identity?.principalId);
}

function resourcesText(lookup: LookupEventFields | undefined, record: Json): string {
  if (lookup?.Resources?.length) {
    return lookup.Resources.map(r => `${r.ResourceType ?? ''}:${r.ResourceName ?? ''}`).join('; ');
  }
  const list = Array.isArray(record.resources) ? record.resources : [];
  return list.map(r => `${str(obj(r)?.type) ?? ''}:${str(obj(r)?.ARN) ?? ''}`).join('; ');
}

function summary(value: unknown): string {
  if (value === undefined || value === null) return '';
  const text = JSON.stringify(value);
  return text.length > SUMMARY_LIMIT ? `${text.slice(0, SUMMARY_LIMIT - 1)}…` : text;
}

/**
 * One row in CLOUDTRAIL_COLUMNS order. `record` is the parsed event, `raw` its original text; `lookup` the
 * LookupEvents fields when the event came from the API (they win where both exist).
 */
export function cloudTrailRow(record: Json, raw: string, lookup?: LookupEventFields): Row {
  const identity = obj(record.userIdentity);
  const time = lookup?.EventTime;
  return [
    lookup?.EventId ?? str(record.eventID) ?? null,
    lookup?.EventName ?? str(record.eventName) ?? null,
    time ? (isNaN(time.getTime()) ? null : isoSeconds(time)) : eventTimeText(str(record.eventTime)),
    lookup?.Username ?? userNameOf(identity) ?? null,
    lookup?.AccessKeyId ?? str(identity?.accessKeyId) ?? null,
    lookup?.EventSource ?? str(record.eventSource) ?? null,
    resourcesText(lookup, record) || null,
    str(identity?.arn) ?? null,
    str(record.sourceIPAddress) ?? null,
    str(record.userAgent) ?? null,
    str(record.awsRegion) ?? null,
    str(record.errorCode) ?? null,
    summary(record.requestParameters) || null,
    raw,
  ];
}

/** The row of one event as CloudTrail delivered it (the text is kept as CloudTrailEvent). */
export function rowOfRawEvent(raw: string): Row {
  return cloudTrailRow(parseCloudTrailEvent(raw), raw);
}

const WORLD_CIDR = /^\s*(?:\d{1,3}(?:\.\d{1,3}){3}|[0-9a-fA-F]*:[0-9a-fA-F:.]*)\/0\s*$/;

/**
 * True when the request opens something to the whole internet: any CIDR with prefix length 0 anywhere in its
 * request parameters (0.0.0.0/0, ::/0, and unusual spellings such as 10.0.0.0/0, which also match every address).
 */
export function opensToWorld(record: Json): boolean {
  const visit = (v: unknown, depth: number): boolean => {
    if (depth > 32) return false;
    if (typeof v === 'string') return WORLD_CIDR.test(v);
    if (Array.isArray(v)) return v.some(x => visit(x, depth + 1));
    const o = obj(v);
    return o ? Object.values(o).some(x => visit(x, depth + 1)) : false;
  };
  return visit(record.requestParameters, 0);
}
