// Incremental updates of a report: each returns edits that replace only the regions whose content changes, with
// offsets in the current text, so a person's own text (anywhere outside a region) stays byte for byte and an
// editor can apply the edits without rewriting the file. A region the person deleted is inserted back in its place.
// Nothing a person typed is lost: lines typed inside a region the update rewrites, which the extension does not read,
// are moved out just below it; damaged markers are repaired first when the repair is certain (damage.ts), and
// otherwise the update is refused (ReportUpdateRefused) with the line to fix.
import type { Playbook, Step } from '../playbook/model';
import { findStep } from '../playbook/query';
import { encodeLine, trimBlanks } from './escape';
import { readHeader, renderHeader } from './headerFormat';
import { matchLines } from './lineMatch';
import { emptyStepState, type ReportHeader, type RunRecord, type StepState } from './model';
import { ReportUpdateRefused, type ReportUpdate } from './refused';
import { phaseLines, untouchedStepLine } from './render';
import { smallestReplacement } from './replacement';
import { formatRunRecord, parseRunRecord } from './runFormat';
import { findRegion, innerLines, regionSpan, scanReport, type Region, type ScannedReport } from './markerRegions';
import { leafKey, readableLeaves, repairDamage, type Broken, type RepairedText } from './damage';
import {
  isBareLeaf,
  own,
  readStep,
  rebuildTextRegion,
  renderStep,
  stepLeaves,
  stepOpenMarker,
  stepView,
  type LeafSpec,
} from './stepFormat';
import { applyEdits, type TextEdit } from './textEdit';

export { applyEdits, type TextEdit };

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
  return next && next.text.startsWith('#') && step.openLine + 1 <= step.closeLine
    ? next.end
    : doc.lines[step.openLine].end;
}

function leafText(leaf: LeafSpec, withSection: boolean): string {
  return [...(withSection && leaf.section ? [leaf.section, ''] : []), ...leaf.frame, leaf.text].join('\n');
}

/** The index of the step's one "not started" line, outside every region; -1 when it is not there as written. */
function untouchedLineIndex(doc: ScannedReport, playbook: Playbook, stepId: string): number {
  const step = findStep(playbook, stepId);
  if (!step) return -1;
  const wanted = untouchedStepLine(step.title, playbook.language);
  const inRegion = (i: number) => doc.regions.some(r => r.kind !== 'phase' && r.openLine <= i && i <= r.closeLine);
  return doc.lines.findIndex((l, i) => l.text === wanted && !inRegion(i));
}

/** The step's "not started" line replaced by its region, with a blank line on each side. */
function replaceUntouched(doc: ScannedReport, index: number, rendered: string): TextEdit {
  const blank = (i: number) => i < 0 || i >= doc.lines.length || trimBlanks(doc.lines[i].text) === '';
  const before = blank(index - 1) ? '' : '\n';
  const after = blank(index + 1) ? '' : '\n';
  const line = doc.lines[index];
  return { start: line.start, end: line.end, newText: inDocEol(doc, before + rendered + after) };
}

/**
 * Where a missing step region goes: in place of its "not started" line, else next to its neighbours in the playbook,
 * under its phase heading.
 */
