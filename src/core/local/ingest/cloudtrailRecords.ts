// CloudTrail records from any accepted container, reshaped to the Athena table's lower-case columns.
import { userNameOf } from '../../aws/cloudtrailRows';
import { CLOUDTRAIL_COLUMNS, FieldType } from '../schema';

export interface FoundRecord {
  /** Where the record sits in its file, for messages: `Records[4]`, `Events[0]`, `line 12`. */
  where: string;
  record?: Record<string, unknown>;
  problem?: string;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A LookupEvents event carries the record as a JSON string in CloudTrailEvent. */
function unwrap(value: unknown, where: string): FoundRecord {
  if (!isObject(value)) return { where, problem: 'not a JSON object' };
  const inner = value.CloudTrailEvent;
  if (inner === undefined) return { where, record: value };
  if (isObject(inner)) return { where, record: inner };
  try {
    const parsed: unknown = JSON.parse(String(inner));
    return isObject(parsed) ? { where, record: parsed } : { where, problem: 'CloudTrailEvent is not a JSON object' };
  } catch {
    return { where, problem: 'CloudTrailEvent is not valid JSON' };
  }
}

/** Records in a parsed document: `{"Records": [...]}`, a LookupEvents response `{"Events": [...]}`, an array, or one record. */
export function* recordsInDocument(doc: unknown, prefix = ''): Generator<FoundRecord> {
  const list = (items: unknown[], name: string) => items.map((v, i) => unwrap(v, `${prefix}${name}[${i}]`));
  if (Array.isArray(doc)) yield* list(doc, '');
  else if (isObject(doc) && Array.isArray(doc.Records)) yield* list(doc.Records, 'Records');
  else if (isObject(doc) && Array.isArray(doc.Events)) yield* list(doc.Events, 'Events');
  else if (isObject(doc) && ('eventTime' in doc || 'CloudTrailEvent' in doc)) yield unwrap(doc, prefix || 'document');
  else yield { where: prefix || 'document', problem: 'no "Records" or "Events" array and not a CloudTrail record' };
}

function shape(type: FieldType, v: unknown): unknown {
  if (v === undefined || v === null) return null;
  if (type === 'VARCHAR') return typeof v === 'string' ? v : JSON.stringify(v);
  if (type === 'MAP') {
    return isObject(v)
      ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, typeof x === 'string' ? x : JSON.stringify(x)]))
      : null;
  }
  if ('list' in type) return Array.isArray(v) ? v.map(x => shape(type.list, x)) : null;
  if (!isObject(v)) return null;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) {
    const key = k.toLowerCase();
    if (key in type.struct) out[key] = shape(type.struct[key], x);
  }
  return out;
}

/** True when objects/arrays nest more than `max` deep; iterative, so a hostile depth cannot overflow the stack. */
export function nestedDeeperThan(value: unknown, max: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 1]];
  for (let item = stack.pop(); item; item = stack.pop()) {
    const [v, depth] = item;
    if (typeof v !== 'object' || v === null) continue;
    if (depth > max) return true;
    for (const child of Object.values(v)) {
      if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
    }
  }
  return false;
}

const PARTITION_PATH = /[\\/]CloudTrail[\\/]([a-z0-9-]+)[\\/](\d{4})[\\/](\d{2})[\\/](\d{2})[\\/]/;
const REQUIRED = ['eventTime', 'eventName', 'eventSource'];

export interface NormalizedEvent {
  row?: Record<string, unknown>;
  problem?: string;
}

/** Validates a record and reshapes it to one row of `ct_events` (Athena columns + partitions + internal columns). */
export function normalizeRecord(record: Record<string, unknown>, file: string): NormalizedEvent {
  // Field names are matched without regard to case, as Athena's JSON SerDe does (some exports lower-case them).
  const lower: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(record)) lower[k.toLowerCase()] = v;
  const missing = REQUIRED.filter(k => typeof lower[k.toLowerCase()] !== 'string' || lower[k.toLowerCase()] === '');
  const id = typeof lower.eventid === 'string' ? ` (eventID ${lower.eventid})` : '';
  if (missing.length) return { problem: `missing ${missing.join(', ')}${id}` };
  const time = new Date(lower.eventtime as string);
  if (isNaN(time.getTime()))
    return { problem: `eventTime "${String(lower.eventtime).slice(0, 40)}" is not a time${id}` };
  const row: Record<string, unknown> = {};
  for (const [col, type] of Object.entries(CLOUDTRAIL_COLUMNS)) row[col] = shape(type, lower[col]);
  const iso = time.toISOString();
  const part = PARTITION_PATH.exec(file);
  row.region = part ? part[1] : row.awsregion;
  row.year = part ? part[2] : iso.slice(0, 4);
  row.month = part ? part[3] : iso.slice(5, 7);
  row.day = part ? part[4] : iso.slice(8, 10);
  row._file = file;
  row._username = userNameOf(isObject(record.userIdentity) ? record.userIdentity : undefined) ?? null;
  row._event_ts = iso.replace('T', ' ').replace('Z', '');
  row._raw = JSON.stringify(record);
  return { row };
}

/** "… at position 57" in a JSON.parse error → the 1-based line of that position. */
export function jsonErrorLine(text: string, error: unknown): number | undefined {
  const m = /position (\d+)/.exec(error instanceof Error ? error.message : String(error));
  if (!m) return undefined;
  const pos = Number(m[1]);
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < pos; i = text.indexOf('\n', i + 1)) line++;
  return line;
}
