// Athena returns every cell as text (VarCharValue) with the real type in ResultSetMetadata; a missing VarCharValue
// is SQL NULL. Numbers and booleans become JS values when that loses nothing; everything else stays text.
import type { ColumnInfo, Row as AthenaRow } from '@aws-sdk/client-athena';
import type { CellValue, Column, Row } from '../engine/types';

const INTEGER_TYPES = new Set(['tinyint', 'smallint', 'integer', 'int', 'bigint']);
const FLOAT_TYPES = new Set(['double', 'real', 'float']);

export function columnsOf(info: ColumnInfo[] | undefined): Column[] {
  return (info ?? []).map((c, i) => ({
    name: c.Name ?? c.Label ?? `column${i + 1}`,
    type: (c.Type ?? 'varchar').toLowerCase(),
  }));
}

type Convert = (text: string) => CellValue;

function asInteger(text: string): CellValue {
  const n = Number(text);
  // A bigint beyond 2^53 would silently change as a JS number: keep its text.
  return /^-?\d+$/.test(text) && Number.isSafeInteger(n) ? n : text;
}

function asFloat(text: string): CellValue {
  const n = Number(text);
  return text.trim() !== '' && !isNaN(n) ? n : text;
}

function asBoolean(text: string): CellValue {
  return text === 'true' ? true : text === 'false' ? false : text;
}

const asText: Convert = text => text;

/** One converter per column, chosen once per page rather than per cell. */
function converterFor(type: string): Convert {
  if (INTEGER_TYPES.has(type)) return asInteger;
  if (FLOAT_TYPES.has(type)) return asFloat;
  return type === 'boolean' ? asBoolean : asText;
}

export function rowsOf(rows: AthenaRow[], columns: Column[]): Row[] {
  const convert = columns.map(c => converterFor(c.type));
  return rows.map(r => {
    const data = r.Data ?? [];
    return convert.map((f, i) => {
      const text = data[i]?.VarCharValue;
      return text === undefined ? null : f(text);
    });
  });
}

/** For a SELECT, Athena repeats the column names as the first row of the first page. */
export function isHeaderRow(row: AthenaRow | undefined, columns: Column[]): boolean {
  const data = row?.Data ?? [];
  return (
    data.length === columns.length && columns.length > 0 && data.every((d, i) => d.VarCharValue === columns[i].name)
  );
}
