// The incident facts at the top of the header: status, severity, times, people, where. A report that has facts
// always writes the Status line (empty while unknown); the others only when they are set, so a report reads back to
// exactly the facts it was written from, and a report written before facts existed reads as having none.
import type { Diagnostic } from '../playbook/model';
import { decodeLine, encodeLine, encodeLineStart } from './escape';
import { fieldLine, fieldList, fieldValue, listFieldLines, type Field } from './fields';
import type { IncidentFacts, IncidentSeverity, IncidentStatus, StatusChange } from './model';

export const INCIDENT_STATUSES: readonly IncidentStatus[] = ['open', 'contained', 'eradicated', 'recovered', 'closed'];
export const INCIDENT_SEVERITIES: readonly IncidentSeverity[] = ['low', 'medium', 'high', 'critical'];

const LABEL = {
  status: 'Status',
  severity: 'Severity',
  detected: 'Detected',
  contained: 'Contained',
  resolved: 'Resolved',
  lead: 'Lead',
  responders: 'Responders',
  accounts: 'Affected accounts',
  regions: 'Affected Regions',
  history: 'Status history',
} as const;

const TEXT_FIELDS = [
  ['detectedAt', LABEL.detected],
  ['containedAt', LABEL.contained],
  ['resolvedAt', LABEL.resolved],
  ['lead', LABEL.lead],
] as const;

const LIST_FIELDS = [
  ['responders', LABEL.responders],
  ['accounts', LABEL.accounts],
  ['regions', LABEL.regions],
] as const;

function historyItem(change: StatusChange): string {
  const at = encodeLine(change.at);
  return at === '' ? change.status : `${change.status} ${at}`;
}

/** The fact lines of the header (none when the report has no facts), followed by a blank line. */
export function factsLines(facts: IncidentFacts | undefined): string[] {
  if (!facts) return [];
  const lines = [fieldLine(LABEL.status, facts.status ?? '')];
  if (facts.severity !== undefined) lines.push(fieldLine(LABEL.severity, facts.severity));
  for (const [key, label] of TEXT_FIELDS) {
    const value = facts[key];
    if (value !== undefined) lines.push(fieldLine(label, value));
  }
  for (const [key, label] of LIST_FIELDS) {
    const list = facts[key];
    if (list !== undefined) lines.push(...listFieldLines(label, list, s => encodeLineStart(s)));
  }
  if (facts.statusHistory !== undefined) lines.push(...listFieldLines(LABEL.history, facts.statusHistory, historyItem));
  return [...lines, ''];
}

function oneOf<T extends string>(
  words: readonly T[],
  raw: string,
  what: string,
  line: number,
  diagnostics: Diagnostic[],
): T | undefined {
  const word = raw.trim().toLowerCase();
  if (words.includes(word as T)) return word as T;
  diagnostics.push({
    line: line + 1,
    column: 1,
    severity: 'warning',
    code: 'bad-fact',
    message: `${what} "${raw}" is not one of: ${words.join(', ')}; it is ignored.`,
  });
  return undefined;
}

/** The facts among the header's fields; undefined for a report written before facts existed (no Status line). */
export function readFacts(fields: Map<string, Field>, diagnostics: Diagnostic[]): IncidentFacts | undefined {
  const statusField = fields.get(LABEL.status.toLowerCase());
  if (!statusField) return undefined;
  const facts: IncidentFacts = {};
  const status = decodeLine(statusField.raw);
  if (status.trim() !== '') {
    const known = oneOf(INCIDENT_STATUSES, status, 'Incident status', statusField.line, diagnostics);
    if (known) facts.status = known;
  }
  const severityField = fields.get(LABEL.severity.toLowerCase());
  if (severityField) {
    const known = oneOf(
      INCIDENT_SEVERITIES,
      decodeLine(severityField.raw),
      'Severity',
      severityField.line,
      diagnostics,
    );
    if (known) facts.severity = known;
  }
  for (const [key, label] of TEXT_FIELDS) {
    const value = fieldValue(fields, label);
    if (value !== undefined) facts[key] = value;
  }
  for (const [key, label] of LIST_FIELDS) {
    if (fields.has(label.toLowerCase())) facts[key] = fieldList(fields, label);
  }
  const history = fields.get(LABEL.history.toLowerCase());
  if (history) {
    facts.statusHistory = history.items.flatMap(item => {
      const space = item.raw.indexOf(' ');
      const word = space < 0 ? item.raw : item.raw.slice(0, space);
      const known = oneOf(INCIDENT_STATUSES, word, 'Status in the history', item.line, diagnostics);
      return known ? [{ status: known, at: space < 0 ? '' : decodeLine(item.raw.slice(space + 1)) }] : [];
    });
  }
  return facts;
}

/**
 * The facts after a change of status at `at`: the change joins the history (which the timeline reads), and reaching
 * contained, or recovered/closed, sets the contained or resolved time when it was not set yet.
 */
export function withIncidentStatus(
  facts: IncidentFacts | undefined,
  status: IncidentStatus,
  at: string,
): IncidentFacts {
  const next: IncidentFacts = { ...facts, status, statusHistory: [...(facts?.statusHistory ?? []), { status, at }] };
  const rank = INCIDENT_STATUSES.indexOf(status);
  if (rank >= INCIDENT_STATUSES.indexOf('contained') && next.containedAt === undefined) next.containedAt = at;
  if (rank >= INCIDENT_STATUSES.indexOf('recovered') && next.resolvedAt === undefined) next.resolvedAt = at;
  return next;
}
