// What the result charts plot, computed from the rows: bytes over time and top talkers for VPC flow logs, events over
// time for CloudTrail. A chart is offered only when the columns it needs are in the result.
import { normalisedColumnName } from './columnOrder';
import { epochSecondsToMs, parseTime, valueKind } from './valueFormat';

export interface ChartColumn {
  name: string;
  type: string;
}

export type ChartPlan =
  | { kind: 'bytesOverTime'; time: number; bytes: number }
  | { kind: 'topTalkers'; source: number; bytes: number }
  | { kind: 'eventsOverTime'; time: number };

/** Time buckets a series is drawn with, as (bucket start in seconds, value) pairs in time order. */
export interface TimeSeries {
  /** Bucket starts, seconds since the epoch (uPlot's unit). */
  x: number[];
  y: number[];
  bucketSeconds: number;
}

export interface Talker {
  address: string;
  bytes: number;
}

const TARGET_BUCKETS = 60;
/** Bucket widths a reader recognises, in seconds. */
const NICE_STEPS = [1, 5, 10, 30, 60, 300, 600, 900, 1800, 3600, 3 * 3600, 6 * 3600, 12 * 3600, 86400, 7 * 86400];

function columnIndex(columns: readonly ChartColumn[], ...names: string[]): number {
  return columns.findIndex(c => names.includes(normalisedColumnName(c.name)));
}

/** The charts a result with these columns can have, in the order they are shown. */
export function chartPlans(columns: readonly ChartColumn[]): ChartPlan[] {
  const plans: ChartPlan[] = [];
  const bytes = columns.findIndex(c => valueKind(c.name, c.type) === 'bytes');
  const flowTime = columnIndex(columns, 'start', 'windowstart', 'time', 'minute');
  const source = columnIndex(columns, 'srcaddr', 'sourceip', 'pktsrcaddr');
  if (bytes !== -1 && flowTime !== -1) plans.push({ kind: 'bytesOverTime', time: flowTime, bytes });
  if (bytes !== -1 && source !== -1) plans.push({ kind: 'topTalkers', source, bytes });
  const eventTime = columnIndex(columns, 'eventtime');
  if (eventTime !== -1 && columnIndex(columns, 'eventname') !== -1)
    plans.push({ kind: 'eventsOverTime', time: eventTime });
  return plans;
}

/** Milliseconds from a time cell: an ISO or Athena timestamp text, or epoch seconds (flow logs). */
export function cellTime(value: unknown): number | undefined {
  return parseTime(value) ?? epochSecondsToMs(value);
}

function toNumber(value: unknown): number {
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
  return Number.isFinite(n) ? n : 0;
}

/**
 * Sums `valueOf(row)` per time bucket (a count when it returns 1). Rows whose time does not parse are left out.
 * Buckets with nothing in them are present with 0, so a gap in activity shows as a gap.
 */
export function timeSeries(
  rows: readonly (readonly unknown[])[],
  timeIndex: number,
  valueOf: (row: readonly unknown[]) => number,
): TimeSeries {
  let min = Infinity;
  let max = -Infinity;
  const times = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const ms = cellTime(rows[i][timeIndex]);
    times[i] = ms === undefined ? NaN : ms / 1000;
    if (ms === undefined) continue;
    if (times[i] < min) min = times[i];
    if (times[i] > max) max = times[i];
  }
  if (min === Infinity) return { x: [], y: [], bucketSeconds: 0 };
  const span = Math.max(1, max - min);
  const bucketSeconds = NICE_STEPS.find(s => span / s <= TARGET_BUCKETS) ?? Math.ceil(span / TARGET_BUCKETS);
  const first = Math.floor(min / bucketSeconds) * bucketSeconds;
  const count = Math.floor((max - first) / bucketSeconds) + 1;
  const y = new Array<number>(count).fill(0);
  for (let i = 0; i < rows.length; i++) {
    if (Number.isNaN(times[i])) continue;
    y[Math.floor((times[i] - first) / bucketSeconds)] += valueOf(rows[i]);
  }
  // One bucket alone would leave the chart's time axis without a span (it would spread over years): an empty bucket
  // either side gives it one.
  if (count === 1) return { x: [first - bucketSeconds, first, first + bucketSeconds], y: [0, y[0], 0], bucketSeconds };
  return { x: y.map((_, i) => first + i * bucketSeconds), y, bucketSeconds };
}

export function bytesOverTime(rows: readonly (readonly unknown[])[], time: number, bytes: number): TimeSeries {
  return timeSeries(rows, time, row => toNumber(row[bytes]));
}

export function eventsOverTime(rows: readonly (readonly unknown[])[], time: number): TimeSeries {
  return timeSeries(rows, time, () => 1);
}

/** The `limit` source addresses that sent the most bytes, most first (ties by address, so the order is stable). */
export function topTalkers(rows: readonly (readonly unknown[])[], source: number, bytes: number, limit = 10): Talker[] {
  const totals = new Map<string, number>();
  for (const row of rows) {
    const address = row[source];
    if (typeof address !== 'string' || !address) continue;
    totals.set(address, (totals.get(address) ?? 0) + toNumber(row[bytes]));
  }
  return [...totals]
    .map(([address, total]) => ({ address, bytes: total }))
    .sort((a, b) => b.bytes - a.bytes || (a.address < b.address ? -1 : 1))
    .slice(0, limit);
}
