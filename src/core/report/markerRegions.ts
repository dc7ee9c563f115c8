// Finds the extension-owned regions of a report: HTML comment markers on their own lines,
// `<!-- irp:KIND attrs -->` … `<!-- /irp:KIND -->`. Damage (a missing or stray marker) becomes a diagnostic with
// the line, and scanning goes on so the rest of the report still reads.
import type { Diagnostic } from '../playbook/model';
import { decodeAttr, encodeAttr } from './escape';

export type RegionKind =
  | 'header'
  | 'phase'
  | 'step'
  | 'status'
  | 'checklist'
  | 'answer'
  | 'notes'
  | 'runs'
  | 'run'
  | 'findings'
  | 'finding'
  | 'timeline';

interface KindRule {
  parent: RegionKind | 'root';
  /** Opened and never closed (a position marker). */
  single?: boolean;
}

const RULES: Record<RegionKind, KindRule> = {
  header: { parent: 'root' },
  phase: { parent: 'root', single: true },
  step: { parent: 'root' },
  status: { parent: 'step' },
  checklist: { parent: 'step' },
  answer: { parent: 'step' },
  notes: { parent: 'step' },
  runs: { parent: 'step' },
  run: { parent: 'runs' },
  // The findings section and the timeline generated from the state (src/core/findings/).
  findings: { parent: 'root' },
  finding: { parent: 'findings' },
  timeline: { parent: 'root' },
};

export type Attrs = Record<string, string>;

export interface Line {
  /** Text without the line ending. */
  text: string;
  /** Offset of the first character. */
  start: number;
  /** Offset just past the text (before the line ending). */
  end: number;
}

export interface Region {
  kind: RegionKind;
  attrs: Attrs;
  /** Index of the opening marker line. */
  openLine: number;
  /** Index of the closing marker line; for an unclosed region, the last line it covers. */
  closeLine: number;
  /** True when the closing marker is missing (the region was closed where the next marker forced it). */
  damaged: boolean;
  children: Region[];
}

export interface ScannedReport {
  lines: Line[];
  /** The document's line ending, used for text inserted into it. */
  eol: string;
  regions: Region[];
  diagnostics: Diagnostic[];
}

/** Splits on LF; a CR right before the LF belongs to the line ending. */
function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  // A byte order mark is not part of the first line's text (editors hide it; files read from disk keep it).
  let start = text.startsWith('\uFEFF') ? 1 : 0;
  for (;;) {
    const lf = text.indexOf('\n', start);
    const stop = lf < 0 ? text.length : lf;
    const end = stop > start && text[stop - 1] === '\r' && lf >= 0 ? stop - 1 : stop;
    lines.push({ text: text.slice(start, end), start, end });
    if (lf < 0) return lines;
    start = lf + 1;
  }
}

function detectEol(text: string): string {
  const lf = text.indexOf('\n');
  return lf > 0 && text[lf - 1] === '\r' ? '\r\n' : '\n';
}

