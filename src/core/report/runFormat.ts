// A recorded query run in the report: its facts as a field list, the query in a fence nothing inside can close,
// and the first rows as a table whose cells (attacker-controlled log data) are encoded like any other text.
import { readPartialReason } from '../engine/partialReason';
import { ENGINE_IDS, isEngineId, type Diagnostic, type EngineId } from '../playbook/model';
import {
  decodeLine,
  encodeLine,
  encodeLinkPath,
  escapeFenceLine,
  fenceFor,
  hasNonVerbatimCharacters,
  indexOfUnescaped,
  splitTableRow,
  unescapeFenceLine,
} from './escape';
import { fieldLine, fieldMap, fieldValue, listFieldLines, mapFieldLines, readFields } from './fields';
import type { EvidenceFile, ManifestRef, RunRecord } from './model';
import { closeMarker, isMarkerLine, openMarker, type Line } from './markerRegions';

const LABEL = {
  query: 'Query',
  engine: 'Engine',
  started: 'Started',
  ended: 'Ended',
  rows: 'Rows',
  partial: 'Partial',
  partialReason: 'Partial reason',
  partialDetail: 'Partial detail',
  error: 'Error',
  errorCode: 'Error code',
  context: 'Context',
  parameters: 'Parameters',
  evidence: 'Evidence',
  manifest: 'Evidence manifest',
  truncated: 'Summary truncated',
} as const;

/** Info-string word that says the fenced query is written with `\\` / `\uXXXX` escapes. */
const ESCAPED_FENCE = 'escaped';
/** Info-string word of the second fence: the query with its parameter values written in. */
const RESOLVED_FENCE = 'resolved';

function fileLink(path: string): string {
  return `[${encodeLine(path)}](${encodeLinkPath(path)})`;
}

function evidenceItem(file: EvidenceFile): string {
  return `${fileLink(file.path)} — ${file.format}, ${file.bytes} bytes, SHA-256 ${encodeLine(file.sha256)}`;
}

function manifestLine(manifest: ManifestRef): string {
  return `- **${LABEL.manifest}:** ${fileLink(manifest.path)} — SHA-256 ${encodeLine(manifest.sha256)}`;
}

/** The info string that says what the fence holds: a lookup or an AWS API call is not SQL. */
function fenceLanguage(run: RunRecord): string {
  const dialect = run.context.dialect ?? '';
  if (run.engine === 'cloudtrail' || /^CloudTrail lookup/.test(dialect)) return 'cloudtrail-lookup';
  if (run.engine === 'aws' || /^AWS API/.test(dialect)) return 'aws-api';
  if (run.engine === 'action') return 'aws-action';
  return 'sql';
}

/** A fenced block of `text` that nothing inside can close; `words` follow the language in the info string. */
function fenced(text: string, language: string, words: string[]): string[] {
  const textLines = text.split('\n');
  const escaped = hasNonVerbatimCharacters(text) || textLines.some(isMarkerLine);
  const body = escaped ? textLines.map(escapeFenceLine) : textLines;
  const fence = fenceFor(body.join('\n'));
  return [[`${fence}${language}`, ...words, ...(escaped ? [ESCAPED_FENCE] : [])].join(' '), ...body, fence];
}

function queryFence(run: RunRecord): string[] {
  return fenced(run.queryText, fenceLanguage(run), []);
}

/** The query with its values written in: SQL, shell commands for a CloudTrail lookup, JSON input for an aws block. */
function resolvedFence(run: RunRecord): string[] {
  if (run.resolvedQuery === undefined) return [];
  const language =
    run.engine === 'cloudtrail' ? 'sh' : run.engine === 'aws' || run.engine === 'action' ? 'text' : 'sql';
  return ['', ...fenced(run.resolvedQuery, language, [RESOLVED_FENCE])];
}

function summaryTable(run: RunRecord): string[] {
  const { columns, rows } = run.summary;
  if (columns.length === 0) return [];
  const row = (cells: string[]) => `| ${cells.map(c => encodeLine(c)).join(' | ')} |`;
  return ['', row(columns), `|${columns.map(() => ' --- |').join('') || ' --- |'}`, ...rows.map(row)];
}

/** Written under a table that shows only the first rows; its presence is what says the table is truncated. */
function truncationNote(run: RunRecord): string {
  return `_First ${run.summary.rows.length} of ${run.rowCount} rows; the evidence files above hold them all._`;
}

