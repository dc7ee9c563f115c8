// The state the incident report holds. The report file is the source of truth: this model is only what
// the parser reads out of it and what the renderer writes back.
import type { EngineId } from '../playbook/model';
import type { RunMetadata } from '../engine/types';
import type { Finding } from '../findings/model';

export type StepStatus = 'not-started' | 'in-progress' | 'done' | 'skipped';
export type IncidentMode = 'live' | 'exercise';
export type IncidentStatus = 'open' | 'contained' | 'eradicated' | 'recovered' | 'closed';
export type IncidentSeverity = 'low' | 'medium' | 'high' | 'critical';

/** A change of the incident's status, kept so the timeline can show when it happened. */
export interface StatusChange {
  status: IncidentStatus;
  at: string;
}

/** The incident facts a reader looks for first. All optional: a report is started before they are known. */
export interface IncidentFacts {
  status?: IncidentStatus;
  statusHistory?: StatusChange[];
  severity?: IncidentSeverity;
  detectedAt?: string;
  containedAt?: string;
  resolvedAt?: string;
  lead?: string;
  responders?: string[];
  accounts?: string[];
  regions?: string[];
}

export interface ReportHeader {
  /** Short random id, also in the file name. */
  incidentId: string;
  title: string;
  playbookId: string;
  playbookVersion: string;
  /** Workspace-relative path of the playbook the report follows. */
  playbookPath: string;
  createdAt: string;
  mode: IncidentMode;
  /** Engine selected for query steps ("local" for tabletop exercises). */
  defaultEngine?: EngineId;
  /** Local data sources (files or folders, relative to the report) remembered for this incident. */
  dataSources: string[];
  /** Parameter values shared by all steps (access key, time window...). */
  parameters: Record<string, string>;
  /** Incident facts (status, severity, times, people); absent in reports written before they existed. */
  facts?: IncidentFacts;
}

export interface EvidenceFile {
  /** Path relative to the report file. */
  path: string;
  sha256: string;
  format: 'csv' | 'jsonl';
  bytes: number;
}

/** The run's evidence manifest (written once beside the evidence, see run/manifest.ts) and its SHA-256. */
export interface ManifestRef {
  /** Path relative to the report file. */
  path: string;
  sha256: string;
}

/** A run as the report keeps it: what the engine said about it (RunMetadata), its evidence files and first rows. */
export interface RunRecord extends RunMetadata {
  runId: string;
  evidence: EvidenceFile[];
  /** Absent for a run without evidence files, and in reports written before manifests existed. */
  manifest?: ManifestRef;
  /** The query with its parameter values written in (see run/resolvedQuery.ts); absent in older reports. */
  resolvedQuery?: string;
  /** First rows for the report's summary table (capped by a setting). */
  summary: { columns: string[]; rows: string[][]; truncated: boolean };
}

export interface StepState {
  status: StepStatus;
  startedAt?: string;
  completedAt?: string;
  checklist: Record<string, boolean>;
  answers: Record<string, string>;
  notes: string;
  runs: RunRecord[];
}

export interface ReportState {
  header: ReportHeader;
  steps: Record<string, StepState>;
  /** Absent in reports written before findings existed; treat as empty. */
  findings?: Finding[];
}

export function emptyStepState(): StepState {
  return { status: 'not-started', checklist: {}, answers: {}, notes: '', runs: [] };
}

/** Work on a step that was not started (an answer, a tick, a run) starts it. */
export function withWorkStarted(step: StepState, now: Date): StepState {
  return step.status === 'not-started'
    ? { ...step, status: 'in-progress', startedAt: step.startedAt ?? now.toISOString() }
    : step;
}
