// The markdown body of a scenario: level-2 headings name the sections; injects and findings are level-3 headings
// inside their sections; questions are list items; each finding holds a ```match block of YAML.
import MarkdownIt from 'markdown-it';
import { LineCounter, parseDocument } from 'yaml';
import type { Diagnostic, SourcePosition } from '../playbook/model';
import { slugify, splitExplicitId } from '../playbook/ids';
import { parseDuration } from '../playbook/parameters';
import { readMatcher } from './matcherSpec';
import type { ExpectedFinding, Inject, Matcher, Scenario, ScenarioQuestion } from './model';
import { YamlReader } from './yamlReader';

type ScenarioBody = Pick<Scenario, 'storyText' | 'injects' | 'facilitatorNotes' | 'questions' | 'findings'>;
type SectionId = 'story' | 'injects' | 'facilitatorNotes' | 'questions' | 'findings';

const SECTION_NAMES: Record<string, SectionId> = {
  story: 'story',
  'the story': 'story',
  background: 'story',
  scenario: 'story',
  injects: 'injects',
  'timed injects': 'injects',
  timeline: 'injects',
  'facilitator notes': 'facilitatorNotes',
  'notes for the facilitator': 'facilitatorNotes',
  facilitator: 'facilitatorNotes',
  questions: 'questions',
  'questions for the team': 'questions',
  'expected findings': 'findings',
  findings: 'findings',
  debrief: 'findings',
};
type Token = MarkdownIt.Token;
const REQUIRED: SectionId[] = ['story', 'injects', 'questions', 'findings'];

interface Heading {
  level: number;
  text: string;
  id?: string;
  /** 0-based body line of the heading and of the first line after its block. */
  line: number;
}

/** Inject times: `T+01:20` (hours:minutes into the exercise), `T+20m`, or an ISO duration `PT1H20M`. */
const INJECT_TIME =
  /^(?:T\s*\+\s*(?:(\d{1,2}):(\d{2})|(\d{1,4})\s*m(?:in)?)|\+?(P(?:\d+D)?T[0-9HMS]+|P\d+D))\b\s*[-–—:·|]?\s*(.*)$/i;

/** Ids are read and made as in playbooks (ids.ts): one rule, linear on any line length. */
function slug(text: string): string {
  return slugify(text, 'item');
}

function splitId(text: string): { text: string; id?: string } {
  const { text: rest, id } = splitExplicitId(text);
  return { text: rest, id };
}

