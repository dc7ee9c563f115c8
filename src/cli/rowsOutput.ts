// Result rows on the terminal: an aligned table for people, JSON or CSV for other tools. Cell text comes from logs
// an attacker may control, so the table shows control characters as escapes (no terminal escape sequences get
// through) and CSV is written like the evidence files (csvRecord), with cells a spreadsheet would run as a formula
// neutralised.
import type { CellValue, Column, Row, RunMetadata } from '../core/engine/types';
import { csvRecord } from '../core/run/csv';
import { terminalSafe } from './terminalText';

export type OutputFormat = 'table' | 'json' | 'csv';

/** Widest a table cell gets before it is cut (JSON and CSV are never cut). */
const TABLE_CELL_LIMIT = 60;

function text(v: CellValue): string {
  return v === null ? '' : String(v);
}

function tableCell(v: CellValue): string {
  const s = terminalSafe(text(v));
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

/** `value` as JSON.stringify(…, null, 2) prints it nested `depth` levels deep. */
function nestedJson(value: unknown, depth: number): string {
  return JSON.stringify(value, null, 2).replace(/\n/g, `\n${'  '.repeat(depth)}`);
}

/** `type:name; type:name` (how lookup rows carry resources) back to LookupEvents' list of objects. */
function lookupResources(v: CellValue): { ResourceType: string; ResourceName: string }[] {
  return text(v)
    .split('; ')
    .filter(Boolean)
    .map(pair => {
      const colon = pair.indexOf(':');
      return { ResourceType: pair.slice(0, colon), ResourceName: pair.slice(colon + 1) };
    });
}

/**
 * A row as the object JSON.stringify(…, null, 2) prints two levels deep, keyed by column name (lookup rows: Resources
 * back to LookupEvents' list), written field by field: for columns an object cannot hold in order (printsInOrder).
 */
function rowJson(columns: Column[], r: Row, lookup: boolean): string {
  const fields: string[] = [];
  columns.forEach((c, i) => {
    const v = lookup && c.name === 'Resources' ? nestedJson(lookupResources(r[i]), 3) : JSON.stringify(r[i]);
    if (v !== undefined) fields.push(`      ${JSON.stringify(c.name)}: ${v}`);
  });
  return fields.length ? `{\n${fields.join(',\n')}\n    }` : '{}';
}

/**
 * A row as an object keyed by column name (lookup rows: Resources back to LookupEvents' list). A plain object: one
 * without a prototype is a dictionary to V8, four times slower to build (a column called __proto__ goes field by field).
 */
function rowObject(columns: Column[], r: Row, lookup: boolean): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  columns.forEach((c, i) => {
    o[c.name] = lookup && c.name === 'Resources' ? lookupResources(r[i]) : r[i];
  });
  return o;
}

/**
 * True when an object keyed by these names prints them in column order, each once: no name repeats, none is an
 * array index (JSON.stringify prints those first, in numeric order), and none is __proto__ (which sets no field).
 */
function printsInOrder(columns: Column[]): boolean {
  const names = columns.map(c => c.name);
  return new Set(names).size === names.length && !names.some(n => /^(?:0|[1-9]\d*)$/.test(n) || n === '__proto__');
}

/** The wrapper a page of rows is printed in: JSON.stringify then indents them as deep as they sit in the output. */
const PAGE_HEAD = '{\n  "r": [';
const PAGE_TAIL = '\n  ]\n}';

/**
 * JSON or CSV written piece by piece as pages arrive, byte for byte what formatting the whole result at once gives:
 * a warm query's many rows are printed while the engine still produces them, and never all held as text.
 * JSON is `{"columns": [...], "rows": [...], "metadata": {...}}`, or for lookups LookupEvents' `{"Events": [...]}`
 * (scripts written for `aws cloudtrail lookup-events` read it too; the flattened extras stay beside its fields).
 */
export class RowsWriter {
  private columns: Column[] = [];
  private count = 0;
  private started = false;
  private inOrder = false;

  constructor(
    private readonly format: 'json' | 'csv',
    private readonly write: (text: string) => void,
    private readonly lookup = false,
  ) {}

  /** Writes a page's rows; the first call (even with no rows) writes the header. */
  rows(columns: Column[], rows: Row[]): void {
    if (!this.started) {
      this.started = true;
      this.columns = columns;
      this.inOrder = printsInOrder(columns);
      if (this.format === 'csv') this.write(csvRecord(columns.map(c => c.name)));
      else if (this.lookup) this.write('{\n  "Events": [');
      else this.write(`{\n  "columns": ${nestedJson(columns, 1)},\n  "rows": [`);
    }
    if (!rows.length) return;
    if (this.format === 'csv') {
      this.write(rows.map(r => csvRecord(r)).join(''));
    } else {
      this.write((this.count ? ',' : '') + this.itemsJson(rows));
    }
    this.count += rows.length;
  }

  /**
   * A page's rows as JSON items, each on its own lines. One JSON.stringify for the page when the column names allow it:
   * for a lookup of 50,000 events that took half the time of a call per cell.
   */
  private itemsJson(rows: Row[]): string {
    if (!this.inOrder) return rows.map(r => `\n    ${rowJson(this.columns, r, this.lookup)}`).join(',');
    const page = JSON.stringify({ r: rows.map(r => rowObject(this.columns, r, this.lookup)) }, null, 2);
    return page.slice(PAGE_HEAD.length, -PAGE_TAIL.length);
  }

  /** Ends the output; JSON closes with the run's metadata. */
  end(metadata: RunMetadata): void {
    if (!this.started) this.rows(this.columns, []);
    if (this.format === 'json')
      this.write(`${this.count ? '\n  ]' : ']'},\n  "metadata": ${nestedJson(metadata, 1)}\n}\n`);
  }
}

export interface RowsOutputOptions {
  /** Columns left out of the terminal table (too wide to read there); JSON and CSV keep them. */
  hiddenInTable?: Set<string>;
  /** The rows are CloudTrail lookup results: JSON comes out shaped like LookupEvents. */
  lookup?: boolean;
}

export function formatRows(
  format: OutputFormat,
  columns: Column[],
  rows: Row[],
  metadata: RunMetadata,
  options: RowsOutputOptions = {},
): string {
  if (format === 'table') return formatTable(columns, rows, options.hiddenInTable);
  let text = '';
  const writer = new RowsWriter(format, t => (text += t), options.lookup);
  writer.rows(columns, rows);
  writer.end(metadata);
  return text;
}

/** How every lookup command prints its rows. */
export const LOOKUP_OUTPUT: RowsOutputOptions = {
  hiddenInTable: new Set(['CloudTrailEvent', 'RequestParameters']),
  lookup: true,
};
