// Moves a report written before the document layout (header format "1": the steps in full, nothing above them) into
// the document layout, keeping every character a person wrote. Nothing is re-encoded: each step region a person or
// a run has touched moves as it is (its markers, answers, notes and run records read the same in either layout; only
// its heading and section headings go one level down), an untouched step becomes its one line, the header gains the
// incident facts, and any line a person wrote outside the regions moves, unchanged, into a section of its own
// above the step record. Migration is explicit (`irp report migrate`, "Move Report to the Document Layout"):
// reports in the earlier layout open, read and update as they are.
import type { Phase, Playbook } from '../playbook/model';
import { renderDocument } from './documentFormat';
import { decodeLine, trimBlanks } from './escape';
import { headerOwnLines, readHeader, renderHeader, REPORT_FORMAT_VERSION } from './headerFormat';
import { allReportHeadings, reportHeadings } from './headings';
import type { ReportState } from './model';
import { findRegion, innerLines, scanReport, type Region, type ScannedReport } from './markerRegions';
import { parseReport } from './parse';
import { ReportUpdateRefused } from './refused';
import { phaseLines, untouchedStepLine } from './render';
import { readStep } from './stepFormat';

/** Section headings and question labels every earlier layout wrote inside a step (any language, any level). */
const STEP_SECTION_WORDS = new Set(
  allReportHeadings().flatMap(h => [h.checklist, h.questions, h.notes, h.runs].map(s => s.replace(/^#+ /, ''))),
);
const QUESTION_LABELS = allReportHeadings().map(h => h.question);
const ORPHAN_HEADINGS = new Set(allReportHeadings().map(h => h.orphans.replace(/^#+ /, '')));

/** Where a kept line came from, for the reader of the migrated report. */
interface KeptBlock {
  where: string;
  lines: string[];
}

export interface Migration {
  text: string;
  /** How many lines a person wrote outside the regions, moved into the kept section. */
  keptLines: number;
}

function headingWords(line: string): string | undefined {
  const m = /^#{1,6} (.*)$/.exec(line);
  return m ? m[1] : undefined;
}

function isBlank(line: string): boolean {
  return trimBlanks(line) === '';
}

/** Language of the report, from the section headings it wrote (English when it wrote none in another language). */
function reportLanguage(doc: ScannedReport): string | undefined {
  const zh = reportHeadings('zh-cn');
  const words = new Set([zh.checklist, zh.questions, zh.notes, zh.runs].map(s => s.replace(/^#+ /, '')));
  return doc.lines.some(l => words.has(headingWords(l.text) ?? '')) ? 'zh-cn' : undefined;
}

/** Indexes of lines covered by a region's children (the parts the parser reads). */
function childLines(region: Region): Set<number> {
  const covered = new Set<number>();
  for (const child of region.children) for (let i = child.openLine; i <= child.closeLine; i++) covered.add(i);
  return covered;
}

/** A step region moved into the appendix: its heading and section headings one level down. */
function movedStep(doc: ScannedReport, step: Region): string {
  const covered = childLines(step);
  const lines: string[] = [];
  for (let i = step.openLine; i <= step.closeLine; i++) {
    const text = doc.lines[i].text;
    const words = headingWords(text);
    const structural =
      !covered.has(i) && words !== undefined && (i === step.openLine + 1 || STEP_SECTION_WORDS.has(words));
    lines.push(structural ? `#${text}` : text);
  }
  return lines.join('\n');
}

/** A person's lines inside a step region, outside its parts (headings, question lines and blanks are the layout's). */
function personLinesInStep(doc: ScannedReport, step: Region): string[] {
  const covered = childLines(step);
  const out: string[] = [];
  for (let i = step.openLine + 1; i < step.closeLine; i++) {
    const text = doc.lines[i].text;
    if (covered.has(i) || isBlank(text)) continue;
    const words = headingWords(text);
    if (words !== undefined && (i === step.openLine + 1 || STEP_SECTION_WORDS.has(words))) continue;
    if (QUESTION_LABELS.some(label => text.startsWith(label + ' '))) continue;
    out.push(text);
  }
  return out;
}

/** The header region's lines that are not the extension's (what a person typed inside it). */
function personLinesInHeader(doc: ScannedReport, header: Region): string[] {
  const own = new Set(headerOwnLines(doc, header));
  return innerLines(doc, header)
    .map(l => l.text)
    .filter(text => !own.has(text) && !isBlank(text) && !/^# /.test(text) && !/^> \*\*EXERCISE\*\*/.test(text));
}

function stepTitle(doc: ScannedReport, step: Region): string {
  const words = headingWords(doc.lines[step.openLine + 1]?.text ?? '');
  return words !== undefined ? decodeLine(words) : (step.attrs.id ?? '');
}

function isEmptyStep(doc: ScannedReport, step: Region): boolean {
  const state = readStep(doc, step, []);
  return (
    state === undefined ||
    (state.status === 'not-started' &&
      state.startedAt === undefined &&
      Object.keys(state.checklist).length === 0 &&
      Object.values(state.answers).every(a => a === '') &&
      state.notes === '' &&
      state.runs.length === 0)
  );
}

function keptSection(blocks: KeptBlock[], language: string | undefined): string[] {
  if (blocks.length === 0) return [];
  const zh = language === 'zh-cn';
  const heading = zh ? '## 旧版报告中保留的内容' : '## Kept from the earlier layout';
  const note = zh
    ? '_以下是旧版报告中你亲手写下的文字，迁移时原样移到这里。可以保留、移动或删除。_'
    : '_What you wrote in the report before it moved to this layout, moved here unchanged. Keep it, move it, or delete it._';
  return [heading, '', note, '', ...blocks.flatMap(b => [`> ${b.where}`, '', ...b.lines, ''])];
}

/**
 * The report in the document layout. `playbook` (optional) gives the lessons questions and classification of the
 * document sections; the steps, their order and titles come from the report itself.
 */
export function migrateReport(text: string, playbook?: Playbook): Migration {
  const doc = scanReport(text);
  const parsed = parseReport(text);
  const error = parsed.diagnostics.find(d => d.severity === 'error');
  if (error) throw new ReportUpdateRefused(error.line, `${error.message} Fix it first, then migrate the report.`);
  const header = findRegion(doc.regions, 'header') as Region;
  if (header.attrs.format === REPORT_FORMAT_VERSION) return { text, keptLines: 0 };
  const language = playbook?.language ?? reportLanguage(doc);
  const headings = reportHeadings(language);
  const kept: KeptBlock[] = [];
  const keep = (where: string, lines: string[]) => {
    if (lines.length > 0) kept.push({ where, lines });
  };
  const lineRef = (i: number) =>
    language === 'zh-cn' ? `旧版第 ${i + 1} 行起：` : `From line ${i + 1} of the earlier layout:`;

  const headerState = readHeader(doc, header, []);
  const state: ReportState = { header: { ...headerState, facts: headerState.facts ?? {} }, steps: {} };
  keep(lineRef(header.openLine), personLinesInHeader(doc, header));

  // The appendix, in the report's own order: phase markers with their headings, steps moved or as one line.
  const appendix: string[] = [];
  let pending: string[] = [];
  let pendingFrom = -1;
  const flush = () => {
    while (pending.length > 0 && isBlank(pending[pending.length - 1])) pending.pop();
    keep(lineRef(pendingFrom), pending);
    pending = [];
  };
  let listOpen = false;
  const push = (block: string, listItem = false) => {
    appendix.push((appendix.length === 0 ? '' : listItem && listOpen ? '\n' : '\n\n') + block);
    listOpen = listItem;
  };
  const regionAt = new Map(doc.regions.map(r => [r.openLine, r]));
  for (let i = 0; i < doc.lines.length; i++) {
    const region = regionAt.get(i);
    if (region?.kind === 'header') {
      i = region.closeLine;
      continue;
    }
    if (region?.kind === 'phase') {
      flush();
      const words = headingWords(doc.lines[i + 1]?.text ?? '');
      const phase = { id: region.attrs.id ?? '', title: words !== undefined ? decodeLine(words) : '' } as Phase;
      push(words !== undefined ? phaseLines(phase).join('\n') : doc.lines[i].text);
      if (words !== undefined) i++;
      continue;
    }
    if (region?.kind === 'step') {
      flush();
      if (isEmptyStep(doc, region)) {
        push(untouchedStepLine(stepTitle(doc, region), language), true);
        keep(lineRef(region.openLine), personLinesInStep(doc, region));
      } else push(movedStep(doc, region));
      i = region.closeLine;
      continue;
    }
    const line = doc.lines[i].text;
    const words = headingWords(line);
    if (words !== undefined && ORPHAN_HEADINGS.has(words)) {
      flush();
      push(headings.orphans);
      continue;
    }
    if (isBlank(line) && pending.length === 0) continue;
    if (pending.length === 0) pendingFrom = i;
    pending.push(line);
  }
  flush();

  const shape: Playbook = playbook ?? { id: '', title: '', version: '', parameters: [], phases: [], language };
  const top = [
    renderHeader(state.header),
    renderDocument(shape, state),
    ...(kept.length > 0 ? [keptSection(kept, language).join('\n').replace(/\n+$/, '')] : []),
    headings.sections.record,
  ].join('\n\n');
  const eol = doc.eol;
  const out = `${top}\n\n${appendix.join('')}\n`;
  return {
    text: (text.startsWith('\uFEFF') ? '\uFEFF' : '') + (eol === '\n' ? out : out.replace(/\n/g, eol)),
    keptLines: kept.reduce((n, b) => n + b.lines.length, 0),
  };
}
