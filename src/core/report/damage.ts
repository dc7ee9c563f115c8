// Damaged markers in the part of a report an update is about to write (one step, or the header). Some damage has one
// certain repair that loses nothing: a marker typed in capitals, indented or continued with text on its line is
// rewritten as the marker and the text put on its own line; a missing closing marker goes where the extension's own
// lines of the region end. The rest is "broken": the update refuses to write there and names the line and the fix.
import { headerOwnLines } from './headerFormat';
import { looseKey } from './lineMatch';
import {
  closeMarker,
  damagedMarker,
  findRegion,
  innerLines,
  scanReport,
  type Region,
  type ScannedReport,
} from './markerRegions';
import type { Repair } from './refused';
import { formatRunRecord, parseRunRecord } from './runFormat';
import { ownLines } from './stepFormat';
import { applyEdits, type TextEdit } from './textEdit';

/** The part of the report an update writes: a step (with the text the extension would write for it) or the header. */
type DamageScope = { stepId: string; canonicalStep: string } | { header: true };

/** A damaged region no repair is certain for: where the person has to look (1-based) and what to do. */
export interface Broken {
  line: number;
  message: string;
}

export interface RepairedText {
  /** The text with every certain repair made. */
  text: string;
  /** The scan of `text`. */
  doc: ScannedReport;
  repairs: Repair[];
  /** Damaged regions left as they were, by leafKey. */
  broken: Map<string, Broken>;
}

/** Maps a line index of the text being repaired to the 1-based line of the text as the person last saw it. */
type LineOf = (index: number) => number;

type Finding =
  | { key: string; edits: TextEdit[]; describe: (lineOf: LineOf) => Repair[] }
  | { key: string; broken: (lineOf: LineOf) => Broken };

/** What identifies a region of a step across edits: its kind, and the question id or run id. */
export function leafKey(region: Region): string {
  if (region.kind === 'answer') return `answer:${region.attrs.id ?? ''}`;
  if (region.kind === 'run') return `run:${region.attrs.id ?? ''}`;
  return region.kind;
}

function firstOfKey(regions: Region[]): Region[] {
  const seen = new Set<string>();
  return regions.filter(r => !seen.has(leafKey(r)) && seen.add(leafKey(r)));
}

/** The regions of a step the reader takes its state from: undamaged, the first of their kind (runs: in such a runs
 * region). */
export function readableLeaves(doc: ScannedReport, stepId: string): Set<string> {
  const keys = new Set<string>();
  const step = findRegion(doc.regions, 'step', stepId);
  for (const child of firstOfKey(step?.children ?? []).filter(c => !c.damaged)) {
    keys.add(leafKey(child));
    if (child.kind === 'runs') for (const run of child.children.filter(r => !r.damaged)) keys.add(leafKey(run));
  }
  return keys;
}

function scopeRegion(doc: ScannedReport, scope: DamageScope): Region | undefined {
  return 'header' in scope ? findRegion(doc.regions, 'header') : findRegion(doc.regions, 'step', scope.stepId);
}

/** Regions whose inside is a person's or the extension's content (a damaged-looking marker there is text). */
function contentRegions(target: Region): Region[] {
  if (target.kind === 'header') return [target];
  return target.children.flatMap(c => (c.kind === 'runs' ? c.children : [c]));
}

/** Markers damaged by hand (capitals, indentation, text after them) anywhere in the scope but inside intact content. */
function damagedMarkerLines(doc: ScannedReport, target: Region): Finding | undefined {
  const content = contentRegions(target).filter(r => !r.damaged);
  const edits: TextEdit[] = [];
  const found: { index: number; rest: boolean; marker: string }[] = [];
  for (let index = target.openLine; index <= target.closeLine; index++) {
    if (content.some(r => index > r.openLine && index < r.closeLine)) continue;
    const damaged = damagedMarker(doc.lines[index].text);
    if (!damaged) continue;
    const line = doc.lines[index];
    const newText = damaged.rest ? `${damaged.marker}${doc.eol}${damaged.rest}` : damaged.marker;
    edits.push({ start: line.start, end: line.end, newText });
    found.push({ index, rest: damaged.rest !== '', marker: damaged.marker });
  }
  if (edits.length === 0) return undefined;
  return {
    key: 'markers',
    edits,
    describe: lineOf =>
      found.map(f => ({
        line: lineOf(f.index),
        message:
          `line ${lineOf(f.index)} was read as the marker ${f.marker}` +
          (f.rest
            ? '; the text after it on that line now has a line of its own.'
            : ' (markers are lower case, at the start of their line).'),
      })),
  };
}

/** Inserts a region's closing marker on a line of its own after line `index`. */
function closeAfter(doc: ScannedReport, index: number, region: Region): TextEdit {
  return { start: doc.lines[index].end, end: doc.lines[index].end, newText: doc.eol + closeMarker(region.kind) };
}

/** The number of leading lines of `lines` that say what `own` says, line for line. */
function sharedPrefix(lines: string[], own: string[]): number {
  let n = 0;
  while (n < lines.length && n < own.length && looseKey(lines[n]) === looseKey(own[n])) n++;
  return n;
}

/** The lines the extension writes inside a status, checklist, run or header region for what is read there now. */
function rereadOwnLines(doc: ScannedReport, region: Region): string[] {
  if (region.kind === 'header') return headerOwnLines(doc, region);
  if (region.kind === 'run') {
    const record = parseRunRecord(region.attrs.id ?? '', innerLines(doc, region), region.openLine + 1, []);
    return formatRunRecord(record).split('\n').slice(1, -1);
  }
  return ownLines(doc, region);
}

