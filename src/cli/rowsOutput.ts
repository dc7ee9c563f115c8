// Result rows on the terminal: an aligned table for people, JSON or CSV for other tools. Cell text comes from logs
// an attacker may control, so the table shows control characters as escapes (no terminal escape sequences get
// through) and CSV is written like the evidence files (csvRecord), with cells a spreadsheet would run as a formula
// neutralised.
import { CLOUDTRAIL_COLUMNS } from '../core/aws/cloudtrailRows';
import type { CellValue, Column, Row, RunMetadata } from '../core/engine/types';
import { csvRecord } from '../core/run/csv';
import { PageFormatter } from './pageFormatter';
import { cellText, flattenRawEvents, nestedJson, pageText } from './rowsText';
import { terminalSafe } from './terminalText';

export type OutputFormat = 'table' | 'json' | 'csv';

/** Widest a table cell gets before it is cut (JSON and CSV are never cut). */
const TABLE_CELL_LIMIT = 60;

function tableCell(v: CellValue): string {
  const s = terminalSafe(cellText(v));
  return s.length > TABLE_CELL_LIMIT ? `${s.slice(0, TABLE_CELL_LIMIT - 1)}…` : s;
}

function formatTable(columns: Column[], rows: Row[], hidden: Set<string> = new Set()): string {
  const shown = columns.map((c, i) => ({ c, i })).filter(x => !hidden.has(x.c.name));
  const cells = [shown.map(x => terminalSafe(x.c.name)), ...rows.map(r => shown.map(x => tableCell(r[x.i])))];
  // A reduce, not Math.max(...): spreading a row per argument overflows the stack past about 100,000 rows.
  const widths = shown.map((_, j) => cells.reduce((w, line) => Math.max(w, line[j].length), 0));
  return (
    cells
      .map(line =>
        line
          .map((s, j) => s.padEnd(widths[j]))
          .join('  ')
          .trimEnd(),
      )
      .join('\n') + '\n'
  );
}

/** What comes before the rows: CSV's header record, or JSON up to the opening of the rows' list. */
function head(format: 'json' | 'csv', columns: Column[], lookup: boolean): string {
  if (format === 'csv') return csvRecord(columns.map(c => c.name));
  return lookup ? '{\n  "Events": [' : `{\n  "columns": ${nestedJson(columns, 1)},\n  "rows": [`;
}

/** What comes after the rows: JSON closes the list and ends with the run's metadata. */
function tail(format: 'json' | 'csv', rowCount: number, metadata: RunMetadata): string {
  if (format === 'csv') return '';
  return `${rowCount ? '\n  ]' : ']'},\n  "metadata": ${nestedJson(metadata, 1)}\n}\n`;
}

/** From the page that brings the rows printed to this many on, pages go to the formatting thread. */
const OFFLOAD_ROWS = 1000;
/** Pages formatted ahead of the one being written at most: a bound on the rows held for the formatting threads. */
const AHEAD = 4;
/**
 * Formatting threads for raw CloudTrail events, which are parsed and flattened there too: the CLI's own thread then
 * only reads them, and two threads share that work (one for rows that come flattened).
 */
const RAW_EVENT_THREADS = 2;

/** Where the output goes: text, and raw bytes when the destination takes them unchanged (not a terminal). */
export interface RowsSink {
  text: (text: string) => void;
  bytes?: (bytes: Uint8Array) => void;
}

/**
 * JSON or CSV written piece by piece as pages arrive, byte for byte what formatting the whole result at once gives:
 * a warm query's many rows are printed while the engine still produces them, and never all held as text.
 * JSON is `{"columns": [...], "rows": [...], "metadata": {...}}`, or for lookups LookupEvents' `{"Events": [...]}`
 * (scripts written for `aws cloudtrail lookup-events` read it too; the flattened extras stay beside its fields).
 * When the sink takes bytes and the result is large, pages are formatted on other threads (PageFormatter) while the
 * next ones are read; from the first such page on, every page goes through them, and the output keeps its order.
 * With `rawEvents`, each row given is one CloudTrail event's text, printed as its flattened lookup row.
 */
export class RowsWriter {
  private columns: Column[] = [];
  private count = 0;
  private started = false;
  private formatter?: PageFormatter;
  /** Pages handed to the formatter, each resolved once written. */
  private readonly writing: Promise<void>[] = [];

  constructor(
    private readonly format: 'json' | 'csv',
    private readonly sink: RowsSink,
    private readonly options: Pick<RowsOutputOptions, 'lookup' | 'rawEvents'> = {},
  ) {}

  /** Writes a page's rows; the first call (even with no rows) writes the header. */
  async rows(columns: Column[], rows: Row[]): Promise<void> {
    const { lookup = false, rawEvents = false } = this.options;
    if (!this.started) {
      this.started = true;
      this.columns = rawEvents ? CLOUDTRAIL_COLUMNS : columns;
      this.sink.text(head(this.format, this.columns, lookup));
    }
    if (!rows.length) return;
    const lead = this.format === 'json' && this.count ? ',' : '';
    this.count += rows.length;
    const job = { format: this.format, columns: this.columns, rows, lookup, rawEvents };
    const bytes = this.sink.bytes;
    if (bytes && !this.formatter && this.count >= OFFLOAD_ROWS)
      this.formatter = new PageFormatter(rawEvents ? RAW_EVENT_THREADS : 1);
    if (!bytes || !this.formatter) {
      this.sink.text(lead + pageText(job));
      return;
    }
    const formatted = this.formatter.format(job);
    const previous = this.writing.at(-1);
    this.writing.push(
      (async () => {
        const page = await formatted;
        await previous;
        if (lead) this.sink.text(lead);
        bytes(page);
      })(),
    );
    if (this.writing.length > AHEAD) await this.writing.shift();
  }

  /** Ends the output once every page is written; JSON closes with the run's metadata. */
  async end(metadata: RunMetadata): Promise<void> {
    if (!this.started) await this.rows(this.columns, []);
    await this.writing.at(-1);
    this.sink.text(tail(this.format, this.count, metadata));
  }

  /** Writes the pages already given, then stops the formatting thread, if one was started. */
  async dispose(): Promise<void> {
    await this.writing.at(-1);
    await this.formatter?.dispose();
  }
}

export interface RowsOutputOptions {
  /** Columns left out of the terminal table (too wide to read there); JSON and CSV keep them. */
  hiddenInTable?: Set<string>;
  /** The rows are CloudTrail lookup results: JSON comes out shaped like LookupEvents. */
  lookup?: boolean;
  /** Each row is one CloudTrail event's text (the local engine's `rawLookupEvents`), printed as its lookup row. */
  rawEvents?: boolean;
}

export function formatRows(
  format: OutputFormat,
  columns: Column[],
  rows: Row[],
  metadata: RunMetadata,
  options: RowsOutputOptions = {},
): string {
  if (options.rawEvents) {
    return formatRows(format, CLOUDTRAIL_COLUMNS, flattenRawEvents(rows), metadata, { ...options, rawEvents: false });
  }
  if (format === 'table') return formatTable(columns, rows, options.hiddenInTable);
  const lookup = options.lookup ?? false;
  const items = rows.length ? pageText({ format, columns, rows, lookup }) : '';
  return head(format, columns, lookup) + items + tail(format, rows.length, metadata);
}

/** How every lookup command prints its rows. */
export const LOOKUP_OUTPUT: RowsOutputOptions = {
  hiddenInTable: new Set(['CloudTrailEvent', 'RequestParameters']),
  lookup: true,
};
