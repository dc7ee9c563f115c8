// The report's Findings section: one `finding` region per finding inside a `findings` region, each a field list the
// reader takes the finding from (the heading above the fields is for people). Findings are only ever appended, so
// adding one never rewrites a finding or a line a person wrote; ids (f1, f2...) are never reused, even when a
// person deleted a finding by hand.
import type { Diagnostic } from '../playbook/model';
import { decodeLine, encodeLine, indexOfUnescaped } from '../report/escape';
import { reportHeadings, type ReportHeadings } from '../report/headings';
import { fieldLine, fieldValue, listFieldLines, readFields } from '../report/fields';
import {
  closeMarker,
  innerLines,
  openMarker,
  regionSpan,
  type Region,
  type ScannedReport,
} from '../report/markerRegions';
import { ReportUpdateRefused } from '../report/refused';
import type { TextEdit } from '../report/textEdit';
import {
  FINDING_KINDS,
  INDICATOR_TYPES,
  type Finding,
  type FindingKind,
  type Indicator,
  type IndicatorType,
} from './model';

const LABEL = {
  summary: 'Summary',
  kind: 'Kind',
  eventTime: 'Event time',
  recorded: 'Recorded',
  step: 'Step',
  evidence: 'Evidence',
  row: 'Evidence row',
  sha256: 'Evidence SHA-256',
  indicators: 'Indicators',
} as const;

export function isFindingKind(word: string): word is FindingKind {
  return (FINDING_KINDS as readonly string[]).includes(word);
}

export function isIndicatorType(word: string): word is IndicatorType {
  return (INDICATOR_TYPES as readonly string[]).includes(word);
}

function indicatorItem(i: Indicator): string {
  const value = encodeLine(i.value);
  return `${i.type}:${value === '' ? '' : ' ' + value}`;
}

export function renderFinding(f: Finding): string {
  const optional = (label: string, value: string | undefined) => (value === undefined ? [] : [fieldLine(label, value)]);
  return [
    openMarker('finding', { id: f.id }),
    `### ${encodeLine(f.id)}: ${encodeLine(f.summary.replace(/\s+/g, ' '))}`,
    '',
    fieldLine(LABEL.summary, f.summary),
    fieldLine(LABEL.kind, f.kind),
    ...optional(LABEL.eventTime, f.eventTime),
    fieldLine(LABEL.recorded, f.recordedAt),
    ...optional(LABEL.step, f.stepId),
    ...optional(LABEL.evidence, f.evidence?.path),
    ...optional(LABEL.row, f.evidence?.row),
    ...optional(LABEL.sha256, f.evidence?.sha256),
    ...listFieldLines(LABEL.indicators, f.indicators, indicatorItem),
    closeMarker('finding'),
  ].join('\n');
}

/** The whole section, as a new report or a report getting its first finding writes it. */
/** The whole section in the words of `h` (the report's language; English for a report that gets it late). */
export function renderFindingsSection(findings: Finding[], h: ReportHeadings = reportHeadings(undefined)): string {
  const body = findings.flatMap(f => ['', renderFinding(f)]);
  return [openMarker('findings'), h.sections.findings, '', h.findingsIntro, ...body, closeMarker('findings')].join(
    '\n',
  );
}

function readIndicators(raw: { raw: string; line: number }[], diagnostics: Diagnostic[]): Indicator[] {
  const indicators: Indicator[] = [];
  for (const item of raw) {
    const colon = indexOfUnescaped(item.raw, ':');
    const type = colon < 0 ? '' : decodeLine(item.raw.slice(0, colon)).trim();
    if (!isIndicatorType(type)) {
      diagnostics.push({
        line: item.line + 1,
        column: 1,
        severity: 'warning',
        code: 'bad-indicator',
        message: `Indicator "${decodeLine(item.raw)}" is not "type: value" with a type among ${INDICATOR_TYPES.join(', ')}; it is ignored.`,
      });
      continue;
    }
    const value = item.raw.slice(colon + 1);
    indicators.push({ type, value: decodeLine(value.startsWith(' ') ? value.slice(1) : value) });
  }
  return indicators;
}

