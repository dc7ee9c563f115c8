// What a data file holds, decided from its content (names in real exports are unreliable).
import { SNIFF_BYTES, readHead, textOfHead } from './lines';
import { DEFAULT_FLOW_FIELDS, flowColumnName } from '../schema';

export type FileKind =
  /** `deliveryFile`: a `{"Records":[...]}` document, as a trail delivers to S3 (DuckDB can read it in bulk). */
  | { kind: 'cloudtrail-json'; deliveryFile?: boolean }
  | { kind: 'cloudtrail-jsonl' }
  | { kind: 'cloudtrail-digest' }
  | { kind: 'guardduty-json' }
  | { kind: 'guardduty-jsonl' }
  | { kind: 'config-json' }
  | { kind: 'config-jsonl' }
  /** `timestampPrefix`: CloudWatch Logs exports start each line with the event's ISO time, dropped on load. */
  | { kind: 'flow-text'; fields: string[]; hasHeader: boolean; timestampPrefix?: boolean }
  | { kind: 'flow-parquet' }
  | { kind: 'unknown'; reason: string };

const FLOW_ACTIONS = new Set(['ACCEPT', 'REJECT', '-']);
const FLOW_STATUS = new Set(['OK', 'NODATA', 'SKIPDATA']);
const HEADER_FIELD = /^(\$\{)?[a-z][a-z0-9-_]*\}?$/;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
/** Fields every flow-log format names at least one of. */
const IDENTIFYING_FIELDS = ['srcaddr', 'interface_id', 'version', 'log_status'];
const FIELD_COLUMN = /^[a-z][a-z0-9_]*$/;
/** AWS's formats have about 30 fields; far more is not a flow log, and each one would become a column. */
const MAX_FLOW_FIELDS = 100;

/**
 * Why these columns (from a header line or a Parquet schema, already mapped by flowColumnName) cannot be loaded as a
 * flow log, or undefined. A Parquet file with unrelated columns, or a field clashing with the table's own `date`
 * column, must be refused here rather than break the load of every other file.
 */
export function flowFieldsProblem(fields: string[]): string | undefined {
  if (!fields.some(f => IDENTIFYING_FIELDS.includes(f))) {
    return `has none of the VPC flow log fields (${IDENTIFYING_FIELDS.join(', ')})`;
  }
  if (fields.length > MAX_FLOW_FIELDS) {
    return `has ${fields.length} fields; a VPC flow log has at most ${MAX_FLOW_FIELDS}`;
  }
  const bad = fields.find(f => !FIELD_COLUMN.test(f) || f === 'date');
  if (bad !== undefined) return `has a field "${bad.slice(0, 60)}" that is not a VPC flow log field name`;
  const duplicate = fields.find((f, i) => fields.indexOf(f) !== i);
  return duplicate ? `names field "${duplicate}" twice` : undefined;
}

function firstDataLine(text: string): string | undefined {
  return text
    .split('\n')
    .map(l => l.trim())
    .find(l => l !== '' && !l.startsWith('#'));
}

/** A flow-log header names known fields; a record line has numbers and ACCEPT/REJECT/OK/NODATA words. */
function sniffFlowText(line: string): FileKind | undefined {
  const tokens = line.split(/\s+/);
  if (ISO_TIME.test(tokens[0]) && tokens.length > 1) {
    const rest = sniffFlowText(tokens.slice(1).join(' '));
    return rest?.kind === 'flow-text' && !rest.hasHeader ? { ...rest, timestampPrefix: true } : rest;
  }
  if (tokens.every(t => HEADER_FIELD.test(t)) && tokens.some(t => IDENTIFYING_FIELDS.includes(flowColumnName(t)))) {
    return { kind: 'flow-text', fields: tokens.map(flowColumnName), hasHeader: true };
  }
  const looksLikeRecord =
    /^\d+$/.test(tokens[0]) && tokens.some(t => FLOW_STATUS.has(t)) && tokens.some(t => FLOW_ACTIONS.has(t));
  if (!looksLikeRecord) return undefined;
  if (tokens.length === DEFAULT_FLOW_FIELDS.length)
    return { kind: 'flow-text', fields: DEFAULT_FLOW_FIELDS, hasHeader: false };
  return {
    kind: 'unknown',
    reason:
      `looks like a VPC flow log in a custom format (${tokens.length} fields) but has no header line naming the fields; ` +
      'add the field names of the flow log\'s LogFormat as the first line (e.g. "version account-id interface-id ...")',
  };
}

/**
 * Which JSON records a document's start holds. Every CloudTrail record has `eventVersion`, so a trail that logged
 * GuardDuty or Config API calls stays CloudTrail; GuardDuty findings name the service (`"serviceName": "guardduty"`),
 * carry a schema version and a GuardDuty ARN, or come in EventBridge's "GuardDuty Finding" event; Config files list
 * `configurationItems`.
 */
function jsonFamily(head: string): 'cloudtrail' | 'guardduty' | 'config' {
  if (/"detail-type"\s*:\s*"GuardDuty Finding"/.test(head)) return 'guardduty';
  if (/"eventVersion"\s*:/.test(head)) return 'cloudtrail';
  if (/"configurationItems"\s*:/.test(head) || /"configurationItemCaptureTime"\s*:/.test(head)) return 'config';
  if (/"[sS]erviceName"\s*:\s*"guardduty"/.test(head)) return 'guardduty';
  if (/"[sS]chemaVersion"\s*:/.test(head) && /"arn:aws[a-z-]*:guardduty:/.test(head)) return 'guardduty';
  return 'cloudtrail';
}

export function detectFileKind(file: string, head = readHead(file, SNIFF_BYTES)): FileKind {
  if (head.subarray(0, 4).toString('latin1') === 'PAR1') return { kind: 'flow-parquet' };
  const text = textOfHead(head);
  if (text === '') return { kind: 'unknown', reason: 'empty, or not readable as (gzip-compressed) text' };
  const start = text.trimStart();
  if (start.startsWith('{') || start.startsWith('[')) {
    if (/"digestStartTime"|"digestPublicKeyFingerprint"/.test(start.slice(0, 4096)) || /CloudTrail-Digest/.test(file)) {
      return { kind: 'cloudtrail-digest' };
    }
    const family = jsonFamily(start.slice(0, 65536));
    // JSON lines: the first line is a complete JSON value by itself and more lines follow.
    const nl = start.indexOf('\n');
    if (nl > 0 && start.slice(nl + 1).trim() !== '') {
      try {
        JSON.parse(start.slice(0, nl));
        return { kind: `${family}-jsonl` };
      } catch {
        // A pretty-printed document: its first line is not complete JSON.
      }
    }
    if (family === 'cloudtrail' && /^\{\s*"Records"\s*:\s*\[/.test(start)) {
      return { kind: 'cloudtrail-json', deliveryFile: true };
    }
    return { kind: `${family}-json` };
  }
  const line = firstDataLine(text);
  const flow = line ? sniffFlowText(line) : undefined;
  return (
    flow ?? {
      kind: 'unknown',
      reason: 'neither CloudTrail JSON nor a VPC flow log (text or Parquet), nor GuardDuty findings or Config items',
    }
  );
}
