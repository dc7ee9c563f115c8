// What a responder concluded from the evidence. A finding is written by hand or pinned from a result row; the
// report keeps it in its Findings section and the timeline and indicators table are derived from findings, step
// status changes, query runs and actions (see timeline.ts). This file is only the shape every part agrees on.

export type FindingKind = 'attacker-action' | 'indicator' | 'response-action' | 'observation';

export const FINDING_KINDS: readonly FindingKind[] = ['attacker-action', 'indicator', 'response-action', 'observation'];

/** Indicator types, in the order the indicators table and a finding's indicators list them. */
export const INDICATOR_TYPES = [
  'ip',
  'access-key',
  'principal',
  'account',
  'instance',
  'security-group',
  'resource',
  'domain',
  'email',
] as const;

export type IndicatorType = (typeof INDICATOR_TYPES)[number];

export interface Indicator {
  type: IndicatorType;
  value: string;
}

/** Where a pinned finding came from: the evidence file (relative to the report), the row or event, its hash. */
export interface FindingEvidence {
  path: string;
  /** Row number (1-based, data rows) or the event id, when the finding names one row. */
  row?: string;
  sha256: string;
}

export interface Finding {
  /** Stable within the report (f1, f2...), used by links and by the indicators table. */
  id: string;
  /** When it happened (ISO 8601, UTC); absent when unknown. */
  eventTime?: string;
  /** When it was recorded (ISO 8601, UTC). */
  recordedAt: string;
  kind: FindingKind;
  summary: string;
  indicators: Indicator[];
  evidence?: FindingEvidence;
  /** The step it was recorded from, when there is one. */
  stepId?: string;
}
