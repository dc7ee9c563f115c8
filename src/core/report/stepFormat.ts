// One step of the report: a step region holding a status, checklist, answers, notes and runs region each.
// Text between those regions (headings, question text, anything a person adds) belongs to the person.
// An `unset` flag on a marker records that the state had no entry there, so reading gives back exactly the state
// that was written (an unticked box or an empty answer stays "no entry" until someone fills it in).
import type { Diagnostic, Step } from '../playbook/model';
import { decodeBlock, encodeBlock, encodeLine, trimBlanks } from './escape';
import { fieldLine, fieldValue, readFields } from './fields';
import { emptyStepState, type StepState, type StepStatus } from './model';
import { reportHeadings, type ReportHeadings } from './headings';
import { formatRunRecord, parseRunRecord } from './runFormat';
import {
  closeMarker,
  innerLines,
  openMarker,
  parseAttrs,
  type Attrs,
  type Region,
  type RegionKind,
  type ScannedReport,
} from './markerRegions';

const UNSET = 'unset';
const STATUSES: StepStatus[] = ['not-started', 'in-progress', 'done', 'skipped'];

/** What the step looks like in the report: the playbook's items and questions plus any the state alone knows. */
export interface StepView {
  id: string;
  title: string;
  items: { id: string; text: string }[];
  questions: { id: string; text: string }[];
  headings: ReportHeadings;
}

export function own<T>(record: Record<string, T>, key: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}

function withExtras(listed: { id: string; text: string }[], keys: string[]): { id: string; text: string }[] {
  const known = new Set(listed.map(x => x.id));
  return [...listed, ...keys.filter(k => !known.has(k)).map(k => ({ id: k, text: k }))];
}

/** `language`: the playbook's, which picks the section headings. */
export function stepView(
  id: string,
  step: Step | undefined,
  state: StepState | undefined,
  language: string | undefined,
): StepView {
  return {
    id,
    headings: reportHeadings(language),
    title: step?.title ?? id,
    items: withExtras(
      step?.checklist.map(c => ({ id: c.id, text: c.text })) ?? [],
      Object.keys(state?.checklist ?? {}),
    ),
    questions: withExtras(
      step?.questions.map(q => ({ id: q.id, text: q.text })) ?? [],
      Object.keys(state?.answers ?? {}),
    ),
  };
}

type LeafKind = Extract<RegionKind, 'status' | 'checklist' | 'answer' | 'notes' | 'runs'>;

/** One region of a step as it should read, with what goes in front of it when it has to be (re)inserted. */
export interface LeafSpec {
  kind: LeafKind;
  /** Answers only: the question id. */
  id?: string;
  /** Heading of the section the region belongs to, written once before the section's first region. */
  section?: string;
  /** Lines in front of this region alone (the question text). */
  frame: string[];
  /** The region, marker lines included, lines joined with "\n". */
  text: string;
}

const flag = (attrs: Attrs, unset: boolean): Attrs => (unset ? { ...attrs, [UNSET]: '' } : attrs);

function textRegionLines(open: string, body: string[], close: string): string[] {
  return [open, '', ...body, ...(body.length > 0 ? [''] : []), close];
}

function textRegion(kind: 'answer' | 'notes', attrs: Attrs, value: string): string {
  return textRegionLines(openMarker(kind, attrs), encodeBlock(value), closeMarker(kind)).join('\n');
}

/** The lines of an answer or notes region without the one blank line of padding on each side. */
function withoutPadding(lines: string[]): string[] {
  const body = [...lines];
  if (body.length > 0 && isBlank(body[0])) body.shift();
  if (body.length > 0 && isBlank(body[body.length - 1])) body.pop();
  return body;
}

/**
 * An answer or notes region (`rendered`, as stepLeaves writes it for `value`) that keeps the person's own lines where
 * the new value still holds them: a line typed by hand reads back the same wherever it sits, so the lines the old and
 * new values share at their start and at their end are kept as typed instead of re-encoded. `dropped` are the old
 * lines the new value no longer holds.
 */
export function rebuildTextRegion(
  rendered: string,
  value: string,
  previous: string[],
): { text: string; dropped: string[] } {
  const lines = rendered.split('\n');
  const encoded = encodeBlock(value);
  const wanted = value === '' ? [] : value.split('\n');
  const old = withoutPadding(previous);
  // One typed line can stand for several lines of the value (a `&#10;` in it), so each is matched as a block.
  const blocks = old.map(line => decodeBlock([line]).split('\n'));
  const fits = (block: string[], at: number) =>
    at >= 0 && at + block.length <= wanted.length && block.every((l, i) => wanted[at + i] === l);
  let head = 0;
  let headLines = 0;
  while (head < blocks.length && fits(blocks[head], headLines)) headLines += blocks[head++].length;
  let tail = old.length;
  let tailLines = wanted.length;
  const lastFits = () =>
    tail > head &&
    tailLines - blocks[tail - 1].length >= headLines &&
    fits(blocks[tail - 1], tailLines - blocks[tail - 1].length);
  while (lastFits()) tailLines -= blocks[--tail].length;
  const body = [...old.slice(0, head), ...encoded.slice(headLines, tailLines), ...old.slice(tail)];
  return {
    text: textRegionLines(lines[0], body, lines[lines.length - 1]).join('\n'),
    dropped: old.slice(head, tail).filter(line => !isBlank(line)),
  };
}

