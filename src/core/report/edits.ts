// Incremental updates of a report: each returns edits that replace only the regions whose content changes, with
// offsets in the current text, so a person's own text (anywhere outside a region) stays byte for byte and an
// editor can apply the edits without rewriting the file. A region the person deleted is inserted back in its place.
import type { Playbook } from '../playbook/model';
import { findStep } from '../playbook/query';
import { renderHeader } from './headerFormat';
import { emptyStepState, type ReportHeader, type RunRecord, type StepState } from './model';
import { phaseLines } from './render';
import { formatRunRecord } from './runFormat';
import { findRegion, regionSpan, scanReport, type Region, type ScannedReport } from './regions';
import { renderStep, stepLeaves, stepOpenMarker, stepView, type LeafSpec } from './stepFormat';

export interface TextEdit {
  /** Offset in the current text where the replaced range starts. */
  start: number;
  /** Offset just past the replaced range (equal to start for an insertion). */
  end: number;
  newText: string;
}

/** Applies edits whose offsets all refer to `text`; edits at the same offset apply in the order given. */
export function applyEdits(text: string, edits: TextEdit[]): string {
  const ordered = edits.map((edit, order) => ({ edit, order })).sort((a, b) => a.edit.start - b.edit.start || a.order - b.order);
  let out = '';
  let at = 0;
  for (const { edit } of ordered) {
    if (edit.start < at || edit.end < edit.start || edit.end > text.length) {
      throw new Error(`Report edits overlap or fall outside the text (edit ${edit.start}-${edit.end}); recompute them from the current text.`);
    }
    out += text.slice(at, edit.start) + edit.newText;
    at = edit.end;
  }
  return out + text.slice(at);
}

/** Rendered text uses "\n"; inserted text follows the document's own line ending. */
function inDocEol(doc: ScannedReport, text: string): string {
  return doc.eol === '\n' ? text : text.replace(/\n/g, doc.eol);
}

function insertAt(doc: ScannedReport, offset: number, text: string): TextEdit {
  return { start: offset, end: offset, newText: inDocEol(doc, text) };
}

function replaceRegion(doc: ScannedReport, text: string, region: Region, rendered: string): TextEdit[] {
  const span = regionSpan(doc, region);
  const newText = inDocEol(doc, rendered);
  return text.slice(span.start, span.end) === newText ? [] : [{ ...span, newText }];
}

function stepRegion(doc: ScannedReport, stepId: string): Region | undefined {
  return findRegion(doc.regions, 'step', stepId);
}

/** End of the step's opening marker, or of the heading right under it. */
function headEnd(doc: ScannedReport, step: Region): number {
  const next = doc.lines[step.openLine + 1];
  return next && next.text.startsWith('#') && step.openLine + 1 <= step.closeLine ? next.end : doc.lines[step.openLine].end;
}

function leafText(leaf: LeafSpec, withSection: boolean): string {
  return [...(withSection && leaf.section ? [leaf.section, ''] : []), ...leaf.frame, leaf.text].join('\n');
}

/** Where a missing step region goes: next to its neighbours in the playbook, under its phase heading. */
function insertStep(doc: ScannedReport, text: string, playbook: Playbook, stepId: string, rendered: string): TextEdit {
  const after = (region: Region, body: string) => insertAt(doc, regionSpan(doc, region).end, '\n\n' + body);
  const before = (region: Region, body: string) => insertAt(doc, doc.lines[region.openLine].start, body + '\n\n');
  const phaseIndex = playbook.phases.findIndex(p => p.steps.some(s => s.id === stepId));
  if (phaseIndex >= 0) {
    const phase = playbook.phases[phaseIndex];
    const index = phase.steps.findIndex(s => s.id === stepId);
    const previous = phase.steps.slice(0, index).reverse().map(s => stepRegion(doc, s.id)).find(r => r);
    if (previous) return after(previous, rendered);
    const next = phase.steps.slice(index + 1).map(s => stepRegion(doc, s.id)).find(r => r);
    if (next) return before(next, rendered);
    const marker = findRegion(doc.regions, 'phase', phase.id);
    if (marker) {
      const heading = doc.lines[marker.openLine + 1];
      const end = heading && heading.text.startsWith('#') ? heading.end : doc.lines[marker.openLine].end;
      return insertAt(doc, end, '\n\n' + rendered);
    }
    const withPhase = [...phaseLines(phase), '', rendered].join('\n');
    const later = new Set(playbook.phases.slice(phaseIndex + 1).flatMap(p => [p.id, ...p.steps.map(s => s.id)]));
    const laterRegion = doc.regions.find(r => (r.kind === 'phase' || r.kind === 'step') && later.has(r.attrs.id ?? ''));
    if (laterRegion) return before(laterRegion, withPhase);
    rendered = withPhase;
  }
  const lastStep = doc.regions.filter(r => r.kind === 'step').pop() ?? findRegion(doc.regions, 'header');
  if (lastStep) return after(lastStep, rendered);
  return insertAt(doc, text.length, (text === '' || text.endsWith('\n') ? '' : '\n') + rendered + '\n');
}