const TRUNCATION_NOTE = /^_First \d+ of -?[\d.e+]+ rows;/;

/** The run's region, marker lines included. */
export function formatRunRecord(run: RunRecord): string {
  const lines = [
    openMarker('run', { id: run.runId }),
    fieldLine(LABEL.query, run.queryId),
    fieldLine(LABEL.engine, run.engine),
    fieldLine(LABEL.started, run.startedAt),
    ...(run.endedAt !== undefined ? [fieldLine(LABEL.ended, run.endedAt)] : []),
    fieldLine(LABEL.rows, String(run.rowCount)),
    ...(run.partial ? [fieldLine(LABEL.partial, 'yes')] : []),
    ...(run.partialReason !== undefined ? [fieldLine(LABEL.partialReason, run.partialReason)] : []),
    ...(run.partialDetail !== undefined ? [fieldLine(LABEL.partialDetail, run.partialDetail)] : []),
    ...(run.error ? [fieldLine(LABEL.error, run.error.message)] : []),
    ...(run.error?.code !== undefined ? [fieldLine(LABEL.errorCode, run.error.code)] : []),
    ...mapFieldLines(LABEL.context, run.context),
    ...mapFieldLines(LABEL.parameters, run.parameters),
    ...listFieldLines(LABEL.evidence, run.evidence, evidenceItem),
    ...(run.manifest ? [manifestLine(run.manifest)] : []),
    '',
    ...queryFence(run),
    ...resolvedFence(run),
    ...summaryTable(run),
    ...(run.summary.truncated ? ['', truncationNote(run)] : []),
    '',
    closeMarker('run'),
  ];
  return lines.join('\n');
}

const EVIDENCE_TAIL = /^ *— *(csv|jsonl), *(\d+) *bytes, *SHA-256 ?(.*)$/;
const MANIFEST_TAIL = /^ *— *SHA-256 ?(.*)$/;

/** A `[path](link) tail` entry: the path and the tail matched by `tail`, or undefined when it has another shape. */
function parseLinked(raw: string, tail: RegExp): { path: string; match: RegExpExecArray } | undefined {
  const close = raw.startsWith('[') ? indexOfUnescaped(raw, ']', 1) : -1;
  const target = close >= 0 && raw[close + 1] === '(' ? raw.indexOf(')', close) : -1;
  const match = target >= 0 ? tail.exec(raw.slice(target + 1)) : null;
  return match ? { path: decodeLine(raw.slice(1, close)), match } : undefined;
}

function parseEvidence(raw: string, line: number, diagnostics: Diagnostic[]): EvidenceFile | undefined {
  const entry = parseLinked(raw, EVIDENCE_TAIL);
  if (!entry) {
    diagnostics.push({
      line: line + 1,
      column: 1,
      severity: 'warning',
      code: 'bad-evidence',
      message: 'Evidence entry is not "[path](link) — csv|jsonl, N bytes, SHA-256 hash"; it is ignored.',
    });
    return undefined;
  }
  const [, format, bytes, sha256] = entry.match;
  return {
    path: entry.path,
    format: format as EvidenceFile['format'],
    bytes: Number(bytes),
    sha256: decodeLine(sha256),
  };
}

function parseManifest(raw: string, line: number, diagnostics: Diagnostic[]): ManifestRef | undefined {
  const entry = parseLinked(raw, MANIFEST_TAIL);
  if (!entry) {
    diagnostics.push({
      line: line + 1,
      column: 1,
      severity: 'warning',
      code: 'bad-manifest',
      message: 'Evidence manifest is not "[path](link) — SHA-256 hash"; it is ignored, and "Verify evidence" says so.',
    });
    return undefined;
  }
  return { path: entry.path, sha256: decodeLine(entry.match[1]) };
}

function yes(value: string | undefined): boolean {
  return /^\s*(yes|true)\s*$/i.test(value ?? '');
}

interface Fence {
  open: number;
  /** Backticks that open (and close) it. */
  ticks: number;
  /** Index of the closing line, or -1 when the fence is not closed (it then runs to the end). */
  closeAt: number;
  words: string[];
  text: string;
}