function readFinding(doc: ScannedReport, region: Region, diagnostics: Diagnostic[]): Finding {
  const lines = innerLines(doc, region);
  const fields = readFields(lines, region.openLine + 1);
  const problem = (message: string, label?: string) =>
    diagnostics.push({
      line: (label ? (fields.get(label.toLowerCase())?.line ?? region.openLine) : region.openLine) + 1,
      column: 1,
      severity: 'warning',
      code: 'bad-finding',
      message,
    });
  const id = region.attrs.id ?? '';
  const kindWord = (fieldValue(fields, LABEL.kind) ?? '').trim();
  if (!isFindingKind(kindWord))
    problem(
      `Finding ${id}: kind "${kindWord}" is not one of ${FINDING_KINDS.join(', ')}; it reads as observation.`,
      LABEL.kind,
    );
  const summary = fieldValue(fields, LABEL.summary);
  if (summary === undefined) problem(`Finding ${id} has no "${LABEL.summary}" line.`);
  const finding: Finding = {
    id,
    recordedAt: fieldValue(fields, LABEL.recorded) ?? '',
    kind: isFindingKind(kindWord) ? kindWord : 'observation',
    summary: summary ?? '',
    indicators: readIndicators(fields.get(LABEL.indicators.toLowerCase())?.items ?? [], diagnostics),
  };
  const eventTime = fieldValue(fields, LABEL.eventTime);
  if (eventTime !== undefined) finding.eventTime = eventTime;
  const step = fieldValue(fields, LABEL.step);
  if (step !== undefined) finding.stepId = step;
  const path = fieldValue(fields, LABEL.evidence);
  if (path !== undefined) {
    finding.evidence = { path, sha256: fieldValue(fields, LABEL.sha256) ?? '' };
    const row = fieldValue(fields, LABEL.row);
    if (row !== undefined) finding.evidence.row = row;
  }
  return finding;
}

/** The findings the report holds, or undefined when it has no findings section (a report from before findings). */
export function readFindings(doc: ScannedReport, diagnostics: Diagnostic[]): Finding[] | undefined {
  const section = doc.regions.find(r => r.kind === 'findings' && !r.damaged);
  if (!section) return undefined;
  const seen = new Set<string>();
  const findings: Finding[] = [];
  for (const region of section.children.filter(c => c.kind === 'finding' && !c.damaged)) {
    const id = region.attrs.id;
    if (id === undefined || seen.has(id)) {
      diagnostics.push({
        line: region.openLine + 1,
        column: 1,
        severity: 'warning',
        code: id === undefined ? 'missing-id' : 'duplicate-finding',
        message:
          id === undefined
            ? 'Finding without an id; it is ignored.'
            : `Finding "${id}" appears twice; the second one is ignored.`,
      });
      continue;
    }
    seen.add(id);
    findings.push(readFinding(doc, region, diagnostics));
  }
  return findings;
}

/**
 * The next free id: one more than any f<N> a finding marker line anywhere in the text has used (encoded text never
 * starts a line with "<!--", so a summary cannot move the count).
 */
export function nextFindingId(text: string): string {
  let max = 0;
  for (const m of text.matchAll(/^[ \t]*<!--\s*irp:finding\s+id="f(\d{1,9})"/gim)) max = Math.max(max, Number(m[1]));
  return `f${max + 1}`;
}

/** Edits that append `finding` to the section, or add the section (at the end) when the report has none. */
export function findingAppendEdits(doc: ScannedReport, text: string, finding: Finding): TextEdit[] {
  const eol = (s: string) => (doc.eol === '\n' ? s : s.replace(/\n/g, doc.eol));
  const insert = (at: number, s: string): TextEdit[] => [{ start: at, end: at, newText: eol(s) }];
  const sections = doc.regions.filter(r => r.kind === 'findings');
  const section = sections[0];
  if (!section) {
    const gap = text === '' ? '' : text.endsWith('\n\n') ? '' : text.endsWith('\n') ? '\n' : '\n\n';
    return insert(text.length, gap + renderFindingsSection([finding]) + '\n');
  }
  const broken = section.damaged ? section : section.children.find(c => c.damaged);
  if (broken) {
    throw new ReportUpdateRefused(
      broken.openLine + 1,
      `the ${broken.kind} region opened here has no closing marker ${closeMarker(broken.kind)}; add it back after ` +
        'the region\u2019s content, then add the finding again.',
    );
  }
  const last = section.children[section.children.length - 1];
  if (last) return insert(regionSpan(doc, last).end, '\n\n' + renderFinding(finding));
  return insert(doc.lines[section.closeLine].start, '\n' + renderFinding(finding) + '\n');
}
