// DuckDB values (as the node-api JSON converter delivers them) → the plain cells every engine returns:
// big integers as numbers when exact (else strings), timestamps as ISO 8601 strings, nested values as JSON text.
import type { CellValue } from '../engine/types';

/** DuckDB type ids (see @duckdb/node-api DuckDBTypeId), named here so this module stays free of the native package. */
const T = {
  BIGINT: 5,
  UBIGINT: 9,
  HUGEINT: 16,
  UHUGEINT: 32,
  DECIMAL: 19,
  TIMESTAMP: 12,
  TIMESTAMP_S: 20,
  TIMESTAMP_MS: 21,
  TIMESTAMP_NS: 22,
  TIMESTAMP_TZ: 31,
} as const;
const BIG = new Set<number>([T.BIGINT, T.UBIGINT, T.HUGEINT, T.UHUGEINT]);
const TIMESTAMPS = new Set<number>([T.TIMESTAMP, T.TIMESTAMP_S, T.TIMESTAMP_MS, T.TIMESTAMP_NS, T.TIMESTAMP_TZ]);

/** '2026-11-20 14:05:00.123456+00' → '2026-11-20T14:05:00.123Z' (second precision kept when there is no fraction). */
export function isoTimestamp(text: string): string {
  const m = /^(-?\d{4,}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(\.\d+)?(?:([+-]\d{2})(?::?(\d{2}))?)?$/.exec(text);
  if (!m) return text;
  const [, date, time, fraction, tzHour, tzMinute] = m;
  const frac = fraction ? `.${fraction.slice(1, 4).padEnd(3, '0')}` : '';
  if (!tzHour || (Number(tzHour) === 0 && Number(tzMinute ?? 0) === 0)) return `${date}T${time}${frac}Z`;
  const d = new Date(`${date}T${time}${frac}${tzHour}:${tzMinute ?? '00'}`);
  return isNaN(d.getTime()) ? text : d.toISOString();
}

export function normalizeCell(value: unknown, typeId: number): CellValue {
  if (value === null || value === undefined) return null;
  if (BIG.has(typeId) || typeId === T.DECIMAL) {
    const n = Number(value);
    return typeId === T.DECIMAL || Number.isSafeInteger(n) ? n : String(value);
  }
  if (TIMESTAMPS.has(typeId)) return isoTimestamp(String(value));
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return JSON.stringify(value);
}