function statusWords(status: StepStatus): string {
  return status.replace('-', ' ');
}

function statusLines(state: StepState): string[] {
  return [
    openMarker('status'),
    fieldLine('Status', statusWords(state.status)),
    ...(state.startedAt !== undefined ? [fieldLine('Started', state.startedAt)] : []),
    ...(state.completedAt !== undefined ? [fieldLine('Completed', state.completedAt)] : []),
    closeMarker('status'),
  ];
}

export function stepLeaves(view: StepView, state: StepState): LeafSpec[] {
  const leaves: LeafSpec[] = [];
  leaves.push({ kind: 'status', frame: [], text: statusLines(state).join('\n') });
  if (view.items.length > 0) {
    const items = view.items.map(item => {
      const ticked = own(state.checklist, item.id);
      return `- [${ticked ? 'x' : ' '}] ${encodeLine(item.text)} ${itemTag(item.id, ticked === undefined)}`;
    });
    leaves.push({
      kind: 'checklist',
      section: view.headings.checklist,
      frame: [],
      text: [openMarker('checklist'), ...items, closeMarker('checklist')].join('\n'),
    });
  }
  for (const q of view.questions) {
    const answer = own(state.answers, q.id);
    leaves.push({
      kind: 'answer',
      id: q.id,
      section: view.headings.questions,
      frame: [`${view.headings.question} ${encodeLine(q.text)}`, ''],
      text: textRegion('answer', flag({ id: q.id }, answer === undefined), answer ?? ''),
    });
  }
  leaves.push({ kind: 'notes', section: view.headings.notes, frame: [], text: textRegion('notes', {}, state.notes) });
  const runs = state.runs.map(formatRunRecord);
  leaves.push({
    kind: 'runs',
    section: view.headings.runs,
    frame: [],
    text: [openMarker('runs'), runs.join('\n\n'), closeMarker('runs')].filter(l => l !== '').join('\n'),
  });
  return leaves;
}

export function stepOpenMarker(id: string, unset: boolean): string {
  return openMarker('step', flag({ id }, unset));
}

/**
 * Empty notes and runs read the same with or without their region, so a step leaves them out until it has some: an
 * update inserts the region (under its section heading) when there is something to write.
 */
export function isBareLeaf(leaf: LeafSpec, state: StepState): boolean {
  return (leaf.kind === 'notes' && state.notes === '') || (leaf.kind === 'runs' && state.runs.length === 0);
}

/**
 * A whole step region; `state` undefined renders an empty step flagged as not in the state. `full` keeps empty notes
 * and runs regions: the shape damage repair compares a report against (reports once wrote them).
 */
export function renderStep(view: StepView, state: StepState | undefined, full = false): string {
  const lines = [stepOpenMarker(view.id, state === undefined), `#### ${encodeLine(view.title)}`, ''];
  let section: string | undefined;
  const filled = state ?? emptyStepState();
  for (const leaf of stepLeaves(view, filled).filter(l => full || !isBareLeaf(l, filled))) {
    if (leaf.section && leaf.section !== section) lines.push(leaf.section, '');
    section = leaf.section;
    lines.push(...leaf.frame, leaf.text, '');
  }
  lines.push(closeMarker('step'));
  return lines.join('\n');
}

// ---- reading ----

