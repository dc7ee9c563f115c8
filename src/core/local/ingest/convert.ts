// The streaming Node pass over each file: validates every record, reports problems by file and line/record, and
// writes what is valid to staging files DuckDB loads in bulk.
import {
  normalizeRecord,
  jsonErrorLine,
  recordsInDocument,
  FoundRecord,
  nestedDeeperThan,
  NormalizedEvent,
} from './cloudtrailRecords';
import { configItemsInDocument, normalizeConfigItem } from './configItems';
import type { FileKind } from './detect';
import { findingsInDocument, normalizeFinding } from './guardDutyFindings';
import { formatBytes, ingestLimits } from './limits';
import { InputTooLarge, ReadStats, readLines, readWholeText } from './lines';
import { StagingWriter } from './staging';

/** What one file contributed; kept in the manifest so later sessions report the same counts. */
export interface FileResult {
  path: string;
  kind: string;
  records: number;
  skippedRecords: number;
  /** True when the file could not be read to its end (nothing, or only a first part, was loaded). */
  failed: boolean;
  problems: string[];
  read: ReadStats;
}

const MAX_PROBLEMS_PER_FILE = 10;

export function newResult(path: string, kind: string): FileResult {
  return { path, kind, records: 0, skippedRecords: 0, failed: false, problems: [], read: { bytes: 0, invalidUtf8: 0 } };
}

export function addProblem(result: FileResult, where: string | undefined, message: string): void {
  if (result.problems.length < MAX_PROBLEMS_PER_FILE)
    result.problems.push(`${result.path}${where ? `: ${where}` : ''}: ${message}`);
}

/** Nothing of the file is loaded (not even what was converted before the problem); the reason replaces the rest. */
export function skipFile(result: FileResult, message: string): void {
  result.failed = true;
  result.records = 0;
  result.skippedRecords = 0;
  result.problems = [`${result.path}: ${message}; file skipped`];
}

/** How the records of one kind of JSON file are found in a document and turned into rows. */
export interface JsonRecords {
  inDocument(doc: unknown, prefix?: string): Iterable<FoundRecord>;
  normalize(record: Record<string, unknown>, file: string): NormalizedEvent;
}

export const CLOUDTRAIL_RECORDS: JsonRecords = { inDocument: recordsInDocument, normalize: normalizeRecord };
export const GUARDDUTY_FINDINGS: JsonRecords = { inDocument: findingsInDocument, normalize: normalizeFinding };
export const CONFIG_ITEMS: JsonRecords = { inDocument: configItemsInDocument, normalize: normalizeConfigItem };

async function takeRecord(
  found: FoundRecord,
  result: FileResult,
  out: StagingWriter,
  records: JsonRecords,
): Promise<void> {
  const { maxJsonDepth } = ingestLimits();
  // Checked before anything recursive (JSON.stringify) walks a hostile record.
  const normalized = !found.record
    ? { problem: found.problem }
    : nestedDeeperThan(found.record, maxJsonDepth)
      ? { problem: `nested deeper than ${maxJsonDepth} levels` }
      : records.normalize(found.record, result.path);
  if (normalized.row) {
    await out.write(JSON.stringify(normalized.row));
    result.records++;
  } else {
    result.skippedRecords++;
    addProblem(result, found.where, `${normalized.problem}; record skipped`);
  }
}

/** A line over the length limit: skipped and counted like a bad record, so the rest of the file still loads. */
function skipLongLine(result: FileResult, lineNo: number): void {
  result.skippedRecords++;
  const limit = formatBytes(ingestLimits().maxLineBytes);
  addProblem(result, `line ${lineNo}`, `longer than ${limit}, the limit for a line; line skipped`);
}

const gzipHint = (e: unknown) => {
  const m = e instanceof Error ? e.message : String(e);
  if (e instanceof RangeError || /string longer than/i.test(m)) {
    return 'too large to read as one JSON document (V8 strings stop at 512 MB); split it, or convert it to JSON lines';
  }
  return /unexpected end|incorrect header|invalid|zlib|Z_/i.test(m) ? `corrupt or truncated gzip (${m})` : m;
};

