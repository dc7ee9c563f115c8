// What a data file holds, decided from its content (names in real exports are unreliable).
import { readHead, readTextHead } from './lines';
import { DEFAULT_FLOW_FIELDS, flowColumnName } from '../schema';

export type FileKind =
  | { kind: 'cloudtrail-json' }
  | { kind: 'cloudtrail-jsonl' }
  | { kind: 'cloudtrail-digest' }
  /** `timestampPrefix`: CloudWatch Logs exports start each line with the event's ISO time, dropped on load. */
  | { kind: 'flow-text'; fields: string[]; hasHeader: boolean; timestampPrefix?: boolean }
  | { kind: 'flow-parquet' }
  | { kind: 'unknown'; reason: string };

const FLOW_ACTIONS = new Set(['ACCEPT', 'REJECT', '-']);
const FLOW_STATUS = new Set(['OK', 'NODATA', 'SKIPDATA']);
const HEADER_FIELD = /^(\$\{)?[a-z][a-z0-9-_]*\}?$/;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

function firstDataLine(text: string): string | undefined {
  return text.split('\n').map(l => l.trim()).find(l => l !== '' && !l.startsWith('#'));
}

/** A flow-log header names known fields; a record line has numbers and ACCEPT/REJECT/OK/NODATA words. */
function sniffFlowText(line: string): FileKind | undefined {
  const tokens = line.split(/\s+/);
  if (ISO_TIME.test(tokens[0]) && tokens.length > 1) {
    const rest = sniffFlowText(tokens.slice(1).join(' '));
    return rest?.kind === 'flow-text' && !rest.hasHeader ? { ...rest, timestampPrefix: true } : rest;
  }
  if (tokens.every(t => HEADER_FIELD.test(t)) && tokens.some(t => flowColumnName(t) === 'srcaddr' || flowColumnName(t) === 'interface_id'
    || flowColumnName(t) === 'version' || flowColumnName(t) === 'log_status')) {
    return { kind: 'flow-text', fields: tokens.map(flowColumnName), hasHeader: true };
  }
  const looksLikeRecord = /^\d+$/.test(tokens[0]) && tokens.some(t => FLOW_STATUS.has(t))
    && (tokens.some(t => FLOW_ACTIONS.has(t)));
  if (!looksLikeRecord) return undefined;
  if (tokens.length === DEFAULT_FLOW_FIELDS.length) return { kind: 'flow-text', fields: DEFAULT_FLOW_FIELDS, hasHeader: false };
  return {
    kind: 'unknown',
    reason: `looks like a VPC flow log in a custom format (${tokens.length} fields) but has no header line naming the fields; `
      + 'add the field names of the flow log\'s LogFormat as the first line (e.g. "version account-id interface-id ...")',
  };
}

export function detectFileKind(file: string): FileKind {
  if (readHead(file, 4).toString('latin1') === 'PAR1') return { kind: 'flow-parquet' };
  const text = readTextHead(file);
  if (text === '') return { kind: 'unknown', reason: 'empty, or not readable as (gzip-compressed) text' };
  const start = text.trimStart();
  if (start.startsWith('{') || start.startsWith('[')) {
    if (/"digestStartTime"|"digestPublicKeyFingerprint"/.test(start.slice(0, 4096)) || /CloudTrail-Digest/.test(file)) {
      return { kind: 'cloudtrail-digest' };
    }
    // JSON lines: the first line is a complete JSON value by itself and more lines follow.
    const nl = start.indexOf('\n');
    if (nl > 0 && start.slice(nl + 1).trim() !== '') {
      try {
        JSON.parse(start.slice(0, nl));
        return { kind: 'cloudtrail-jsonl' };
      } catch {
        // A pretty-printed document: its first line is not complete JSON.
      }
    }
    return { kind: 'cloudtrail-json' };
  }
  const line = firstDataLine(text);
  const flow = line ? sniffFlowText(line) : undefined;
  return flow ?? { kind: 'unknown', reason: 'neither CloudTrail JSON nor a VPC flow log (text or Parquet)' };
}
