// Adding findings in the extension: from result rows the step panel sends (each prefilled from its row, then
// edited), or typed by hand. The evidence is the run's evidence file, hashed from the file as it is now, with the
// row's event id or its row number. Each finding is appended to the report text as it is when the write happens.
import * as vscode from 'vscode';
import { ui } from '../window/windowPrompts';
import { findingEvidence } from '../../core/findings/findingEvidence';
import { isIsoTime } from '../../core/playbook/parameters';
import { isIndicatorType } from '../../core/findings/findingsSection';
import { INDICATOR_TYPES } from '../../core/findings/model';
import type { Finding, FindingEvidence, FindingKind, Indicator } from '../../core/findings/model';
import { prefillFromRow, type FindingPrefill } from '../../core/findings/prefill';
import { addFinding } from '../../core/findings/refreshTimeline';
import type { RunRecord } from '../../core/report/model';
import { resolveEvidencePath } from '../../core/run/index';
import type { WebviewToHost } from '../../shared/messages';
import type { ReportSession } from '../report/reportSession';
import { askIndicators, askKind, askText } from './findingPrompts';

export type AddFindingsMessage = Extract<WebviewToHost, { type: 'addFindings' }>;

/** More rows than this at once is a selection mistake, not findings: each row asks three questions. */
const MAX_ROWS = 20;

/** Makes each queued write its own (the session merges queued changes with the same key). */
let writes = 0;

const notEmpty = (v: string) => (v.trim() === '' ? vscode.l10n.t('A finding needs a summary.') : undefined);

/** Asks summary, kind and indicators; undefined when the person cancelled. */
async function edit(prefill: FindingPrefill, title: string): Promise<Omit<FindingPrefill, 'eventId'> | undefined> {
  const summary = await askText(title, vscode.l10n.t('Summary of the finding'), prefill.summary, notEmpty);
  if (summary === undefined) return undefined;
  const kind = await askKind(title, prefill.kind);
  if (kind === undefined) return undefined;
  const indicators = await askIndicators(title, prefill.indicators);
  if (indicators === undefined) return undefined;
  return { summary: summary.trim(), kind, indicators, eventTime: prefill.eventTime };
}

function runOf(session: ReportSession, stepId: string, message: AddFindingsMessage): RunRecord | undefined {
  const runs = session.stepState(stepId).runs;
  if (message.runId) return runs.find(r => r.runId === message.runId);
  return [...runs].reverse().find(r => r.queryId === message.queryId);
}

async function evidenceOf(session: ReportSession, run: RunRecord | undefined, row: string) {
  const file = run?.evidence.find(e => e.format === 'csv') ?? run?.evidence[0];
  if (!file || session.uri.scheme !== 'file') return undefined;
  const absolute = await resolveEvidencePath(session.uri.fsPath, file.path);
  return findingEvidence(session.uri.fsPath, absolute, row);
}

async function write(session: ReportSession, finding: Omit<Finding, 'id'>): Promise<void> {
  let id = '';
  await session.rewrite(`finding:${++writes}`, text => {
    const added = addFinding(text, finding);
    id = added.finding.id;
    return added.text;
  });
  if (id) void ui.showInformationMessage(vscode.l10n.t('Finding {0} added to {1}.', id, session.name));
}

/** Pins the rows the page sent as findings, one at a time; cancelling one stops the rest. Returns how many. */
export async function addFindingsFromRows(
  session: ReportSession,
  stepId: string,
  message: AddFindingsMessage,
): Promise<number> {
  const rows = message.rows.slice(0, MAX_ROWS);
  if (message.rows.length > MAX_ROWS)
    void ui.showWarningMessage(
      vscode.l10n.t('Only the first {0} of the {1} selected rows become findings.', MAX_ROWS, message.rows.length),
    );
  const run = runOf(session, stepId, message);
  let added = 0;
  for (const [i, row] of rows.entries()) {
    const prefill = prefillFromRow(message.columns, row.values);
    const title = vscode.l10n.t('Add finding {0} of {1}', i + 1, rows.length);
    const edited = await edit(prefill, title);
    if (!edited) break;
    let evidence: FindingEvidence | undefined;
    try {
      evidence = await evidenceOf(session, run, prefill.eventId ?? String(row.index + 1));
    } catch (e) {
      void ui.showWarningMessage(
        vscode.l10n.t('The finding is added without its evidence: {0}', e instanceof Error ? e.message : String(e)),
      );
    }
    await write(session, {
      ...edited,
      recordedAt: new Date().toISOString(),
      stepId,
      ...(evidence ? { evidence } : {}),
    });
    added++;
  }
  return added;
}

function validTime(v: string): string | undefined {
  return isIsoTime(v.trim())
    ? undefined
    : vscode.l10n.t('Write an ISO 8601 time with its zone, for example 2026-11-29T10:02:11Z.');
}

function parseIndicators(text: string): Indicator[] | string {
  const indicators: Indicator[] = [];
  for (const part of text.split(/[\s,;]+/).filter(Boolean)) {
    const eq = part.indexOf('=');
    const type = eq < 0 ? '' : part.slice(0, eq);
    if (!isIndicatorType(type) || part.slice(eq + 1) === '')
      return vscode.l10n.t('"{0}" is not type=value; types: {1}.', part, INDICATOR_TYPES.join(', '));
    indicators.push({ type, value: part.slice(eq + 1) });
  }
  return indicators;
}

/** A finding typed by hand: when it happened, what, which kind, its indicators as type=value. */
export async function addFindingByHand(session: ReportSession): Promise<boolean> {
  const title = vscode.l10n.t('Add finding');
  const time = await askText(title, vscode.l10n.t('When it happened (UTC)'), new Date().toISOString(), validTime);
  if (time === undefined) return false;
  const summary = await askText(title, vscode.l10n.t('Summary of the finding'), '', notEmpty);
  if (summary === undefined) return false;
  const kind: FindingKind | undefined = await askKind(title, 'observation');
  if (kind === undefined) return false;
  const typed = await askText(
    title,
    vscode.l10n.t('Indicators as type=value, separated by spaces (optional)'),
    '',
    v => {
      const parsed = parseIndicators(v);
      return typeof parsed === 'string' ? parsed : undefined;
    },
  );
  if (typed === undefined) return false;
  await write(session, {
    eventTime: new Date(time.trim()).toISOString(),
    recordedAt: new Date().toISOString(),
    kind,
    summary: summary.trim(),
    indicators: parseIndicators(typed) as Indicator[],
  });
  return true;
}