/** The lines the extension writes between a text region and the marker after it, when that marker is `nextKey`. */
function expectedGap(canonicalStep: string, key: string, nextKey: string): string[] | undefined {
  const doc = scanReport(canonicalStep);
  const step = doc.regions[0];
  const at = step ? step.children.findIndex(c => leafKey(c) === key) : -1;
  if (at < 0) return undefined;
  const next = step.children[at + 1];
  if (next ? leafKey(next) !== nextKey : nextKey !== '/step') return undefined;
  return doc.lines.slice(step.children[at].closeLine + 1, next ? next.openLine : step.closeLine).map(l => l.text);
}

function describeLine(doc: ScannedReport, index: number): string {
  const text = doc.lines[index]?.text ?? '';
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** A region the scanner closed at the next marker because its closing marker is missing. */
function unclosed(doc: ScannedReport, target: Region, region: Region, scope: DamageScope): Finding {
  const key = leafKey(region);
  const close = closeMarker(region.kind);
  const next = region.closeLine + 1;
  const nextRegion =
    target.children.find(c => c.openLine === next) ??
    (region.kind === 'run' ? target.children.flatMap(c => c.children).find(c => c.openLine === next) : undefined);
  if (nextRegion && leafKey(nextRegion) === key) {
    return {
      key,
      broken: lineOf => ({
        line: lineOf(next),
        message:
          `it repeats the opening marker of line ${lineOf(region.openLine)} ("${describeLine(doc, next)}"); ` +
          'delete one of the two.',
      }),
    };
  }
  const refuse: Finding = {
    key,
    broken: lineOf => ({
      line: lineOf(region.openLine),
      message:
        `the ${region.kind} region opened here has no closing marker ${close}; put it on its own line where the ` +
        `region ends${next < doc.lines.length ? ` (before line ${lineOf(next)})` : ''}, then repeat the change.`,
    }),
  };
  const inner = innerLines(doc, region).map(l => l.text);
  let lastInside: number;
  if (region.kind === 'runs') {
    const runs = region.children.filter(c => c.kind === 'run');
    lastInside = runs.length > 0 ? runs[runs.length - 1].closeLine : region.openLine;
  } else if (region.kind === 'answer' || region.kind === 'notes') {
    const nextKey = nextRegion ? leafKey(nextRegion) : next === target.closeLine ? '/step' : '';
    const gap = 'canonicalStep' in scope ? expectedGap(scope.canonicalStep, key, nextKey) : undefined;
    const tail = gap ? inner.slice(inner.length - gap.length) : [];
    if (!gap || gap.length > inner.length || tail.some((line, i) => looseKey(line) !== looseKey(gap[i]))) return refuse;
    lastInside = region.openLine + inner.length - gap.length;
  } else {
    const own = rereadOwnLines(doc, region);
    if (sharedPrefix(inner, own) < own.length) return refuse;
    lastInside = region.openLine + own.length;
  }
  return {
    key,
    edits: [closeAfter(doc, lastInside, region)],
    describe: lineOf => [
      {
        line: lineOf(region.openLine),
        message:
          `the ${region.kind} region opened at line ${lineOf(region.openLine)} had no closing marker; ` +
          `${close} was added after line ${lineOf(lastInside)}${
            region.kind === 'notes' || region.kind === 'answer'
              ? ", where the extension's own lines after it start: move it up if the text ends earlier"
              : ''
          }.`,
      },
    ],
  };
}

function nextDamage(
  doc: ScannedReport,
  target: Region,
  scope: DamageScope,
  broken: Map<string, Broken>,
): Finding | undefined {
  const markers = damagedMarkerLines(doc, target);
  if (markers) return markers;
  const candidates =
    target.kind === 'header'
      ? [target]
      : firstOfKey(target.children).flatMap(c =>
          c.kind === 'runs' ? [...c.children.filter(r => r.kind === 'run'), c] : [c],
        );
  const region = candidates.find(r => r.damaged && !broken.has(leafKey(r)));
  return region ? unclosed(doc, target, region, scope) : undefined;
}

/** Maps an offset of the text after `edits` (sorted, applied together) back to the text before them. */
function offsetBefore(edits: TextEdit[], offset: number): number {
  let delta = 0;
  for (const e of edits) {
    const start = e.start + delta;
    if (offset < start) break;
    if (offset < start + e.newText.length) return e.start;
    delta += e.newText.length - (e.end - e.start);
  }
  return offset - delta;
}

/**
 * Every certain repair of the scope's damaged markers, one at a time (each changes how the rest reads). `scanned` is
 * the scan of `text`, when the caller has it already.
 */
export function repairDamage(text: string, scope: DamageScope, scanned = scanReport(text)): RepairedText {
  const rounds: TextEdit[][] = [];
  const repairs: Repair[] = [];
  const broken = new Map<string, Broken>();
  let current = text;
  let doc = scanned;
  // Each round repairs a marker or marks a region broken, and neither can happen twice; the bound is a safety net.
  for (let round = 0; round < 10_000; round++) {
    const target = scopeRegion(doc, scope);
    const finding = target && nextDamage(doc, target, scope, broken);
    if (!finding) break;
    const lineOf: LineOf = index => {
      let offset = index < doc.lines.length ? doc.lines[index].start : current.length;
      for (let r = rounds.length - 1; r >= 0; r--) offset = offsetBefore(rounds[r], offset);
      return text.slice(0, offset).split('\n').length;
    };
    if ('broken' in finding) {
      broken.set(finding.key, finding.broken(lineOf));
      continue;
    }
    repairs.push(...finding.describe(lineOf));
    const sorted = [...finding.edits].sort((a, b) => a.start - b.start);
    current = applyEdits(current, sorted);
    doc = scanReport(current);
    rounds.push(sorted);
  }
  return { text: current, doc, repairs, broken };
}
