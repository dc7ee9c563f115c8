// Athena returns every cell as text (VarCharValue) with the real type in ResultSetMetadata; a missing VarCharValue
// is SQL NULL. Numbers and booleans become JS values when that loses nothing; everything else stays text.
import type { ColumnInfo, Row as AthenaRow } from '@aws-sdk/client-athena';
import type { CellValue, Column, Row } from '../engine/types';

const INTEGER_TYPES = new Set(['tinyint', 'smallint', 'integer', 'int', 'bigint']);
const FLOAT_TYPES = new Set(['double', 'real', 'float']);

export function columnsOf(info: ColumnInfo[] | undefined): Column[] {
  return (info ?? []).map((c, i) => ({ name: c.Name ?? c.Label ?? `column${i + 1}`, type: (c.Type ?? 'varchar').toLowerCase() }));
}

function cell(text: string | undefined, type: string): CellValue {
  if (text === undefined) return null;
  if (INTEGER_TYPES.has(type)) {
    const n = Number(text);
    // A bigint beyond 2^53 would silently change as a JS number: keep its text.
    return /^-?\d+$/.test(text) && Number.isSafeInteger(n) ? n : text;
  }
  if (FLOAT_TYPES.has(type)) {
    const n = Number(text);
    return text.trim() !== '' && !isNaN(n) ? n : text;
  }
  if (type === 'boolean') return text === 'true' ? true : text === 'false' ? false : text;
  return text;
}

export function rowsOf(rows: AthenaRow[], columns: Column[]): Row[] {
  return rows.map(r => columns.map((c, i) => cell(r.Data?.[i]?.VarCharValue, c.type)));
}

/** For a SELECT, Athena repeats the column names as the first row of the first page. */
export function isHeaderRow(row: AthenaRow | undefined, columns: Column[]): boolean {
  const data = row?.Data ?? [];
  return data.length === columns.length && columns.length > 0 && data.every((d, i) => d.VarCharValue === columns[i].name);
}