function insertStep(doc: ScannedReport, text: string, playbook: Playbook, stepId: string, rendered: string): TextEdit {
  const untouched = untouchedLineIndex(doc, playbook, stepId);
  if (untouched >= 0) return replaceUntouched(doc, untouched, rendered);
  const after = (region: Region, body: string) => insertAt(doc, regionSpan(doc, region).end, '\n\n' + body);
  const before = (region: Region, body: string) => insertAt(doc, doc.lines[region.openLine].start, body + '\n\n');
  const phaseIndex = playbook.phases.findIndex(p => p.steps.some(s => s.id === stepId));
  if (phaseIndex >= 0) {
    const phase = playbook.phases[phaseIndex];
    const index = phase.steps.findIndex(s => s.id === stepId);
    const previous = phase.steps
      .slice(0, index)
      .reverse()
      .map(s => stepRegion(doc, s.id))
      .find(r => r);
    if (previous) return after(previous, rendered);
    const next = phase.steps
      .slice(index + 1)
      .map(s => stepRegion(doc, s.id))
      .find(r => r);
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

/** The line a person reads above lines the extension moved out of a region (a quote, so it stands out in a preview). */
function movedOutNote(kind: string): string {
  return (
    `> **IR Playbook:** the lines below were inside the ${kind} region above, where the extension does not read ` +
    'them; the update moved them here unchanged.'
  );
}

/**
 * Replaces a region with `rendered`, and puts the person's `foreign` lines, unchanged, just below it. A marker line
 * among them goes too (a moved run marker carries the run's id): inside an intact region only markers the scanner
 * ignores can sit, and just after the region it ignores them for the same reason.
 */
function replaceKeeping(
  doc: ScannedReport,
  text: string,
  region: Region,
  rendered: string,
  foreign: string[],
): TextEdit[] {
  const moved = foreign.length === 0 ? [] : ['', movedOutNote(region.kind), '', ...foreign];
  return replaceRegion(doc, text, region, [rendered, ...moved].join('\n'));
}

/** Non-blank lines inside the region that are not among the lines of `basis` (a rendering of the region). */
function foreignLines(doc: ScannedReport, region: Region, basis: string): string[] {
  const inner = innerLines(doc, region).map(l => l.text);
  const pairs = matchLines(inner, basis.split('\n').slice(1, -1));
  return inner.filter((line, i) => pairs[i] < 0 && trimBlanks(line) !== '');
}

function refuse(broken: Map<string, Broken>, key: string, doc: ScannedReport, region: Region): never {
  const known = broken.get(key);
  throw new ReportUpdateRefused(
    known?.line ?? region.openLine + 1,
    known?.message ?? `the ${region.kind} region opened here is damaged; check its markers, then repeat the change.`,
  );
}

/** A run the state no longer lists: its record stays, as text, with a line that says so (run records are evidence). */
function keepRunAsText(doc: ScannedReport, text: string, region: Region): TextEdit[] {
  const inner = innerLines(doc, region).map(l => l.text);
  while (inner.length > 0 && trimBlanks(inner[inner.length - 1]) === '') inner.pop();
  const note =
    `> **IR Playbook:** run ${encodeLine(region.attrs.id ?? '')} is no longer one of this step's runs; ` +
    'its record stays here as text.';
  return replaceRegion(doc, text, region, [note, '', ...inner].join('\n'));
}

interface StepContext {
  doc: ScannedReport;
  text: string;
  /** Keys (damage.ts leafKey) of the regions the caller's state was read from; the others it has never seen. */
  seen: Set<string>;
  broken: Map<string, Broken>;
  /** The playbook's language, which picks the section headings of inserted regions. */
  language: string | undefined;
}

function runEdits(ctx: StepContext, container: Region, runs: RunRecord[]): TextEdit[] {
  const { doc, text, seen } = ctx;
  const existing = container.children.filter(c => c.kind === 'run');
  const byId = new Map<string, Region>();
  for (const r of existing) if (!byId.has(r.attrs.id ?? '')) byId.set(r.attrs.id ?? '', r);
  const brokenRun = existing.find(r => r.damaged && ctx.broken.has(leafKey(r)));
  const containerSeen = seen.has('runs');
  // A run not in the report yet is the newest: it goes after every record there, seen by the caller or not.
  const last = existing.filter(r => !r.damaged).pop();
  const anchor = last ? regionSpan(doc, last).end : doc.lines[container.openLine].end;
  let separator = last ? '\n\n' : '\n';
  const edits: TextEdit[] = [];
  const used = new Set<Region>();
  for (const run of runs) {
    const region = byId.get(run.runId);
    if (region && !used.has(region)) {
      used.add(region);
      if (!region.damaged && containerSeen && seen.has(leafKey(region))) {
        const read = formatRunRecord(parseRunRecord(run.runId, innerLines(doc, region), region.openLine + 1, []));
        const wanted = formatRunRecord(run);
        if (read !== wanted) edits.push(...replaceKeeping(doc, text, region, wanted, foreignLines(doc, region, read)));
      }
    } else {
      if (brokenRun) refuse(ctx.broken, leafKey(brokenRun), doc, brokenRun);
      edits.push(insertAt(doc, anchor, separator + formatRunRecord(run)));
      separator = '\n\n';
    }
  }
  if (containerSeen) {
    for (const region of byId.values()) {
      const unlisted = !used.has(region) && !region.damaged && seen.has(leafKey(region));
      if (unlisted) edits.push(...keepRunAsText(doc, text, region));
    }
  }
  return edits;
}

/** The value a region reads as when it is damaged or missing: a caller that read it that way has this value. */
function isUnread(leaf: LeafSpec, state: StepState): boolean {
  switch (leaf.kind) {
    case 'status':
      return state.status === 'not-started' && state.startedAt === undefined && state.completedAt === undefined;
    case 'checklist':
      return Object.keys(state.checklist).length === 0;
    case 'answer':
      return own(state.answers, leaf.id ?? '') === undefined;
    case 'notes':
      return state.notes === '';
    case 'runs':
      return state.runs.length === 0;
  }
}

/** Edits of one status, checklist, answer or notes region that is intact. */
function leafEdits(
  ctx: StepContext,
  region: Region,
  leaf: LeafSpec,
  readLeaf: LeafSpec | undefined,
  read: StepState,
  wanted: StepState,
): TextEdit[] {
  const { doc, text } = ctx;
  const seen = ctx.seen.has(leafKey(region));
  if (leaf.kind === 'answer' || leaf.kind === 'notes') {
    const value = (state: StepState) => (leaf.kind === 'notes' ? state.notes : own(state.answers, leaf.id ?? ''));
    if (value(read) === value(wanted) || (!seen && isUnread(leaf, wanted))) return [];
    const rebuilt = rebuildTextRegion(
      leaf.text,
      value(wanted) ?? '',
      innerLines(doc, region).map(l => l.text),
    );
    // A person replaces the text they saw; text the caller never saw (the region was damaged) is kept below.
    return replaceKeeping(doc, text, region, rebuilt.text, seen ? [] : rebuilt.dropped);
  }
  if (readLeaf?.text === leaf.text || (!seen && isUnread(leaf, wanted))) return [];
  const basis = seen && readLeaf ? readLeaf.text : leaf.text;
  return replaceKeeping(doc, text, region, leaf.text, foreignLines(doc, region, basis));
}

function stepEdits(
  ctx: StepContext,
  step: Region,
  playbookStep: Step | undefined,
  stepId: string,
  stepState: StepState,
): TextEdit[] {
  const { doc } = ctx;
  const edits: TextEdit[] = [];
  const opener = doc.lines[step.openLine];
  const wantedOpener = stepOpenMarker(stepId, false);
  if (opener.text !== wantedOpener) edits.push({ start: opener.start, end: opener.end, newText: wantedOpener });
  const read = readStep(doc, step, []) ?? emptyStepState();
  const readLeaves = stepLeaves(stepView(stepId, playbookStep, read, ctx.language), read);
  let anchor = headEnd(doc, step);
  for (const leaf of stepLeaves(stepView(stepId, playbookStep, stepState, ctx.language), stepState)) {
    const region = findRegion(step.children, leaf.kind, leaf.id);
    if (!region) {
      if (!isBareLeaf(leaf, stepState))
        edits.push(insertAt(doc, anchor, '\n\n' + leafText(leaf, !step.children.some(c => c.kind === leaf.kind))));
      continue;
    }
    if (region.damaged) {
      if (!isUnread(leaf, stepState)) refuse(ctx.broken, leafKey(region), doc, region);
    } else if (leaf.kind === 'runs') {
      edits.push(...runEdits(ctx, region, stepState.runs));
    } else {
      const readLeaf = readLeaves.find(l => l.kind === leaf.kind && l.id === leaf.id);
      edits.push(...leafEdits(ctx, region, leaf, readLeaf, read, stepState));
    }
    anchor = regionSpan(doc, region).end;
  }
  return edits;
}

/** Line endings of CR alone put the whole report on one line: no region could be found, so nothing is written. */
export function refuseLoneCr(text: string): void {
  if (text.includes('\r') && !text.includes('\n')) {
    throw new ReportUpdateRefused(
      1,
      'the lines of the report end with CR alone (old Mac line endings), which the ' +
        'extension cannot read; convert the file to LF or CRLF line endings, then repeat the change.',
    );
  }
}

/** The update, computed on the repaired text, as edits of the text the caller gave. */
function asUpdate(text: string, repaired: RepairedText, edits: TextEdit[]): ReportUpdate {
  if (repaired.text === text) return { edits, repairs: repaired.repairs };
  const whole = smallestReplacement(text, applyEdits(repaired.text, edits));
  return { edits: whole ? [whole] : [], repairs: repaired.repairs };
}

/** Edits that make the step's regions say what `stepState` says, with the repairs made on the way. */
export function planStepUpdate(text: string, playbook: Playbook, stepId: string, stepState: StepState): ReportUpdate {
  refuseLoneCr(text);
  const playbookStep = findStep(playbook, stepId);
  const view = stepView(stepId, playbookStep, stepState, playbook.language);
  const original = scanReport(text);
  const seen = readableLeaves(original, stepId);
  const repaired = repairDamage(text, { stepId, canonicalStep: renderStep(view, stepState, true) }, original);
  const doc = repaired.doc;
  const step = stepRegion(doc, stepId);
  if (!step) {
    return asUpdate(text, repaired, [insertStep(doc, repaired.text, playbook, stepId, renderStep(view, stepState))]);
  }
  const ctx: StepContext = { doc, text: repaired.text, seen, broken: repaired.broken, language: playbook.language };
  return asUpdate(text, repaired, stepEdits(ctx, step, playbookStep, stepId, stepState));
}

/** Edits that make the step's regions say what `stepState` says (see planStepUpdate). */
export function updateStep(text: string, playbook: Playbook, stepId: string, stepState: StepState): TextEdit[] {
  return planStepUpdate(text, playbook, stepId, stepState).edits;
}

/** Edits that make the header say what `header` says, with the repairs made on the way. */
export function planHeaderUpdate(text: string, header: ReportHeader): ReportUpdate {
  refuseLoneCr(text);
  const original = scanReport(text);
  const before = findRegion(original.regions, 'header');
  const repaired = repairDamage(text, { header: true }, original);
  const doc = repaired.doc;
  const region = findRegion(doc.regions, 'header');
  if (!region) {
    const top = repaired.text.startsWith('\uFEFF') ? 1 : 0;
    return asUpdate(text, repaired, [insertAt(doc, top, renderHeader(header) + '\n\n')]);
  }
  if (region.damaged) refuse(repaired.broken, 'header', doc, region);
  const wanted = renderHeader(header);
  const read = renderHeader(readHeader(doc, region, []));
  if (read === wanted) return asUpdate(text, repaired, []);
  const basis = before && !before.damaged ? read : wanted;
  return asUpdate(text, repaired, replaceKeeping(doc, repaired.text, region, wanted, foreignLines(doc, region, basis)));
}

/** Edits that make the header say what `header` says (see planHeaderUpdate). */
export function updateHeader(text: string, header: ReportHeader): TextEdit[] {
  return planHeaderUpdate(text, header).edits;
}

/** Edits that add one run at the end of the step's runs, with the repairs made on the way. */
export function planRunAppend(text: string, playbook: Playbook, stepId: string, run: RunRecord): ReportUpdate {
  refuseLoneCr(text);
  const playbookStep = findStep(playbook, stepId);
  const original = scanReport(text);
  const before = stepRegion(original, stepId);
  const read = (before && readStep(original, before, [])) ?? emptyStepState();
  const canonicalStep = renderStep(stepView(stepId, playbookStep, read, playbook.language), read, true);
  const repaired = repairDamage(text, { stepId, canonicalStep }, original);
  const doc = repaired.doc;
  const step = stepRegion(doc, stepId);
  const stepState: StepState = { ...emptyStepState(), runs: [run] };
  if (!step) {
    const rendered = renderStep(stepView(stepId, playbookStep, stepState, playbook.language), stepState);
    return asUpdate(text, repaired, [insertStep(doc, repaired.text, playbook, stepId, rendered)]);
  }
  const container = findRegion(step.children, 'runs');
  if (!container) {
    const runsLeaf = stepLeaves(stepView(stepId, undefined, stepState, playbook.language), stepState).find(
      l => l.kind === 'runs',
    ) as LeafSpec;
    const last = step.children[step.children.length - 1];
    const at = last ? regionSpan(doc, last).end : headEnd(doc, step);
    return asUpdate(text, repaired, [insertAt(doc, at, '\n\n' + leafText(runsLeaf, true))]);
  }
  const runs = container.children.filter(c => c.kind === 'run');
  const brokenRun = runs.find(r => r.damaged);
  const damaged = brokenRun ?? (container.damaged ? container : undefined);
  if (damaged) refuse(repaired.broken, leafKey(damaged), doc, damaged);
  const lastRun = runs[runs.length - 1];
  return asUpdate(
    text,
    repaired,
    lastRun
      ? [insertAt(doc, regionSpan(doc, lastRun).end, '\n\n' + formatRunRecord(run))]
      : [insertAt(doc, doc.lines[container.openLine].end, '\n' + formatRunRecord(run))],
  );
}

/** Edits that add one run at the end of the step's runs (see planRunAppend). */
export function appendRun(text: string, playbook: Playbook, stepId: string, run: RunRecord): TextEdit[] {
  return planRunAppend(text, playbook, stepId, run).edits;
}