/** A checklist line as reports before the document layout wrote it: the item id in a trailing marker. */
const MARKED_ITEM_LINE =
  /^[ \t]*[-*+][ \t]+\[([ xX])\] ?(.*?)[ \t]*<!--\s*irp:item((?:\s+[a-z-]+(?:="[^"]*")?)*)\s*-->\s*$/;
/** A checklist line with the item id in a trailing `{#id}` tag, the way playbooks write item ids. */
const TAGGED_ITEM_LINE = /^[ \t]*[-*+][ \t]+\[([ xX])\] ?(.*?)[ \t]*\{#([^\s{}]+)( unset)?\}\s*$/;

/** Characters an id keeps as they are in its tag; any other UTF-16 unit is written `%XXXX`. */
const PLAIN_ID_CHAR = /[A-Za-z0-9.:-]/;

/** `{#id}`, or `{#id unset}` for an item the state has no entry for (the box is then empty). */
export function itemTag(id: string, unset: boolean): string {
  let encoded = '';
  for (let i = 0; i < id.length; i++) {
    const c = id[i];
    encoded += PLAIN_ID_CHAR.test(c) ? c : '%' + c.charCodeAt(0).toString(16).padStart(4, '0');
  }
  return `{#${encoded === '' ? '%' : encoded}${unset ? ' ' + UNSET : ''}}`;
}

function decodeItemId(tag: string): string {
  return tag === '%' ? '' : tag.replace(/%([0-9a-f]{4})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** The box, id and unset flag of a checklist line in either form; undefined for any other line. */
function readItemLine(line: string): { ticked: boolean; id: string | undefined; unset: boolean } | undefined {
  const tagged = TAGGED_ITEM_LINE.exec(line);
  if (tagged) return { ticked: tagged[1] !== ' ', id: decodeItemId(tagged[3]), unset: tagged[4] !== undefined };
  const marked = MARKED_ITEM_LINE.exec(line);
  if (!marked) return undefined;
  const attrs = parseAttrs(marked[3]);
  return { ticked: marked[1] !== ' ', id: attrs.id, unset: UNSET in attrs };
}

function isBlank(text: string): boolean {
  return trimBlanks(text) === '';
}

/** Free text between a region's markers, without the one blank line of padding on each side. */
function readTextRegion(doc: ScannedReport, region: Region): string {
  return decodeBlock(withoutPadding(innerLines(doc, region).map(l => l.text)));
}

function readStatus(doc: ScannedReport, region: Region, state: StepState, diagnostics: Diagnostic[]): void {
  const fields = readFields(innerLines(doc, region), region.openLine + 1);
  const written = (fieldValue(fields, 'Status') ?? '')
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, '-');
  if (STATUSES.includes(written as StepStatus)) state.status = written as StepStatus;
  else {
    diagnostics.push({
      line: (fields.get('status')?.line ?? region.openLine) + 1,
      column: 1,
      severity: 'error',
      code: 'bad-status',
      message: `Step status "${written}" is not one of: ${STATUSES.map(statusWords).join(', ')}; the step reads as not started.`,
    });
  }
  const started = fieldValue(fields, 'Started');
  const completed = fieldValue(fields, 'Completed');
  if (started !== undefined) state.startedAt = started;
  if (completed !== undefined) state.completedAt = completed;
}

/**
 * The extension's own lines of a status or checklist region as they would be written for what is read there: the
 * status fields, or the box lines. Lines of the region that are not among them are a person's.
 */
export function ownLines(doc: ScannedReport, region: Region): string[] {
  if (region.kind === 'status') {
    const state = emptyStepState();
    readStatus(doc, region, state, []);
    return statusLines(state).slice(1, -1);
  }
  return innerLines(doc, region)
    .map(l => l.text)
    .filter(text => readItemLine(text) !== undefined);
}

function readChecklist(doc: ScannedReport, region: Region): Record<string, boolean> {
  const entries: [string, boolean][] = [];
  for (const line of innerLines(doc, region)) {
    const item = readItemLine(line.text);
    if (item?.id !== undefined && (item.ticked || !item.unset)) entries.push([item.id, item.ticked]);
  }
  return Object.fromEntries(entries);
}

function isEmptyStep(state: StepState): boolean {
  return (
    state.status === 'not-started' &&
    state.startedAt === undefined &&
    state.completedAt === undefined &&
    Object.keys(state.checklist).length === 0 &&
    Object.keys(state.answers).length === 0 &&
    state.notes === '' &&
    state.runs.length === 0
  );
}

/** The step's state, or undefined when the region is flagged unset and nobody has filled anything in. */
export function readStep(doc: ScannedReport, step: Region, diagnostics: Diagnostic[]): StepState | undefined {
  const state = emptyStepState();
  const answers: [string, string][] = [];
  // The first region of a kind (per question for answers) is the step's; updates write to that one too.
  const seen = new Set<string>();
  for (const child of step.children) {
    const key = child.kind === 'answer' ? `answer:${child.attrs.id}` : child.kind;
    if (seen.has(key)) {
      diagnostics.push({
        line: child.openLine + 1,
        column: 1,
        severity: 'warning',
        code: 'duplicate-region',
        message: `A second ${child.kind} region in step "${step.attrs.id}"; it is ignored. Merge it into the first one and delete it.`,
      });
      continue;
    }
    seen.add(key);
    if (child.damaged) continue;
    if (child.kind === 'status') readStatus(doc, child, state, diagnostics);
    else if (child.kind === 'checklist') state.checklist = readChecklist(doc, child);
    else if (child.kind === 'notes') state.notes = readTextRegion(doc, child);
    else if (child.kind === 'answer' && child.attrs.id !== undefined) {
      const text = readTextRegion(doc, child);
      if (text !== '' || !(UNSET in child.attrs)) answers.push([child.attrs.id, text]);
    } else if (child.kind === 'runs') {
      state.runs = child.children
        .filter(r => !r.damaged && r.kind === 'run')
        .map(r => parseRunRecord(r.attrs.id ?? '', innerLines(doc, r), r.openLine + 1, diagnostics));
    }
  }
  state.answers = Object.fromEntries(answers);
  return UNSET in step.attrs && isEmptyStep(state) ? undefined : state;
}
