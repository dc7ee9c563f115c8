// How a result value reads in the grid: bytes with units, counts with thousands separators, every time in one format
// with its zone (UTC unless the user chose local time). The raw value is never lost: the grid shows it on hover and
// copies it, so a formatted cell is only ever a reading aid.
import { normalisedColumnName } from './columnOrder';

export type TimeZoneSetting = 'utc' | 'local';

/** How a column's values are read. */
export type ValueKind = 'bytes' | 'time' | 'epochSeconds' | 'count' | 'plain';

export interface ShownValue {
  text: string;
  /** The raw value, when the text differs from it (shown on hover). */
  raw?: string;
}

const BYTE_NAMES = new Set(['bytes', 'totalbytes', 'sumbytes', 'bytesscanned', 'datascannedinbytes', 'sizebytes']);
const EPOCH_NAMES = new Set(['start', 'end', 'windowstart', 'windowend', 'firstseen', 'lastseen']);
const TIME_NAMES = new Set(['eventtime', 'time', 'timestamp', 'createdat', 'updatedat', 'capturetime', 'minute']);
/** Numbers that are identifiers, not quantities: "port 3,389" would be wrong. */
const NOT_A_QUANTITY = /port|protocol|id$|account|version|year|number|code|status|tcpflags|interface/;
const NUMERIC_TYPE = /int|double|float|decimal|real|numeric|number/i;

/** The kind of a column, from its name and the engine's type name. */
export function valueKind(name: string, type: string): ValueKind {
  const key = normalisedColumnName(name);
  const numeric = NUMERIC_TYPE.test(type);
  if (BYTE_NAMES.has(key) || (numeric && key.endsWith('bytes'))) return 'bytes';
  if (EPOCH_NAMES.has(key) && numeric) return 'epochSeconds';
  if (/timestamp|^date$/i.test(type) || TIME_NAMES.has(key)) return 'time';
  if (numeric && !NOT_A_QUANTITY.test(key)) return 'count';
  return 'plain';
}

const grouping = new Intl.NumberFormat('en-US', { maximumFractionDigits: 20 });

/** 11888395916 → "11,888,395,916". */
export function groupThousands(n: number): string {
  return grouping.format(n);
}

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];

/** 11888395916 → "11.1 GiB" (binary units, three significant digits or more). */
export function formatBytes(n: number): string {
  let value = Math.abs(n);
  let unit = 0;
  while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = unit === 0 ? 0 : value < 10 ? 2 : value < 100 ? 1 : 0;
  return `${n < 0 ? '-' : ''}${value.toFixed(digits)} ${BYTE_UNITS[unit]}`;
}

/** Milliseconds since the epoch from an ISO or Athena timestamp text, or undefined. A zone-less text is UTC. */
export function parseTime(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)\s*(Z|UTC|[+-]\d{2}:?\d{2})?$/i.exec(
    value.trim(),
  );
  if (!m) return undefined;
  const zone = !m[3] || /^(z|utc)$/i.test(m[3]) ? 'Z' : m[3];
  const ms = Date.parse(`${m[1]}T${m[2]}${zone}`);
  return Number.isNaN(ms) ? undefined : ms;
}

/** Milliseconds since the epoch from a number of seconds (flow logs' start and end), or undefined. */
export function epochSecondsToMs(value: unknown): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : NaN;
  return Number.isFinite(n) ? n * 1000 : undefined;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

function offsetText(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `UTC${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/**
 * One format for every time the grid shows: `2026-11-28 14:03:07 UTC`, or in local time with its offset
 * (`2026-11-28 15:03:07 UTC+01:00`). `offsetOf` gives the local offset in minutes east of UTC at an instant.
 */
export function formatTime(
  ms: number,
  zone: TimeZoneSetting,
  offsetOf: (ms: number) => number = at => -new Date(at).getTimezoneOffset(),
): string {
  const offset = zone === 'local' ? offsetOf(ms) : 0;
  const d = new Date(ms + offset * 60_000);
  const millis = d.getUTCMilliseconds();
  const clock = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  const date = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  return `${date} ${clock}${millis ? `.${pad(millis, 3)}` : ''} ${zone === 'local' ? offsetText(offset) : 'UTC'}`;
}

function asNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim())) return Number(value);
  return undefined;
}

/** The text a cell shows for a value of this kind; a value that does not parse is shown as it is. */
export function showValue(value: unknown, kind: ValueKind, zone: TimeZoneSetting): ShownValue {
  const raw = value === null || value === undefined ? '' : String(value);
  let text: string | undefined;
  if (kind === 'bytes' || kind === 'count') {
    const n = asNumber(value);
    if (n !== undefined) text = kind === 'bytes' ? formatBytes(n) : groupThousands(n);
  } else if (kind === 'time' || kind === 'epochSeconds') {
    const ms = kind === 'time' ? parseTime(value) : epochSecondsToMs(value);
    if (ms !== undefined) text = formatTime(ms, zone);
  }
  return text === undefined || text === raw ? { text: raw } : { text, raw };
}
