// Offline LookupEvents over the local `ct_events` table: one condition per attribute (several are merged and
// de-duplicated by event id), a time window, newest first. Rows are flattened by the CloudTrail engine's own
// function, so a lookup step shows the same columns and values on AWS and on local data.
import { CLOUDTRAIL_COLUMNS, cloudTrailRow, opensToWorld, parseCloudTrailEvent } from '../aws/cloudtrailRows';
import type { Column, ResultPage, Row } from '../engine/types';
import type { LookupSpec } from '../playbook/lookupSpec';
import { inPages } from './pages';
import type { LookupRequest } from './protocol';

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
    case 'EventId':
      return `eventid = ${v}`;
    case 'EventName':
      return `eventname = ${v}`;
    case 'ReadOnly':
      return `lower(readonly) = lower(${v})`;
    case 'Username':
      return `(_username = ${v} OR (useridentity.type = 'Root' AND ${v} = 'root'))`;
    case 'EventSource':
      return `eventsource = ${v}`;
    case 'AccessKeyId':
      return `useridentity.accesskeyid = ${v}`;
    case 'ResourceType':
      return `list_contains([r.type FOR r IN coalesce(resources, [])], ${v})`;
    // Resource names in event history are ARNs or ids; ids often appear only in the request or response.
    case 'ResourceName':
      return `(len([r FOR r IN coalesce(resources, []) IF r.arn = ${v} OR ends_with(r.arn, '/' || ${v})
      OR ends_with(r.arn, ':' || ${v})]) > 0 OR contains(requestparameters, '"' || ${v} || '"')
      OR contains(responseelements, '"' || ${v} || '"'))`;
    default:
      throw new Error(`unknown lookup attribute ${key}`);
  }
}

interface LookupQuery {
  sql: string;
  params: string[];
}

/** The lookup's WHERE clause (empty when it has no condition) and its bound values. */
function lookupFilter(req: LookupRequest): LookupQuery {
  const params: string[] = [];
  const bind = (v: string) => {
    params.push(v);
    return params.length;
  };
  const where: string[] = [];
  if (req.attributes.length) {
    where.push(`(${req.attributes.map(a => attributeCondition(a.key, bind(a.value))).join(' OR ')})`);
  }
  if (req.start) where.push(`_event_ts >= CAST(CAST($${bind(req.start)} AS TIMESTAMPTZ) AS TIMESTAMP)`);
  if (req.end) where.push(`_event_ts <= CAST(CAST($${bind(req.end)} AS TIMESTAMPTZ) AS TIMESTAMP)`);
  if (Array.isArray(req.regions) && req.regions.length) {
    where.push(`awsregion IN (${req.regions.map(r => `$${bind(r)}`).join(', ')})`);
  }
  // Cheap prefilter; the exact world-open test runs on each parsed event (see lookupPages).
  if (req.worldOpen) where.push(`contains(requestparameters, '/0')`);
  return { sql: where.length ? `WHERE ${where.join('\n      AND ')}` : '', params };
}

/**
 * The events, newest first. The same event delivered twice (an organization trail and an account trail over the same
 * files) is shown once, unless `unique` says no event id repeats: the de-duplication moves every raw event through a
 * window, which took half the time of a lookup returning 50,000 events.
 */
export function buildLookupQuery(req: LookupRequest, unique = false): LookupQuery {
  const { sql: where, params } = lookupFilter(req);
  const dedupe = unique
    ? ''
    : 'QUALIFY row_number() OVER (PARTITION BY coalesce(eventid, md5(_raw)) ORDER BY _event_ts DESC) = 1';
  const sql = `SELECT _raw
    FROM ct_events
    ${where}
    ${dedupe}
    ORDER BY _event_ts DESC, eventid DESC`;
  return { sql, params };
}

/** One number: 0 when every event the lookup finds has an event id no other one has (read without the raw events). */
export function repeatedEventsQuery(req: LookupRequest): LookupQuery {
  const { sql: where, params } = lookupFilter(req);
  return { sql: `SELECT count(*) - count(DISTINCT eventid) FROM ct_events ${where}`, params };
}

/** The columns of a lookup's pages when the caller flattens the events itself (a run's `rawEvents`). */
export const RAW_EVENT_COLUMNS: Column[] = [{ name: 'CloudTrailEvent', type: 'json' }];

/**
 * The lookup's raw events → rows in pages of `pageSize`, keeping only world-open requests when asked: flattened
 * (CLOUDTRAIL_COLUMNS), or each event's text as it is (RAW_EVENT_COLUMNS, for a caller that flattens them with
 * rowOfRawEvent where it formats them). Not LookupEvents' 50 a page: each page is a round trip to the host, and a
 * lookup of one user can return 50,000 events.
 */
export function lookupPages(
  raw: AsyncIterable<ResultPage>,
  req: LookupRequest,
  pageSize: number,
  rawEvents = false,
): AsyncGenerator<ResultPage> {
  return inPages(kept(raw, req, rawEvents), rawEvents ? RAW_EVENT_COLUMNS : CLOUDTRAIL_COLUMNS, pageSize);
}

async function* kept(raw: AsyncIterable<ResultPage>, req: LookupRequest, rawEvents: boolean): AsyncGenerator<Row[]> {
  for await (const { rows } of raw) {
    const out: Row[] = [];
    for (const [cell] of rows) {
      const text = String(cell);
      // Kept as text, the event is parsed only when the world-open test needs it.
      if (rawEvents && !req.worldOpen) {
        out.push([text]);
        continue;
      }
      const record = parseCloudTrailEvent(text);
      if (!req.worldOpen || opensToWorld(record)) out.push(rawEvents ? [text] : cloudTrailRow(record, text));
    }
    yield out;
  }
}