function runEdits(doc: ScannedReport, text: string, container: Region, runs: RunRecord[]): TextEdit[] {
  const existing = container.children.filter(c => c.kind === 'run');
  const byId = new Map<string, Region>();
  for (const r of existing) if (!byId.has(r.attrs.id ?? '')) byId.set(r.attrs.id ?? '', r);
  const edits: TextEdit[] = [];
  let anchor = doc.lines[container.openLine].end;
  let separator = '\n';
  for (const run of runs) {
    const region = byId.get(run.runId);
    if (region) {
      edits.push(...replaceRegion(doc, text, region, formatRunRecord(run)));
      anchor = regionSpan(doc, region).end;
    } else {
      edits.push(insertAt(doc, anchor, separator + formatRunRecord(run)));
    }
    separator = '\n\n';
  }
  const wanted = new Set(runs.map(r => r.runId));
  for (const region of existing.filter(r => !wanted.has(r.attrs.id ?? ''))) {
    edits.push({ start: doc.lines[region.openLine - 1].end, end: regionSpan(doc, region).end, newText: '' });
  }
  return edits;
}

/** Edits that make the step's regions say what `stepState` says. */
export function updateStep(text: string, playbook: Playbook, stepId: string, stepState: StepState): TextEdit[] {
  const doc = scanReport(text);
  const view = stepView(stepId, findStep(playbook, stepId), stepState);
  const step = stepRegion(doc, stepId);
  if (!step) return [insertStep(doc, text, playbook, stepId, renderStep(view, stepState))];
  const edits: TextEdit[] = [];
  const opener = doc.lines[step.openLine];
  const wantedOpener = stepOpenMarker(stepId, false);
  if (opener.text !== wantedOpener) edits.push({ start: opener.start, end: opener.end, newText: wantedOpener });
  let anchor = headEnd(doc, step);
  for (const leaf of stepLeaves(view, stepState)) {
    const region = findRegion(step.children, leaf.kind, leaf.id);
    if (!region) {
      edits.push(insertAt(doc, anchor, '\n\n' + leafText(leaf, !step.children.some(c => c.kind === leaf.kind))));
      continue;
    }
    if (leaf.kind === 'runs' && !region.damaged) edits.push(...runEdits(doc, text, region, stepState.runs));
    else edits.push(...replaceRegion(doc, text, region, leaf.text));
    anchor = regionSpan(doc, region).end;
  }
  return edits;
}

/** Edits that make the header say what `header` says. */
export function updateHeader(text: string, header: ReportHeader): TextEdit[] {
  const doc = scanReport(text);
  const region = findRegion(doc.regions, 'header');
  if (region) return replaceRegion(doc, text, region, renderHeader(header));
  return [insertAt(doc, text.startsWith('\uFEFF') ? 1 : 0, renderHeader(header) + '\n\n')];
}

/** Edits that add one run at the end of the step's runs. */
export function appendRun(text: string, playbook: Playbook, stepId: string, run: RunRecord): TextEdit[] {
  const doc = scanReport(text);
  const step = stepRegion(doc, stepId);
  const stepState: StepState = { ...emptyStepState(), runs: [run] };
  if (!step) return [insertStep(doc, text, playbook, stepId, renderStep(stepView(stepId, findStep(playbook, stepId), stepState), stepState))];
  const container = findRegion(step.children, 'runs');
  if (!container) {
    const runsLeaf = stepLeaves(stepView(stepId, undefined, stepState), stepState).find(l => l.kind === 'runs') as LeafSpec;
    const last = step.children[step.children.length - 1];
    return [insertAt(doc, last ? regionSpan(doc, last).end : headEnd(doc, step), '\n\n' + leafText(runsLeaf, true))];
  }
  const lastRun = container.children.filter(c => c.kind === 'run').pop();
  return lastRun
    ? [insertAt(doc, regionSpan(doc, lastRun).end, '\n\n' + formatRunRecord(run))]
    : [insertAt(doc, doc.lines[container.openLine].end, '\n' + formatRunRecord(run))];
}