/** The first fence at or after line `from` of `inner`, its text unescaped when its info string says so. */
function readFence(inner: Line[], from: number): Fence | undefined {
  const open = inner.findIndex((l, i) => i >= from && /^`{3,}/.test(l.text));
  if (open < 0) return undefined;
  const fence = /^`+/.exec(inner[open].text)?.[0] ?? '';
  const closing = new RegExp(`^${fence}[ \\t]*$`);
  const closeAt = inner.findIndex((l, i) => i > open && closing.test(l.text));
  const words = inner[open].text.slice(fence.length).split(/\s+/);
  const body = inner.slice(open + 1, closeAt < 0 ? inner.length : closeAt).map(l => l.text);
  const text = (words.includes(ESCAPED_FENCE) ? body.map(unescapeFenceLine) : body).join('\n');
  return { open, ticks: fence.length, closeAt, words, text };
}

/** Reads a run region back; `inner` are the lines between its markers, `firstIndex` the index of the first one. */
export function parseRunRecord(runId: string, inner: Line[], firstIndex: number, diagnostics: Diagnostic[]): RunRecord {
  const query = readFence(inner, 0);
  if (query && query.closeAt < 0) {
    diagnostics.push({
      line: firstIndex + query.open + 1,
      column: 1,
      severity: 'error',
      code: 'unclosed-fence',
      message: `The query fence of run "${runId}" is not closed; add a line of ${query.ticks} backticks after the query.`,
    });
  }
  const second = query && query.closeAt >= 0 ? readFence(inner, query.closeAt + 1) : undefined;
  const resolved = second?.words.includes(RESOLVED_FENCE) && second.closeAt >= 0 ? second : undefined;
  const open = query?.open ?? -1;
  const fields = readFields(open >= 0 ? inner.slice(0, open) : inner, firstIndex);
  const tableFrom = resolved ? resolved.closeAt + 1 : query && query.closeAt >= 0 ? query.closeAt + 1 : inner.length;
  const tableLines = inner.slice(tableFrom).filter(l => l.text.trimStart().startsWith('|'));
  const [head, , ...rows] = tableLines.map(l => splitTableRow(l.text).map(decodeLine));

  const engine = fieldValue(fields, LABEL.engine) ?? '';
  if (!isEngineId(engine)) {
    diagnostics.push({
      line: firstIndex + 1,
      column: 1,
      severity: 'warning',
      code: 'unknown-engine',
      message: `Run "${runId}" names engine "${engine}", which is not one of ${ENGINE_IDS.join(', ')}.`,
    });
  }
  const rowCount = Number(fieldValue(fields, LABEL.rows) ?? '0');
  const record: RunRecord = {
    runId,
    queryId: fieldValue(fields, LABEL.query) ?? '',
    engine: engine as EngineId,
    startedAt: fieldValue(fields, LABEL.started) ?? '',
    rowCount: Number.isFinite(rowCount) ? rowCount : 0,
    partial: yes(fieldValue(fields, LABEL.partial)),
    queryText: query?.text ?? '',
    parameters: fieldMap(fields, LABEL.parameters, diagnostics),
    context: fieldMap(fields, LABEL.context, diagnostics),
    evidence: (fields.get(LABEL.evidence.toLowerCase())?.items ?? [])
      .map(item => parseEvidence(item.raw, item.line, diagnostics))
      .filter((e): e is EvidenceFile => e !== undefined),
    summary: {
      columns: head ?? [],
      rows,
      // Reports written before the note was the sign carry a "Summary truncated" line instead.
      truncated:
        yes(fieldValue(fields, LABEL.truncated)) ||
        (tableFrom < inner.length && inner.slice(tableFrom).some(l => TRUNCATION_NOTE.test(l.text))),
    },
  };
  const manifestField = fields.get(LABEL.manifest.toLowerCase());
  const manifest = manifestField && parseManifest(manifestField.raw, manifestField.line, diagnostics);
  if (manifest) record.manifest = manifest;
  if (resolved) record.resolvedQuery = resolved.text;
  const endedAt = fieldValue(fields, LABEL.ended);
  if (endedAt !== undefined) record.endedAt = endedAt;
  const partialReason = fieldValue(fields, LABEL.partialReason);
  if (partialReason !== undefined) {
    const read = readPartialReason(partialReason);
    record.partialReason = read.reason;
    const detail = fieldValue(fields, LABEL.partialDetail) ?? read.detail;
    if (detail !== undefined) record.partialDetail = detail;
  }
  const message = fieldValue(fields, LABEL.error);
  const code = fieldValue(fields, LABEL.errorCode);
  if (message !== undefined || code !== undefined)
    record.error = code !== undefined ? { code, message: message ?? '' } : { message: message ?? '' };
  return record;
}
