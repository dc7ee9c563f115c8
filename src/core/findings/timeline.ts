// The incident's timeline, derived from the report's state: what happened (findings, at their event time) and what
// the responders did or found out (findings recorded without an event time, step status changes, query runs,
// containment actions, incident status changes), sorted by time. Also the indicators table: each indicator with the
// first and last time a finding naming it happened, and those findings.
import type { ReportState, RunRecord } from '../report/model';
import { INDICATOR_TYPES, type Finding, type Indicator, type IndicatorType } from './model';

/** "incident": what happened (attacker or system activity); "response": what the responders did or learned. */
export type TimelineSide = 'incident' | 'response';

export type TimelineSource =
  | { type: 'finding'; id: string }
  | { type: 'step'; id: string }
  | { type: 'run'; id: string; stepId: string }
  | { type: 'action'; id: string; stepId: string }
  | { type: 'status' };

export interface TimelineEntry {
  /** ISO 8601 as the report holds it. */
  time: string;
  side: TimelineSide;
  /** Plain text (log data included): every renderer escapes it. */
  what: string;
  source: TimelineSource;
}

export interface IndicatorRow extends Indicator {
  firstSeen?: string;
  lastSeen?: string;
  /** Ids of the findings that name the indicator, in report order. */
  findings: string[];
}

export interface Timeline {
  entries: TimelineEntry[];
  indicators: IndicatorRow[];
}

const KIND_WORDS: Record<Finding['kind'], string> = {
  'attacker-action': 'Attacker action',
  indicator: 'Indicator',
  'response-action': 'Response action',
  observation: 'Observation',
};

function findingEntry(f: Finding): TimelineEntry {
  const known = f.eventTime !== undefined && f.eventTime !== '';
  return {
    time: known ? (f.eventTime as string) : f.recordedAt,
    // A response action is something we did; a finding with no event time is only known by when it was recorded.
    side: known && f.kind !== 'response-action' ? 'incident' : 'response',
    what: `${KIND_WORDS[f.kind]} (${f.id}): ${f.summary}${known ? '' : ' (recorded; time it happened unknown)'}`,
    source: { type: 'finding', id: f.id },
  };
}

function runEntry(stepId: string, run: RunRecord): TimelineEntry {
  if (run.engine === 'action') {
    const call = run.context.call ?? run.queryId;
    const where = [run.context.resource, run.context.account, run.context.region].filter(Boolean).join(', ');
    const outcome =
      run.context.confirmed === 'no'
        ? 'not confirmed, nothing sent'
        : run.error
          ? `failed: ${run.error.message}`
          : 'done';
    return {
      time: run.endedAt ?? run.startedAt,
      side: 'response',
      what: `Action ${call}${where ? ` on ${where}` : ''}: ${outcome}`,
      source: { type: 'action', id: run.runId, stepId },
    };
  }
  const outcome = run.error
    ? `failed: ${run.error.message}`
    : `${run.rowCount} row(s)${run.partial ? ', partial' : ''}`;
  return {
    time: run.startedAt,
    side: 'response',
    what: `Query ${run.queryId} on ${run.engine} in step ${stepId}: ${outcome}`,
    source: { type: 'run', id: run.runId, stepId },
  };
}

function stepEntries(state: ReportState): TimelineEntry[] {
  return Object.entries(state.steps).flatMap(([id, step]) => {
    const entries: TimelineEntry[] = [];
    const source = { type: 'step', id } as const;
    if (step.startedAt) entries.push({ time: step.startedAt, side: 'response', what: `Step ${id} started`, source });
    if (step.completedAt)
      entries.push({
        time: step.completedAt,
        side: 'response',
        what: `Step ${id} ${step.status === 'skipped' ? 'skipped' : 'done'}`,
        source,
      });
    return [...entries, ...step.runs.map(run => runEntry(id, run))];
  });
}

/** Milliseconds for sorting; a time that does not parse sorts last. */
function sortKey(time: string): number {
  const ms = Date.parse(time);
  return Number.isNaN(ms) ? Number.POSITIVE_INFINITY : ms;
}

function indicatorRows(findings: Finding[]): IndicatorRow[] {
  const rows = new Map<string, IndicatorRow>();
  for (const f of findings) {
    const time = f.eventTime || f.recordedAt || undefined;
    for (const i of f.indicators) {
      const key = `${i.type}\u0000${i.value}`;
      const row = rows.get(key) ?? { type: i.type, value: i.value, findings: [] };
      rows.set(key, row);
      if (!row.findings.includes(f.id)) row.findings.push(f.id);
      if (time !== undefined && !Number.isNaN(Date.parse(time))) {
        if (row.firstSeen === undefined || Date.parse(time) < Date.parse(row.firstSeen)) row.firstSeen = time;
        if (row.lastSeen === undefined || Date.parse(time) > Date.parse(row.lastSeen)) row.lastSeen = time;
      }
    }
  }
  const typeRank = (t: IndicatorType) => INDICATOR_TYPES.indexOf(t);
  return [...rows.values()].sort(
    (a, b) =>
      typeRank(a.type) - typeRank(b.type) ||
      sortKey(a.firstSeen ?? '') - sortKey(b.firstSeen ?? '') ||
      a.value.localeCompare(b.value),
  );
}

export function buildTimeline(state: ReportState): Timeline {
  const findings = state.findings ?? [];
  const statusChanges: TimelineEntry[] = (state.header.facts?.statusHistory ?? []).map(change => ({
    time: change.at,
    side: 'response',
    what: `Incident status: ${change.status}`,
    source: { type: 'status' },
  }));
  const entries = [...findings.map(findingEntry), ...stepEntries(state), ...statusChanges]
    .map((entry, order) => ({ entry, order }))
    // Same instant: what happened before what we did about it, then the order they were gathered in.
    .sort(
      (a, b) =>
        sortKey(a.entry.time) - sortKey(b.entry.time) ||
        (a.entry.side === b.entry.side ? 0 : a.entry.side === 'incident' ? -1 : 1) ||
        a.order - b.order,
    )
    .map(x => x.entry);
  return { entries, indicators: indicatorRows(findings) };
}
