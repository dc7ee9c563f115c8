// CSV per RFC 4180 (comma, CRLF, fields with a quote, comma or line break in double quotes, quotes doubled),
// with spreadsheet formula injection neutralised: log data that starts with = + - @ tab or CR gets a leading
// apostrophe so a spreadsheet shows it as text instead of evaluating it.
import type { CellValue } from '../engine/types';

const FORMULA_START = /^[=+\-@\t\r]/;
/** Quotes, commas, line breaks, and blanks at either end (tools that trim unquoted fields would lose them). */
const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;

export function csvField(value: CellValue | undefined): string {
  if (value === null || value === undefined) return '';
  // Numbers and booleans come from typed columns, not from attacker text: "-5" stays a number.
  if (typeof value !== 'string') return String(value);
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRecord(cells: readonly (CellValue | undefined)[]): string {
  return cells.map(csvField).join(',') + '\r\n';
}

/** A text field read back from our CSV: the apostrophe csvField put before a formula character is taken off again. */
export function csvText(field: string): string {
  return field.startsWith("'") && FORMULA_START.test(field.slice(1)) ? field.slice(1) : field;
}
