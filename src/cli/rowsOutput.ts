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
  const widths = shown.map((_, j) => Math.max(...cells.map(line => line[j].length)));
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

function formatCsv(columns: Column[], rows: Row[]): string {
  return csvRecord(columns.map(c => c.name)) + rows.map(r => csvRecord(r)).join('');
}

function formatJson(columns: Column[], rows: Row[], metadata: RunMetadata): string {
  const objects = rows.map(r => Object.fromEntries(columns.map((c, i) => [c.name, r[i]])));
  return JSON.stringify({ columns, rows: objects, metadata }, null, 2) + '\n';
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
 * CloudTrail lookups in the shape LookupEvents answers (`{"Events": [...]}`), so scripts written for
 * `aws cloudtrail lookup-events` read our output too; the flattened extras stay beside the LookupEvents fields.
 */
function formatLookupJson(columns: Column[], rows: Row[], metadata: RunMetadata): string {
  const events = rows.map(r =>
    Object.fromEntries(columns.map((c, i) => [c.name, c.name === 'Resources' ? lookupResources(r[i]) : r[i]])),
  );
  return JSON.stringify({ Events: events, metadata }, null, 2) + '\n';
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
  if (format === 'json')
    return options.lookup ? formatLookupJson(columns, rows, metadata) : formatJson(columns, rows, metadata);
  if (format === 'csv') return formatCsv(columns, rows);
  return formatTable(columns, rows, options.hiddenInTable);
}

/** How every lookup command prints its rows. */
export const LOOKUP_OUTPUT: RowsOutputOptions = {
  hiddenInTable: new Set(['CloudTrailEvent', 'RequestParameters']),
  lookup: true,
};
