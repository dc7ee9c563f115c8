// The kinds of record a finding is pinned from, recognised by their fields: a CloudTrail event, a GuardDuty finding
// (bare, or as the detail of an EventBridge event), an AWS Config configuration item. Anything else is a plain row.
export type Json = Record<string, unknown>;

export type RecordShape =
  { kind: 'cloudtrail'; event: Json } | { kind: 'guardduty'; finding: Json } | { kind: 'config'; item: Json };

export function obj(v: unknown): Json | undefined {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined;
}

export function str(v: unknown): string | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** The record `value` is, or undefined for anything else. */
export function recordShape(value: unknown): RecordShape | undefined {
  const o = obj(value);
  if (!o) return undefined;
  if (str(o.eventName) && (obj(o.userIdentity) || str(o.eventSource))) return { kind: 'cloudtrail', event: o };
  const detail = obj(o.detail);
  if (detail && str(o['detail-type'])?.startsWith('GuardDuty')) return recordShape(detail);
  if (str(o.type) && (obj(o.service) || obj(o.resource)) && (o.severity !== undefined || str(o.schemaVersion)))
    return { kind: 'guardduty', finding: o };
  if (str(o.configurationItemCaptureTime) || (str(o.resourceType) && str(o.resourceId) && 'configuration' in o))
    return { kind: 'config', item: o };
  return undefined;
}

/** An ISO time as written, or an epoch in seconds or milliseconds (flow logs), as ISO 8601 UTC; else undefined. */
export function isoTime(value: unknown): string | undefined {
  const text = str(value)?.trim();
  if (!text) return undefined;
  const epoch = /^\d{9,13}$/.test(text) ? Number(text) * (text.length > 11 ? 1 : 1000) : undefined;
  // Log times without a zone (Athena's "2026-11-29 12:00:00.000") are UTC, never the machine's local time.
  const zoned = /T\d|\s\d/.test(text) && !/(?:Z|[+-]\d{2}:?\d{2})$/i.test(text) ? `${text}Z` : text;
  const ms = epoch ?? (/^\d{4}-\d{2}-\d{2}/.test(text) ? Date.parse(zoned.replace(' ', 'T')) : NaN);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : undefined;
}

/** When the recorded thing happened. */
export function recordTime(shape: RecordShape): string | undefined {
  switch (shape.kind) {
    case 'cloudtrail':
      return isoTime(shape.event.eventTime);
    case 'guardduty':
      return isoTime(obj(shape.finding.service)?.eventFirstSeen) ?? isoTime(shape.finding.createdAt);
    case 'config':
      return isoTime(shape.item.configurationItemCaptureTime);
  }
}

/** The id that names the record in its evidence (CloudTrail eventID, GuardDuty finding id, Config state id). */
export function recordId(shape: RecordShape): string | undefined {
  switch (shape.kind) {
    case 'cloudtrail':
      return str(shape.event.eventID);
    case 'guardduty':
      return str(shape.finding.id);
    case 'config':
      return str(shape.item.configurationStateId) ?? str(shape.item.resourceId);
  }
}
