// The last result of a query read back from its evidence file, for a step panel that is opened again: nothing is run.
// The file is streamed once: every byte is hashed and compared with the SHA-256 and size the report recorded, and only
// the first `rowCap` rows are kept. A file that is missing or changed gives a message naming it, never its rows.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import type { Column, Row } from '../engine/types';
import type { RunRecord } from '../report/model';
import { csvText } from './csv';
import { EvidencePathError, resolveEvidencePath } from './evidencePath';

/** Longest record read back; the evidence writer has no limit, so a longer one says so instead of filling memory. */
const MAX_RECORD_CHARS = 16 * 1024 * 1024;

export type RecordedResult =
  | {
      ok: true;
      /** The evidence file read (relative to the report, as the report lists it). */
      path: string;
      columns: Column[];
      rows: Row[];
      /** Rows the run recorded: more than `rows.length` when the row cap cut the read. */
      rowCount: number;
    }
  | { ok: false; path: string; problem: string };

class RecordTooLong extends Error {
  constructor() {
    super(`a record is longer than ${MAX_RECORD_CHARS} characters`);
  }
}

const UNQUOTED_SPECIAL = /[",\n]/g;

/** Reads RFC 4180 records from text that arrives in pieces (quoted fields may hold commas, quotes and line breaks). */
class CsvRecords {
  private field = '';
  private record: string[] = [];
  private quoted = false;
  /** The last piece ended right after a closing quote: a quote first in the next one is an escaped quote. */
  private afterQuote = false;
  private chars = 0;
  private stopped = false;

  /** `onRecord` returns false once it wants no more records: the rest of the text is then not parsed. */
  constructor(private readonly onRecord: (fields: string[]) => boolean) {}

  push(text: string): void {
    let i = 0;
    // Runs of ordinary characters are sliced whole; only quotes, commas and line breaks are looked at one by one.
    while (i < text.length && !this.stopped) {
      if (this.quoted) {
        const quote = text.indexOf('"', i);
        const to = quote < 0 ? text.length : quote;
        this.add(text.slice(i, to));
        if (quote < 0) return;
        this.quoted = false;
        this.afterQuote = true;
        i = quote + 1;
        continue;
      }
      if (this.field === '' && this.record.length === 0 && !this.afterQuote) {
        // Most records hold no quote: such a whole line is split natively.
        const end = text.indexOf('\n', i);
        const line = end < 0 ? '' : text.slice(i, end);
        if (end >= 0 && !line.includes('"')) {
          if (line.length > MAX_RECORD_CHARS) throw new RecordTooLong();
          const fields = line.split(',');
          const last = fields.length - 1;
          if (fields[last].endsWith('\r')) fields[last] = fields[last].slice(0, -1);
          this.stopped = !this.onRecord(fields);
          i = end + 1;
          continue;
        }
      }
      const c = text[i];
      if (c === '"') {
        // `""` inside a quoted field is one quote; a quote at the start of a field opens quoting.
        if (this.afterQuote) this.add('"');
        this.quoted = true;
        this.afterQuote = false;
        i++;
        continue;
      }
      this.afterQuote = false;
      if (c === ',') {
        this.record.push(this.field);
        this.field = '';
        i++;
      } else if (c === '\n') {
        this.record.push(this.field.endsWith('\r') ? this.field.slice(0, -1) : this.field);
        this.stopped = !this.onRecord(this.record);
        this.field = '';
        this.record = [];
        this.chars = 0;
        i++;
      } else {
        UNQUOTED_SPECIAL.lastIndex = i;
        const next = UNQUOTED_SPECIAL.exec(text);
        const to = next ? next.index : text.length;
        this.add(text.slice(i, to));
        i = to;
      }
    }
  }

  private add(piece: string): void {
    this.chars += piece.length;
    if (this.chars > MAX_RECORD_CHARS) throw new RecordTooLong();
    this.field += piece;
  }
}

function missingOrUnreadable(e: unknown): string {
  if (e instanceof EvidencePathError) return e.message;
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'the file is missing';
  return code ? `it cannot be read (${code})` : `it cannot be read: ${e instanceof Error ? e.message : String(e)}`;
}

/** The run's CSV evidence read back and checked, with at most `rowCap` rows; undefined for a run without one. */
export async function readRecordedResult(
  reportPath: string,
  run: RunRecord,
  rowCap: number,
): Promise<RecordedResult | undefined> {
  const evidence = run.evidence.find(e => e.format === 'csv');
  if (!evidence) return undefined;
  const fail = (problem: string): RecordedResult => ({ ok: false, path: evidence.path, problem });
  let header: string[] | undefined;
  const rows: Row[] = [];
  // Past the cap the file is only hashed: its row count is the run record's.
  const records = new CsvRecords(fields => {
    if (!header) header = fields;
    else rows.push(header.map((_, i) => csvText(fields[i] ?? '')));
    return rows.length < rowCap;
  });
  const hash = createHash('sha256');
  const decoder = new StringDecoder('utf8');
  let bytes = 0;
  try {
    const file = await resolveEvidencePath(reportPath, evidence.path);
    for await (const chunk of createReadStream(file, { highWaterMark: 256 * 1024 })) {
      const data = chunk as Buffer;
      hash.update(data);
      bytes += data.length;
      records.push(decoder.write(data));
    }
    records.push(decoder.end());
  } catch (e) {
    return fail(e instanceof RecordTooLong ? e.message : missingOrUnreadable(e));
  }
  const sha256 = hash.digest('hex');
  if (bytes !== evidence.bytes || sha256 !== evidence.sha256.toLowerCase()) {
    return fail(
      `it changed since it was recorded: its size is ${bytes} bytes and its SHA-256 ${sha256}; ` +
        `the report says ${evidence.bytes} bytes and ${evidence.sha256}`,
    );
  }
  const columns = (header ?? []).map(name => ({ name, type: 'varchar' }));
  return { ok: true, path: evidence.path, columns, rows, rowCount: Math.max(run.rowCount, rows.length) };
}
