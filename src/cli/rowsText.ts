// One page of result rows as JSON items or CSV records: the text `irp` prints, made the same way on the CLI's own
// thread and on the thread that formats large results (rowsFormatWorker.ts).
import type { CellValue, Column, Row } from '../core/engine/types';
import { rowOfRawEvent } from '../core/aws/cloudtrailRows';
import { csvRecord } from '../core/run/csv';

/** A page to format: JSON items are printed two levels deep, as `{"rows": [...]}` or LookupEvents' `{"Events": [...]}`. */
export interface PageJob {
  format: 'json' | 'csv';
  columns: Column[];
  rows: Row[];
  /** The rows are CloudTrail lookup results: Resources goes back to LookupEvents' list of objects. */
  lookup: boolean;
  /** Each row is one CloudTrail event's text, flattened here into `columns` (CLOUDTRAIL_COLUMNS) before it is printed. */
  rawEvents?: boolean;
}

/** Rows of one CloudTrail event's text each (the local engine's raw lookup events) as their flattened lookup rows. */
export function flattenRawEvents(rows: Row[]): Row[] {
  return rows.map(r => rowOfRawEvent(String(r[0])));
}

export function cellText(v: CellValue): string {
  return v === null ? '' : String(v);
}

/** `value` as JSON.stringify(…, null, 2) prints it nested `depth` levels deep. */
export function nestedJson(value: unknown, depth: number): string {
  return JSON.stringify(value, null, 2).replace(/\n/g, `\n${'  '.repeat(depth)}`);
}

/** `type:name; type:name` (how lookup rows carry resources) back to LookupEvents' list of objects. */
function lookupResources(v: CellValue): { ResourceType: string; ResourceName: string }[] {
  return cellText(v)
    .split('; ')
    .filter(Boolean)
    .map(pair => {
      const colon = pair.indexOf(':');
      return { ResourceType: pair.slice(0, colon), ResourceName: pair.slice(colon + 1) };
    });
}

/**
 * A row as the object JSON.stringify(…, null, 2) prints two levels deep, keyed by column name, written field by
 * field: for columns an object cannot hold in order (printsInOrder).
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
 * A row as an object keyed by column name. A plain object: one without a prototype is a dictionary to V8, four times
 * slower to build (a column called __proto__ goes field by field instead).
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
 * The page's rows as CSV records, or as JSON items each on its own lines (separated by commas, none before the
 * first). One JSON.stringify for the page when the column names allow it: for a lookup of 50,000 events that took
 * half the time of a call per cell.
 */
export function pageText({ format, columns, rows: given, lookup, rawEvents }: PageJob): string {
  const rows = rawEvents ? flattenRawEvents(given) : given;
  if (format === 'csv') return rows.map(r => csvRecord(r)).join('');
  if (!printsInOrder(columns)) return rows.map(r => `\n    ${rowJson(columns, r, lookup)}`).join(',');
  const page = JSON.stringify({ r: rows.map(r => rowObject(columns, r, lookup)) }, null, 2);
  return page.slice(PAGE_HEAD.length, -PAGE_TAIL.length);
}
