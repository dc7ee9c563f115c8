// A new incident report: file name, first text and state for a playbook.
import { randomBytes } from 'node:crypto';
import type { EngineId, Playbook } from '../playbook/model';
import type { IncidentFacts, IncidentMode, ReportState } from './model';
import { renderReport } from './render';

/** Workspace folder the reports live in; `createReport` returns the file name inside it. */
export const INCIDENTS_FOLDER = 'incidents';

export interface CreateReportOptions {
  mode: IncidentMode;
  /** Workspace-relative path of the playbook file. */
  playbookPath: string;
  now: Date;
  /** Defaults to 6 random hex digits. */
  incidentId?: string;
  defaultEngine?: EngineId;
  dataSources?: string[];
  parameters?: Record<string, string>;
  /** The incident's own title; the playbook's title when absent. */
  title?: string;
  /** What is known when the incident is opened (severity, detection time, lead...); the status starts "open". */
  facts?: Omit<IncidentFacts, 'status' | 'statusHistory'>;
}

/** Keeps a name part to letters, digits, '.', '_' and '-', so it is safe in a file name on every platform. */
export function fileNamePart(text: string): string {
  return (
    text
      .replace(/[^A-Za-z0-9._-]+/g, '_')
      .replace(/^[.]+/, '_')
      .slice(0, 80) || '_'
  );
}

export function createReport(
  playbook: Playbook,
  opts: CreateReportOptions,
): { fileName: string; text: string; state: ReportState } {
  const incidentId = opts.incidentId ?? randomBytes(3).toString('hex');
  const state: ReportState = {
    header: {
      incidentId,
      title: opts.title ?? playbook.title,
      playbookId: playbook.id,
      playbookVersion: playbook.version,
      playbookPath: opts.playbookPath,
      createdAt: opts.now.toISOString(),
      mode: opts.mode,
      ...(opts.defaultEngine !== undefined ? { defaultEngine: opts.defaultEngine } : {}),
      dataSources: [...(opts.dataSources ?? [])],
      parameters: { ...(opts.parameters ?? {}) },
      facts: { ...opts.facts, status: 'open', statusHistory: [{ status: 'open', at: opts.now.toISOString() }] },
    },
    // No step is touched yet: each takes one line in the step record until it is.
    steps: {},
  };
  const day = opts.now.toISOString().slice(0, 10);
  return {
    fileName: `${day}-${fileNamePart(playbook.id)}-${fileNamePart(incidentId)}.md`,
    text: renderReport(playbook, state),
    state,
  };
}
