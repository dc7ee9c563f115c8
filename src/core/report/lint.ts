// What a report still lacks as the incident's document: once the incident is contained, a summary, a severity and a
// lead; action items with an owner; at close, an answer to every question; and the evidence files it links. The
// rules read the report alone (the playbook, when given, also names the questions of untouched steps).
import type { Diagnostic, Playbook } from '../playbook/model';
import { parseActionItem } from './actionItems';
import { trimBlanks } from './escape';
import { INCIDENT_STATUSES } from './factsFormat';
import { allReportHeadings, type DocumentSection } from './headings';
import type { IncidentStatus, ReportState } from './model';
import { findRegion, scanReport, type ScannedReport } from './markerRegions';
import { parseReport } from './parse';

export interface LintOptions {
  /** The playbook the report follows: its questions count even for steps nobody has touched. */
  playbook?: Playbook;
  /** Whether an evidence path (relative to the report) exists; evidence is not checked without it. */
  evidenceExists?: (relativePath: string) => boolean;
}

/** The text of a document section: its lines up to the next heading of its level or above, without the prompt. */
interface SectionText {
  /** 0-based index of the heading line. */
  line: number;
  lines: { text: string; index: number }[];
}

const HINTS = new Set(allReportHeadings().flatMap(h => Object.values(h.hints)));

function findSection(doc: ScannedReport, key: DocumentSection): SectionText | undefined {
  const wanted = new Set(allReportHeadings().map(h => h.sections[key]));
  const start = doc.lines.findIndex(l => wanted.has(trimBlanks(l.text)));
  if (start < 0) return undefined;
  const lines: SectionText['lines'] = [];
  for (let i = start + 1; i < doc.lines.length; i++) {
    const text = doc.lines[i].text;
    if (/^#{1,2} /.test(text) || /^<!-- irp:/.test(text)) break;
    if (trimBlanks(text) !== '' && !HINTS.has(trimBlanks(text))) lines.push({ text, index: i });
  }
  return { line: start, lines };
}

function atLeast(status: IncidentStatus | undefined, than: IncidentStatus): boolean {
  return status !== undefined && INCIDENT_STATUSES.indexOf(status) >= INCIDENT_STATUSES.indexOf(than);
}

function problem(line: number, severity: Diagnostic['severity'], code: string, message: string): Diagnostic {
  return { line: line + 1, column: 1, severity, code, message };
}

function factRules(doc: ScannedReport, state: ReportState, out: Diagnostic[]): void {
  const facts = state.header.facts;
  if (!atLeast(facts?.status, 'contained')) return;
  const header = findRegion(doc.regions, 'header');
  const headerLine = header?.openLine ?? 0;
  const lineOf = (label: string) => {
    const at = doc.lines.findIndex(
      (l, i) => i > headerLine && i <= (header?.closeLine ?? 0) && l.text.startsWith(`- **${label}:**`),
    );
    return at < 0 ? headerLine : at;
  };
  const status = facts?.status ?? '';
  const summary = findSection(doc, 'summary');
  if (!summary || summary.lines.length === 0)
    out.push(
      problem(
        summary?.line ?? headerLine,
        'error',
        'no-summary',
        `The incident is ${status} but the Summary section is empty; write what happened in a few sentences.`,
      ),
    );
  if (facts?.severity === undefined)
    out.push(
      problem(
        lineOf('Status'),
        'error',
        'no-severity',
        `The incident is ${status} but has no severity; add "- **Severity:** low|medium|high|critical" to the header.`,
      ),
    );
  if (facts?.lead === undefined || facts.lead.trim() === '')
    out.push(
      problem(
        lineOf('Status'),
        'error',
        'no-lead',
        `The incident is ${status} but has no lead; add "- **Lead:** name" to the header.`,
      ),
    );
}

function actionItemRules(doc: ScannedReport, out: Diagnostic[]): void {
  for (const { text, index } of findSection(doc, 'actionItems')?.lines ?? []) {
    const item = parseActionItem(text);
    if (!item) continue;
    if (item.owner === undefined || item.owner.trim() === '')
      out.push(
        problem(
          index,
          'warning',
          'action-without-owner',
          `Action item "${item.text}" has no owner; add "— owner: name".`,
        ),
      );
    if (item.due !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(item.due.trim()))
      out.push(problem(index, 'warning', 'bad-due-date', `Due date "${item.due}" is not YYYY-MM-DD.`));
  }
}

function questionRules(doc: ScannedReport, state: ReportState, opts: LintOptions, out: Diagnostic[]): void {
  if (state.header.facts?.status !== 'closed') return;
  const unanswered = (stepId: string, questionId: string) => {
    const answer = state.steps[stepId]?.answers[questionId];
    return answer === undefined || answer.trim() === '';
  };
  const stepLine = (stepId: string) => findRegion(doc.regions, 'step', stepId)?.openLine ?? 0;
  const answerLine = (stepId: string, questionId: string) => {
    const step = findRegion(doc.regions, 'step', stepId);
    return step ? (findRegion(step.children, 'answer', questionId)?.openLine ?? step.openLine) : 0;
  };
  const questions = opts.playbook
    ? opts.playbook.phases.flatMap(p =>
        p.steps.flatMap(s => s.questions.map(q => ({ stepId: s.id, id: q.id, text: q.text }))),
      )
    : doc.regions
        .filter(r => r.kind === 'step')
        .flatMap(s =>
          s.children
            .filter(c => c.kind === 'answer' && c.attrs.id !== undefined)
            .map(c => ({ stepId: s.attrs.id ?? '', id: c.attrs.id as string, text: c.attrs.id as string })),
        );
  for (const q of questions) {
    if (!unanswered(q.stepId, q.id)) continue;
    const line = findRegion(doc.regions, 'step', q.stepId) ? answerLine(q.stepId, q.id) : stepLine(q.stepId);
    out.push(
      problem(
        line,
        'error',
        'unanswered-at-close',
        `The incident is closed but "${q.text}" (${q.stepId}) has no answer.`,
      ),
    );
  }
}

function evidenceRules(doc: ScannedReport, state: ReportState, opts: LintOptions, out: Diagnostic[]): void {
  const exists = opts.evidenceExists;
  if (!exists) return;
  for (const [stepId, step] of Object.entries(state.steps)) {
    const stepRegion = findRegion(doc.regions, 'step', stepId);
    const runs = stepRegion ? findRegion(stepRegion.children, 'runs') : undefined;
    for (const run of step.runs) {
      const line = (runs && findRegion(runs.children, 'run', run.runId)?.openLine) ?? stepRegion?.openLine ?? 0;
      const paths = [...run.evidence.map(e => e.path), ...(run.manifest ? [run.manifest.path] : [])];
      for (const p of paths.filter(p => !exists(p)))
        out.push(
          problem(line, 'error', 'missing-evidence', `Run ${run.runId} links evidence "${p}", which is missing.`),
        );
    }
  }
}

/** The report's problems as a document, sorted by line. */
export function lintReport(text: string, opts: LintOptions = {}): Diagnostic[] {
  const doc = scanReport(text);
  const { state } = parseReport(text);
  const out: Diagnostic[] = [];
  factRules(doc, state, out);
  actionItemRules(doc, out);
  questionRules(doc, state, opts, out);
  evidenceRules(doc, state, opts, out);
  return out.sort((a, b) => a.line - b.line);
}
