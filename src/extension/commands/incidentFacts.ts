// What Start incident asks before it writes the report (title, severity, detection time, lead; each can be left
// empty, and Escape cancels the start), and the command that changes the incident's status.
import * as vscode from 'vscode';
import { ui } from '../window/windowPrompts';
import { INCIDENT_SEVERITIES, INCIDENT_STATUSES } from '../../core/report/factsFormat';
import type { IncidentFacts, IncidentSeverity, IncidentStatus } from '../../core/report/model';
import type { Features } from '../features';
import { requireReport } from './requireReport';

export interface StartAnswers {
  title?: string;
  facts: Omit<IncidentFacts, 'status' | 'statusHistory'>;
}

function severityLabel(severity: IncidentSeverity): string {
  const labels: Record<IncidentSeverity, string> = {
    low: vscode.l10n.t('Low'),
    medium: vscode.l10n.t('Medium'),
    high: vscode.l10n.t('High'),
    critical: vscode.l10n.t('Critical'),
  };
  return labels[severity];
}

export function statusLabel(status: IncidentStatus): string {
  const labels: Record<IncidentStatus, string> = {
    open: vscode.l10n.t('Ongoing'),
    contained: vscode.l10n.t('Contained'),
    eradicated: vscode.l10n.t('Eradicated'),
    recovered: vscode.l10n.t('Recovered'),
    closed: vscode.l10n.t('Closed'),
  };
  return labels[status];
}

/** An ISO 8601 time, or empty (skipped); anything else is refused in the box, saying what is wanted. */
function checkTime(value: string): string | undefined {
  return value.trim() === '' || !Number.isNaN(Date.parse(value.trim()))
    ? undefined
    : vscode.l10n.t('Write a time such as 2026-11-20T09:20:00Z, or leave it empty.');
}

/** Answers given by a caller (a task, a test) instead of asked: an object with `facts`. */
export function isStartAnswers(value: unknown): value is StartAnswers {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && 'facts' in value;
}

/**
 * Asks for the incident's title, severity, detection time and lead. An empty answer skips a question (Enter through
 * all four starts at once, severity "not known yet" being first); Escape cancels the start: nothing is written.
 */
export async function askStartAnswers(playbookTitle: string): Promise<StartAnswers | undefined> {
  const step = (n: number) => vscode.l10n.t('Start incident ({0}/4)', n);
  const title = await ui.showInputBox({
    title: step(1),
    prompt: vscode.l10n.t('Incident title (leave empty for the playbook title)'),
    placeHolder: playbookTitle,
    ignoreFocusOut: true,
  });
  if (title === undefined) return undefined;
  const severity = await ui.showQuickPick(
    [
      { label: vscode.l10n.t('Not known yet'), severity: undefined as IncidentSeverity | undefined },
      ...INCIDENT_SEVERITIES.map(s => ({ label: severityLabel(s), severity: s as IncidentSeverity | undefined })),
    ],
    { title: step(2), placeHolder: vscode.l10n.t('Severity'), ignoreFocusOut: true },
  );
  if (severity === undefined) return undefined;
  const detected = await ui.showInputBox({
    title: step(3),
    prompt: vscode.l10n.t('When was it detected? (UTC, ISO 8601; leave empty to skip)'),
    placeHolder: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
    validateInput: checkTime,
    ignoreFocusOut: true,
  });
  if (detected === undefined) return undefined;
  const lead = await ui.showInputBox({
    title: step(4),
    prompt: vscode.l10n.t('Incident lead (leave empty to skip)'),
    ignoreFocusOut: true,
  });
  if (lead === undefined) return undefined;
  const facts: StartAnswers['facts'] = {};
  if (severity.severity) facts.severity = severity.severity;
  if (detected.trim()) facts.detectedAt = new Date(Date.parse(detected.trim())).toISOString();
  if (lead.trim()) facts.lead = lead.trim();
  return { ...(title.trim() ? { title: title.trim() } : {}), facts };
}

export function setIncidentStatus(features: Features) {
  return async (): Promise<void> => {
    const session = requireReport(features);
    if (!session) return;
    const current = session.state?.header.facts?.status;
    const picked = await ui.showQuickPick(
      INCIDENT_STATUSES.map(s => ({
        label: statusLabel(s),
        description: s === current ? vscode.l10n.t('current') : undefined,
        status: s,
      })),
      { title: vscode.l10n.t('Incident status') },
    );
    if (!picked || picked.status === current) return;
    await session.setIncidentStatus(picked.status);
  };
}