const MARKER = /^ {0,3}<!--\s*(\/?)irp:([a-z-]+)((?:\s+[a-z-]+(?:="[^"]*")?)*)\s*-->\s*$/;
const ATTR = /([a-z-]+)(?:="([^"]*)")?/g;

interface Marker {
  closing: boolean;
  kind: string;
  attrs: Attrs;
}

/** True for a line the scanner would take as a marker (verbatim text must never contain one). */
export function isMarkerLine(line: string): boolean {
  return MARKER.test(line);
}

function isRegionKind(kind: string): kind is RegionKind {
  return Object.prototype.hasOwnProperty.call(RULES, kind);
}

/** A marker as a person may damage it by hand: capitals, indentation, text after it on the same line. */
const DAMAGED_MARKER = /^[ \t]*<!--\s*(\/?)irp:([a-z-]+)((?:\s+[a-z-]+(?:="[^"]*")?)*)\s*-->(.*)$/i;

/**
 * For a line that is a marker damaged by hand (the scanner does not take it), the marker it was meant to be and the
 * text that followed it on the line (leading blanks dropped); undefined for any other line.
 */
export function damagedMarker(line: string): { marker: string; rest: string } | undefined {
  if (!line.includes('<!--') || isMarkerLine(line)) return undefined;
  const m = DAMAGED_MARKER.exec(line);
  const kind = m?.[2].toLowerCase() ?? '';
  if (!m || !isRegionKind(kind)) return undefined;
  const lowerNames = (_: string, blank: string, name: string, value = '') => blank + name.toLowerCase() + value;
  const attrs = parseAttrs(m[3].replace(/(\s)([a-z-]+)(="[^"]*")?/gi, lowerNames));
  return { marker: m[1] ? closeMarker(kind) : openMarker(kind, attrs), rest: m[4].replace(/^[ \t]+/, '') };
}

/** Attributes as written in a marker: `a="b"` pairs and bare flags (value ""). */
export function parseAttrs(text: string): Attrs {
  // Names are lower-case letters and '-', so a plain object cannot be handed a special key such as __proto__.
  const attrs: Attrs = {};
  for (const a of text.matchAll(ATTR)) attrs[a[1]] = decodeAttr(a[2] ?? '');
  return attrs;
}

function parseMarker(line: string): Marker | undefined {
  // Most lines are not markers; the cheap test keeps scanning a long report fast.
  if (!line.includes('<!--')) return undefined;
  const m = MARKER.exec(line);
  return m ? { closing: m[1] === '/', kind: m[2], attrs: parseAttrs(m[3]) } : undefined;
}

/** `<!-- irp:kind a="b" flag -->`; attributes with an empty value are written as bare flags. */
export function openMarker(kind: RegionKind | 'item', attrs: Attrs = {}): string {
  const parts = Object.entries(attrs).map(([k, v]) => (v === '' ? k : `${k}="${encodeAttr(v)}"`));
  return `<!-- irp:${[kind, ...parts].join(' ')} -->`;
}

export function closeMarker(kind: RegionKind): string {
  return `<!-- /irp:${kind} -->`;
}

export function scanReport(text: string): ScannedReport {
  const lines = splitLines(text);
  const diagnostics: Diagnostic[] = [];
  const regions: Region[] = [];
  const stack: Region[] = [];
  const report = (line: number, severity: Diagnostic['severity'], code: string, message: string) =>
    diagnostics.push({ line: line + 1, column: 1, severity, code, message });
  const closeUnfinished = (region: Region, lastLine: number) => {
    region.damaged = true;
    region.closeLine = lastLine;
    report(
      region.openLine,
      'error',
      'unclosed-region',
      `The ${region.kind} region opened here has no closing marker ${closeMarker(region.kind)}; add it back after the region's content.`,
    );
  };
  const top = () => stack[stack.length - 1];

  lines.forEach((line, index) => {
    const marker = parseMarker(line.text);
    if (!marker) return;
    const kind = marker.kind;
    if (!isRegionKind(kind)) {
      report(index, 'warning', 'unknown-region', `Unknown report marker "irp:${marker.kind}"; it is ignored.`);
      return;
    }
    if (marker.closing) {
      const at = stack.map(r => r.kind).lastIndexOf(kind);
      if (at < 0) {
        report(
          index,
          'error',
          'stray-close',
          `Closing marker ${closeMarker(kind)} has no matching opening marker; remove it or restore the opening one.`,
        );
        return;
      }
      while (stack.length > at + 1) closeUnfinished(stack.pop() as Region, index - 1);
      (stack.pop() as Region).closeLine = index;
      return;
    }
    const parent = RULES[kind].parent;
    if (parent !== 'root' && !stack.some(r => r.kind === parent)) {
      report(
        index,
        'error',
        'misplaced-region',
        `A ${kind} region must sit inside a ${parent} region; this one is ignored.`,
      );
      return;
    }
    while (stack.length > 0 && top().kind !== parent) closeUnfinished(stack.pop() as Region, index - 1);
    const region: Region = {
      kind,
      attrs: marker.attrs,
      openLine: index,
      closeLine: index,
      damaged: false,
      children: [],
    };
    (stack.length > 0 ? top().children : regions).push(region);
    if (!RULES[kind].single) stack.push(region);
  });
  while (stack.length > 0) closeUnfinished(stack.pop() as Region, lines.length - 1);
  return { lines, eol: detectEol(text), regions, diagnostics };
}

/** Lines strictly between the markers of a region. */
export function innerLines(doc: ScannedReport, region: Region): Line[] {
  const last = region.damaged ? region.closeLine + 1 : region.closeLine;
  return doc.lines.slice(region.openLine + 1, last);
}

/** Offsets of a region from the start of its opening marker to the end of its last line (line ending excluded). */
export function regionSpan(doc: ScannedReport, region: Region): { start: number; end: number } {
  return { start: doc.lines[region.openLine].start, end: doc.lines[region.closeLine].end };
}

export function findRegion(regions: Region[], kind: RegionKind, id?: string): Region | undefined {
  return regions.find(r => r.kind === kind && (id === undefined || r.attrs.id === id));
}