export function readScenarioBody(body: string, bodyFirstLine: number, diagnostics: Diagnostic[]): ScenarioBody {
  const lines = body.split('\n');
  const tokens = new MarkdownIt().parse(body, {});
  const at = (line: number, column = 1): SourcePosition => ({ line: line + bodyFirstLine, column });
  const report = (line: number, code: string, message: string, severity: Diagnostic['severity'] = 'error') =>
    diagnostics.push({ ...at(line), severity, code, message });

  const headings: Heading[] = [];
  tokens.forEach((t, i) => {
    if (t.type === 'heading_open' && t.map) {
      const { text, id } = splitId(tokens[i + 1]?.content ?? '');
      headings.push({ level: Number(t.tag.slice(1)), text, id, line: t.map[0] });
    }
  });
  const rangeEnd = (index: number, level: number) =>
    headings.slice(index + 1).find(h => h.level <= level)?.line ?? lines.length;
  const slice = (from: number, to: number) => lines.slice(from, to).join('\n').trim();

  const out: ScenarioBody = { storyText: '', injects: [], facilitatorNotes: '', questions: [], findings: [] };
  const seen = new Set<SectionId>();
  headings.forEach((h, index) => {
    if (h.level !== 2) return;
    const section = SECTION_NAMES[h.text.toLowerCase().replace(/[*_`]/g, '').trim()];
    if (!section) {
      report(
        h.line,
        'unknown-section',
        `Section "${h.text}" is not a scenario section (Story, Injects, Facilitator notes, Questions, Expected findings); it is ignored.`,
        'warning',
      );
      return;
    }
    if (seen.has(section))
      report(h.line, 'duplicate-section', `Section "${h.text}" appears twice; both are read.`, 'warning');
    seen.add(section);
    const end = rangeEnd(index, 2);
    const children = headings
      .map((c, ci) => ({ c, ci }))
      .filter(({ c }) => c.level === 3 && c.line > h.line && c.line < end);
    if (section === 'story') out.storyText = [out.storyText, slice(h.line + 1, end)].filter(Boolean).join('\n\n');
    else if (section === 'facilitatorNotes')
      out.facilitatorNotes = [out.facilitatorNotes, slice(h.line + 1, end)].filter(Boolean).join('\n\n');
    else if (section === 'questions') out.questions.push(...readQuestions(tokens, h.line, end, at));
    else if (section === 'injects') {
      for (const { c, ci } of children) {
        const inject = readInject(c, slice(c.line + 1, rangeEnd(ci, 3)), at, report);
        if (inject) out.injects.push(inject);
      }
    } else {
      for (const { c, ci } of children) {
        const f = readFinding(c, tokens, lines, rangeEnd(ci, 3), bodyFirstLine, diagnostics, at, report);
        if (f) out.findings.push(f);
      }
    }
    if ((section === 'injects' || section === 'findings') && children.length === 0) {
      report(
        h.line,
        'empty-section',
        `Section "${h.text}" has no entries: write each as a level-3 heading ("### ...").`,
        'warning',
      );
    }
  });
  for (const s of REQUIRED) {
    if (!seen.has(s)) report(0, 'missing-section', `The scenario has no "${sectionTitle(s)}" section.`, 'warning');
  }
  checkUniqueIds(out.injects, 'inject', diagnostics);
  checkUniqueIds(out.questions, 'question', diagnostics);
  checkUniqueIds(out.findings, 'finding', diagnostics);
  out.injects.forEach((inj, i) => {
    if (i > 0 && inj.offsetMinutes < out.injects[i - 1].offsetMinutes) {
      diagnostics.push({
        ...inj.position,
        severity: 'warning',
        code: 'inject-order',
        message: `Inject "${inj.title}" (${inj.offsetText}) comes before the one above it in time.`,
      });
    }
  });
  return out;
}

function sectionTitle(s: SectionId): string {
  return {
    story: 'Story',
    injects: 'Injects',
    facilitatorNotes: 'Facilitator notes',
    questions: 'Questions',
    findings: 'Expected findings',
  }[s];
}

function readInject(
  h: Heading,
  body: string,
  at: (l: number, c?: number) => SourcePosition,
  report: (line: number, code: string, message: string) => void,
): Inject | undefined {
  const m = INJECT_TIME.exec(h.text);
  if (!m) {
    report(
      h.line,
      'invalid-inject-time',
      `Inject "${h.text}" must start with its time into the exercise, e.g. "### T+00:20 GuardDuty alert" or "### PT20M GuardDuty alert".`,
    );
    return undefined;
  }
  let minutes: number;
  if (m[1] !== undefined) minutes = Number(m[1]) * 60 + Number(m[2]);
  else if (m[3] !== undefined) minutes = Number(m[3]);
  else {
    const ms = parseDuration(m[4].toUpperCase());
    if (ms === undefined) {
      report(
        h.line,
        'invalid-inject-time',
        `Inject "${h.text}": "${m[4]}" is not an ISO 8601 duration such as PT1H20M.`,
      );
      return undefined;
    }
    minutes = Math.round(ms / 60000);
  }
  const title = m[5].trim() || h.text;
  const offsetText = h.text.slice(0, h.text.length - m[5].length).replace(/[\s\-–—:·|]+$/, '');
  return { id: h.id ?? slug(title), offsetMinutes: minutes, offsetText, title, body, position: at(h.line) };
}

function readQuestions(
  tokens: Token[],
  from: number,
  to: number,
  at: (l: number, c?: number) => SourcePosition,
): ScenarioQuestion[] {
  const out: ScenarioQuestion[] = [];
  let depth = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (!t.map || t.map[0] <= from || t.map[0] >= to) continue;
    if (t.type === 'bullet_list_open' || t.type === 'ordered_list_open') depth++;
    else if (t.type === 'bullet_list_close' || t.type === 'ordered_list_close') depth--;
    else if (t.type === 'list_item_open' && depth === 1) {
      const inline = tokens.slice(i + 1).find(x => x.type === 'inline');
      if (!inline) continue;
      const { text, id } = splitId(inline.content.split('\n')[0].replace(/^Question:\s*/i, ''));
      if (text) out.push({ id: id ?? slug(text), text, position: at(t.map[0]) });
    }
  }
  return out;
}

function readFinding(
  h: Heading,
  tokens: Token[],
  lines: string[],
  end: number,
  bodyFirstLine: number,
  diagnostics: Diagnostic[],
  at: (l: number, c?: number) => SourcePosition,
  report: (line: number, code: string, message: string) => void,
): ExpectedFinding | undefined {
  const fences = tokens.filter(
    t =>
      t.type === 'fence' && t.map && t.map[0] > h.line && t.map[0] < end && t.info.trim().split(/\s+/)[0] === 'match',
  );
  if (fences.length === 0) {
    report(
      h.line,
      'missing-matcher',
      `Finding "${h.text}" has no \`\`\`match block saying how the debrief recognises it in the report.`,
    );
    return undefined;
  }
  const matchers = fences.map(f => {
    const lineCounter = new LineCounter();
    const doc = parseDocument(f.content, { lineCounter, prettyErrors: false });
    const firstLine = (f.map?.[0] ?? 0) + 1 + bodyFirstLine;
    for (const e of doc.errors) {
      const p = lineCounter.linePos(e.pos[0]);
      diagnostics.push({
        line: p.line + firstLine - 1,
        column: p.col,
        severity: 'error',
        code: 'invalid-matcher',
        message: `match block YAML: ${e.message.split('\n')[0]}`,
      });
    }
    if (doc.errors.length) return undefined;
    return readMatcher(doc.contents, new YamlReader(lineCounter, firstLine, diagnostics, at(f.map?.[0] ?? h.line)));
  });
  const valid = matchers.filter((m): m is Matcher => m !== undefined);
  if (valid.length < matchers.length) return undefined;
  const fenceLines = new Set(fences.flatMap(f => range(f.map?.[0] ?? 0, f.map?.[1] ?? 0)));
  const description = lines
    .slice(h.line + 1, end)
    .filter((_, i) => !fenceLines.has(h.line + 1 + i))
    .join('\n')
    .trim();
  const matcher: Matcher = valid.length === 1 ? valid[0] : { kind: 'all', of: valid };
  return { id: h.id ?? slug(h.text), title: h.text, description, matcher, position: at(h.line) };
}

function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from) }, (_, i) => from + i);
}

function checkUniqueIds(
  items: { id: string; position: SourcePosition }[],
  what: string,
  diagnostics: Diagnostic[],
): void {
  const seen = new Set<string>();
  for (const item of items) {
    if (seen.has(item.id)) {
      diagnostics.push({
        ...item.position,
        severity: 'error',
        code: 'duplicate-id',
        message: `Duplicate ${what} id "${item.id}": give each ${what} its own {#id}.`,
      });
    }
    seen.add(item.id);
  }
}
