// Offline LookupEvents over the local `ct_events` table: one condition per attribute (several are merged and
// de-duplicated by event id), a time window, newest first, the same flattened columns the CloudTrail engine returns.
import type { LookupSpec } from '../playbook/lookupSpec';
import type { LookupRequest } from './protocol';

/** LookupEvents returns at most 50 events per page; local lookups page the same way. */
export const LOOKUP_PAGE_SIZE = 50;

/** Output columns, in order; shared wording with the CloudTrail engine's rows so a step looks alike on both. */
export const LOOKUP_COLUMNS = [
  'EventId', 'EventName', 'EventTime', 'Username', 'AccessKeyId', 'EventSource', 'Resources', 'UserArn',
  'SourceIPAddress', 'UserAgent', 'AwsRegion', 'ErrorCode', 'RequestParameters', 'CloudTrailEvent',
] as const;

/** A request that opens something to every address: any CIDR-valued field ending in `/0` (0.0.0.0/0, ::/0, or rewritten forms). */
export const WORLD_OPEN_PATTERN = '"[a-z0-9]*cidr[a-z0-9]*"\\s*:\\s*"[^"]*/0"';

export function toLookupRequest(spec: LookupSpec): LookupRequest {
  return {
    attributes: spec.attributes.map(a => ({ key: a.key, value: a.value })),
    start: spec.start?.toISOString(),
    end: spec.end?.toISOString(),
    regions: spec.regions,
    worldOpen: spec.worldOpen,
  };
}

/** SQL condition for one LookupEvents attribute; `$n` is the bound value. */
function attributeCondition(key: string, n: number): string {
  const v = `$${n}`;
  switch (key) {
    case 'EventId': return `eventid = ${v}`;
    case 'EventName': return `eventname = ${v}`;
    case 'ReadOnly': return `lower(readonly) = lower(${v})`;
    case 'Username': return `_username = ${v}`;
    case 'EventSource': return `eventsource = ${v}`;
    case 'AccessKeyId': return `useridentity.accesskeyid = ${v}`;
    case 'ResourceType': return `list_contains([r.type FOR r IN coalesce(resources, [])], ${v})`;
    // Resource names in event history are ARNs or ids; ids often appear only in the request or response.
    case 'ResourceName': return `(len([r FOR r IN coalesce(resources, []) IF r.arn = ${v} OR ends_with(r.arn, '/' || ${v})
      OR ends_with(r.arn, ':' || ${v})]) > 0 OR contains(requestparameters, '"' || ${v} || '"')
      OR contains(responseelements, '"' || ${v} || '"'))`;
    default: throw new Error(`unknown lookup attribute ${key}`);
  }
}

export interface LookupQuery {
  sql: string;
  params: string[];
}

export function buildLookupQuery(req: LookupRequest): LookupQuery {
  const params: string[] = [];
  const bind = (v: string) => { params.push(v); return params.length; };
  const where: string[] = [];
  if (req.attributes.length) {
    where.push(`(${req.attributes.map(a => attributeCondition(a.key, bind(a.value))).join(' OR ')})`);
  }
  if (req.start) where.push(`_event_ts >= CAST(CAST($${bind(req.start)} AS TIMESTAMPTZ) AS TIMESTAMP)`);
  if (req.end) where.push(`_event_ts <= CAST(CAST($${bind(req.end)} AS TIMESTAMPTZ) AS TIMESTAMP)`);
  if (Array.isArray(req.regions) && req.regions.length) {
    where.push(`awsregion IN (${req.regions.map(r => `$${bind(r)}`).join(', ')})`);
  }
  if (req.worldOpen) where.push(`regexp_matches(requestparameters, '${WORLD_OPEN_PATTERN}', 'i')`);
  const sql = `SELECT eventid AS "EventId", eventname AS "EventName", eventtime AS "EventTime", _username AS "Username",
      useridentity.accesskeyid AS "AccessKeyId", eventsource AS "EventSource",
      to_json([{'ResourceType': r.type, 'ResourceName': r.arn} FOR r IN coalesce(resources, [])])::VARCHAR AS "Resources",
      useridentity.arn AS "UserArn", sourceipaddress AS "SourceIPAddress", useragent AS "UserAgent",
      awsregion AS "AwsRegion", errorcode AS "ErrorCode",
      CASE WHEN length(requestparameters) > 500 THEN left(requestparameters, 500) || '…' ELSE requestparameters END AS "RequestParameters",
      _raw AS "CloudTrailEvent"
    FROM ct_events
    ${where.length ? `WHERE ${where.join('\n      AND ')}` : ''}
    QUALIFY row_number() OVER (PARTITION BY coalesce(eventid, md5(_raw)) ORDER BY _event_ts DESC) = 1
    ORDER BY _event_ts DESC, eventid DESC`;
  return { sql, params };
}