/** Converts a JSON document or JSON-lines file (`lines`) of CloudTrail records, GuardDuty findings or Config items. */
export async function convertJson(
  lines: boolean,
  records: JsonRecords,
  result: FileResult,
  out: StagingWriter,
): Promise<void> {
  if (lines) {
    let lineNo = 0;
    try {
      for await (const lines of readLines(result.path, ingestLimits(), result.read)) {
        for (const line of lines) {
          lineNo++;
          if (line === null) {
            skipLongLine(result, lineNo);
            continue;
          }
          if (line.trim() === '') continue;
          let doc: unknown;
          try {
            doc = JSON.parse(line);
          } catch {
            result.skippedRecords++;
            addProblem(result, `line ${lineNo}`, 'invalid JSON; line skipped');
            continue;
          }
          for (const found of records.inDocument(doc, `line ${lineNo} `)) {
            await takeRecord({ ...found, where: found.where.trim() }, result, out, records);
          }
        }
      }
    } catch (e) {
      if (e instanceof InputTooLarge) throw e;
      result.failed = true;
      addProblem(result, `after line ${lineNo}`, `${gzipHint(e)}; the rest of the file was not loaded`);
    }
    return;
  }
  let text: string;
  try {
    text = await readWholeText(result.path, ingestLimits(), result.read);
  } catch (e) {
    if (e instanceof InputTooLarge) throw e;
    result.failed = true;
    addProblem(result, undefined, `${gzipHint(e)}; file skipped`);
    return;
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    result.failed = true;
    const line = jsonErrorLine(text, e);
    addProblem(
      result,
      line ? `line ${line}` : undefined,
      `invalid JSON (${e instanceof Error ? e.message : String(e)}); file skipped`,
    );
    return;
  }
  for (const found of records.inDocument(doc)) await takeRecord(found, result, out, records);
}

/** Checks each flow-log line's field count; writes `<file index> <fields>` lines so one staging file serves many files. */
export async function convertFlowText(
  kind: Extract<FileKind, { kind: 'flow-text' }>,
  fileIndex: number,
  result: FileResult,
  out: StagingWriter,
): Promise<void> {
  const expected = kind.fields.length;
  let lineNo = 0;
  let headerSeen = !kind.hasHeader;
  try {
    for await (const lines of readLines(result.path, ingestLimits(), result.read)) {
      for (let line of lines) {
        lineNo++;
        if (line === null) {
          skipLongLine(result, lineNo);
          continue;
        }
        if (line.endsWith('\r')) line = line.slice(0, -1);
        if (line === '' || line[0] === '#' || line.trim() === '') continue;
        if (!headerSeen) {
          headerSeen = true;
          continue;
        }
        if (kind.timestampPrefix) line = line.slice(line.indexOf(' ') + 1);
        let fields = 1;
        for (let p = line.indexOf(' '); p >= 0; p = line.indexOf(' ', p + 1)) fields++;
        if (fields !== expected || line.includes('  ') || line[0] === ' ' || line.includes('\t')) {
          // Tolerate odd spacing; the count after normalising is what matters.
          const parts = line.trim().split(/\s+/);
          if (parts.length !== expected) {
            result.skippedRecords++;
            addProblem(result, `line ${lineNo}`, `expected ${expected} fields, found ${parts.length}; record skipped`);
            continue;
          }
          line = parts.join(' ');
        }
        await out.write(`${fileIndex} ${line}`);
        result.records++;
      }
    }
  } catch (e) {
    if (e instanceof InputTooLarge) throw e;
    result.failed = true;
    addProblem(
      result,
      `after line ${lineNo}`,
      `${gzipHint(e)}; ${result.records} records before it were loaded, the rest was not`,
    );
  }
}
