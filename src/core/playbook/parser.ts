// Turns a playbook's markdown into the typed model (see playbooks/FORMAT.md). One pass over markdown-it's block
// tokens; every problem becomes a diagnostic with a 1-based line and column, and parsing carries on around it.
import MarkdownIt from 'markdown-it';
import { DiagnosticSink } from './diagnostics';
import { parseFrontMatter, type FrontMatter } from './frontMatter';
import { ID_PATTERN, ID_RULE, IdScope, slugify, splitExplicitId } from './ids';
import {
  STEP_SEVERITIES,
  type ChecklistItem,
  type Phase,
  type PhaseId,
  type Playbook,
  type PlaybookParseResult,
  type QueryBlock,
  type Question,
  type Reference,
  type SourcePosition,
  type Step,
  type StepSeverity,
} from './model';
import { phaseIdsFromHeading, phaseOfStepTitle, phaseSpellings } from './phaseNames';
import { checkFenceClosed, fencePosition, queryFenceInfo, readQueryBlock, type QueryContext } from './queryBlock';
import { SourceLines, type LineRange } from './sourceLines';

export { adjacentStep, allQueries, allSteps, findQuery, findStep } from './query';

type Token = MarkdownIt.Token;

const md = new MarkdownIt({ html: false, linkify: false, typographer: false });
// The structure lives in block tokens; inline parsing runs only on headings (headingText), which keeps parsing fast.
md.core.ruler.disable(['inline', 'linkify', 'replacements', 'smartquotes', 'text_join']);
// Only the words of a heading's links are used, never their targets: skip URL normalisation (punycode, parsing).
md.normalizeLink = url => url;
md.validateLink = () => true;

const TASK = /^\[[ xX]\](?=\s|$)/;
const QUESTION = /^(?:\*\*|__)?question(?:\*\*|__)?\s*:(?:\*\*|__)?/i;

/** Parses a playbook. Never throws: whatever the input, the result lists what is wrong with it. */
export function parsePlaybook(text: string): PlaybookParseResult {
  const sink = new DiagnosticSink();
  try {
    return new PlaybookReader(text, sink).read();
  } catch (e) {
    sink.error(
      { line: 1, column: 1 },
      'internal-error',
      `the playbook could not be read (${e instanceof Error ? e.message : String(e)}); please report this as a bug`,
    );
    return { diagnostics: sink.sorted() };
  }
}

/** Headings longer than this are not titles anyone wrote on purpose; their markup is left as is. */
const MAX_HEADING = 1000;

/** Plain text of a heading: links, emphasis and code reduced to their words. */
function headingText(markdown: string): string {
  if (markdown.length > MAX_HEADING) return markdown.slice(0, MAX_HEADING).trim();
  const tokens: Token[] = [];
  md.inline.parse(markdown, md, {}, tokens);
  let text = '';
  for (const t of tokens) {
    if (t.type === 'text' || t.type === 'code_inline' || t.type === 'image') text += t.content;
    else if (t.type === 'softbreak' || t.type === 'hardbreak') text += ' ';
  }
  return text.trim();
}

/** List item text on one line, as the reader sees it. */
function oneLine(text: string): string {
  if (!text.includes('\n')) return text.trim();
  return text
    .split('\n')
    .map(l => l.trim())
    .filter(Boolean)
    .join(' ');
}

interface ListItemFrame {
  level: number;
  map: LineRange;
  kind: 'plain' | 'checklist' | 'question' | 'suggestion';
  question?: Question;
}

/** The markdown under a heading, up to the next phase or step heading; `deliver` receives it without the removed parts. */
interface Section {
  start: number;
  removed: LineRange[];
  deliver: (text: string) => void;
}

interface OpenStep {
  step: Step;
  checklistIds: IdScope;
  questionIds: IdScope;
}

class PlaybookReader {
  private readonly src: SourceLines;
  private readonly frontMatter: FrontMatter;
  private readonly query: QueryContext;
  private readonly phases: Phase[] = [];
  private readonly references: Reference[] = [];
  /** The phases the current `##` heading names (two for "Eradicate & Recover"). */
  private headingPhases: PhaseId[] = [];
  /** Whether the current `##` heading names no phase (its section is a reference). */
  private inReference = false;
  private readonly stepIds = new IdScope();
  private readonly variants: { block: QueryBlock; stepId: string; at: SourcePosition }[] = [];
  private introduction = '';
  private phase?: Phase;
  private step?: OpenStep;
  private section: Section;
  private sawPhaseHeading = false;
  private sawTitle = false;
  private readonly items: ListItemFrame[] = [];

  constructor(
    text: string,
    private readonly sink: DiagnosticSink,
  ) {
    this.src = new SourceLines(text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n'));
    this.frontMatter = parseFrontMatter(this.src.lines, sink);
    this.query = {
      src: this.src,
      sink,
      parameters: new Map(this.frontMatter.parameters.map(p => [p.name, p])),
      brokenParameters: this.frontMatter.brokenParameters,
      queryIds: new IdScope(),
    };
    this.section = {
      start: this.frontMatter.bodyStart,
      removed: [],
      deliver: t => {
        this.introduction = t;
      },
    };
  }

  read(): PlaybookParseResult {
    const start = this.frontMatter.bodyStart;
    // Blank lines stand in for the front matter so token line numbers are file line numbers.
    const body = '\n'.repeat(start) + this.src.text.slice(this.src.offsetOfLine(start));
    const tokens = md.parse(body, {});
    for (let i = 0; i < tokens.length; i++) this.visit(tokens, i);
    this.closeSection(this.src.count);
    this.checkVariants();
    if (this.phases.length === 0) {
      this.sink.error(
        this.src.at(Math.min(start, this.src.count - 1)),
        'no-phases',
        `the playbook has no phases: add level-2 headings naming them (${phaseSpellings()}) with steps under them`,
      );
    }
    return { playbook: this.playbook(), diagnostics: this.sink.sorted() };
  }

  private playbook(): Playbook | undefined {
    const fm = this.frontMatter;
    if (fm.id === undefined) return undefined;
    const playbook: Playbook = {
      id: fm.id,
      title: fm.title ?? fm.id,
      version: fm.version ?? '',
      parameters: fm.parameters,
      phases: this.phases,
    };
    if (fm.description !== undefined) playbook.description = fm.description;
    if (fm.language !== undefined) playbook.language = fm.language;
    if (this.introduction) playbook.introduction = this.introduction;
    if (this.references.length) playbook.references = this.references;
    return playbook;
  }

  private visit(tokens: Token[], i: number): void {
    const token = tokens[i];
    switch (token.type) {
      case 'heading_open':
        if (token.level === 0) this.heading(token, tokens[i + 1]);
        break;
      case 'list_item_open':
        this.items.push({ level: token.level, map: token.map ?? [0, 0], kind: 'plain' });
        break;
      case 'list_item_close':
        this.items.pop();
        break;
      case 'inline':
        if (tokens[i - 1]?.type === 'paragraph_open' && tokens[i - 2]?.type === 'list_item_open') this.listItem(token);
        break;
      case 'fence':
        this.fence(token);
        break;
    }
  }

  private heading(open: Token, inline: Token | undefined): void {
    const map = open.map ?? [0, 0];
    const { text: raw, id, attributes } = splitExplicitId(inline?.content ?? '');
    const title = headingText(raw);
    const at = this.src.at(map[0]);
    if (open.tag === 'h1') {
      // The document title is not part of the introduction.
      if (!this.sawTitle && !this.sawPhaseHeading) this.section.removed.push(map);
      this.sawTitle = true;
      return;
    }
    if (open.tag === 'h2') {
      this.closeSection(map[0]);
      this.phaseHeading(title, at, map);
    } else if (open.tag === 'h3') {
      if (!this.phase) {
        // Not a step: the text stays where it is (in the introduction, or in a reference section). With an explicit
        // id the author meant a step, so that is an error; in the introduction it may be a misplaced step; in a
        // reference section it is one of its sub-headings.
        if (id || !this.inReference) {
          this.sink.add(
            id ? 'error' : 'warning',
            at,
            'step-outside-phase',
            `step "${title}" is not under a phase heading, so it is not part of the playbook; put it under one of ${phaseSpellings()}`,
          );
        }
        return;
      }
      this.closeSection(map[0]);
      const phase =
        this.headingPhases.length > 1
          ? this.phaseFor(phaseOfStepTitle(title, this.headingPhases), title, at)
          : this.phase;
      this.stepHeading(phase, title, id, at, map);
      this.stepAttributes(attributes, at);
    }
  }

  private phaseHeading(title: string, at: SourcePosition, map: LineRange): void {
    this.sawPhaseHeading = true;
    this.step = undefined;
    const ids = phaseIdsFromHeading(title);
    this.headingPhases = ids;
    this.inReference = ids.length === 0;
    if (ids.length === 0) {
      this.phase = undefined;
      // A section that names no phase (overview, escalation, appendix) is shown as a reference node in the tree,
      // where a misspelt phase heading is as visible as it was in a warning.
      const reference: Reference = { title, text: '', position: at };
      this.references.push(reference);
      this.openSection(map[1], text => {
        reference.text = text;
      });
      return;
    }
    // A combined heading ("Eradicate & Recover") opens each phase it names; its steps go where their titles say.
    const phases = ids.map(id => this.phaseFor(id, title, at));
    const phase = phases[0];
    this.phase = phase;
    this.openSection(map[1], text => {
      phase.introduction = phase.introduction ? `${phase.introduction}\n\n${text}` : text;
    });
  }

  /** `{severity=high owner="IR lead"}` on a step heading. */
  private stepAttributes(attributes: Map<string, string>, at: SourcePosition): void {
    const step = this.step?.step;
    if (!step) return;
    for (const [key, value] of attributes) {
      if (key === 'severity') {
        const severity = value.toLowerCase();
        if ((STEP_SEVERITIES as readonly string[]).includes(severity)) step.severity = severity as StepSeverity;
        else
          this.sink.warning(
            at,
            'bad-step-attribute',
            `severity "${value}" is ignored; use one of ${STEP_SEVERITIES.join(', ')}`,
          );
      } else if (key === 'owner') {
        if (value.trim()) step.owner = value.trim();
      } else {
        this.sink.warning(
          at,
          'bad-step-attribute',
          `unknown step attribute "${key}" is ignored; known: severity, owner`,
        );
      }
    }
  }

  private phaseFor(id: PhaseId, title: string, at: SourcePosition): Phase {
    const existing = this.phases.find(p => p.id === id);
    if (existing) return existing;
    const phase: Phase = { id, title, steps: [], position: at };
    this.phases.push(phase);
    return phase;
  }

  private stepHeading(
    phase: Phase,
    title: string,
    explicitId: string | undefined,
    at: SourcePosition,
    map: LineRange,
  ): void {
    const idAt = explicitId !== undefined ? (this.idPosition(map, explicitId) ?? at) : at;
    // Without an explicit id the id is the title's slug (stepIdEdits writes it back so later title edits keep it).
    const id =
      explicitId === undefined || explicitId === ''
        ? this.stepIds.claim(slugify(title, 'step'))
        : this.claimExplicit(this.stepIds, explicitId, idAt, 'step');
    const step: Step = {
      id,
      title: title || id,
      phaseId: phase.id,
      guidance: '',
      checklist: [],
      questions: [],
      queries: [],
      position: at,
    };
    phase.steps.push(step);
    this.step = { step, checklistIds: new IdScope(), questionIds: new IdScope() };
    this.openSection(map[1], text => {
      step.guidance = text;
    });
  }

  /** Where a trailing `{#id}` starts, at its brace. */
  private idPosition(range: LineRange, id: string): SourcePosition | undefined {
    const found = this.src.findLast(range, `#${id}`);
    if (!found) return undefined;
    const brace = this.src.line(found.line - 1).lastIndexOf('{', found.column - 1);
    return brace >= 0 ? { line: found.line, column: brace + 1 } : found;
  }

  /** Claims an id the author wrote; a taken one is reported and the element kept under a numbered id. */
  private claimExplicit(scope: IdScope, id: string, at: SourcePosition, what: string): string {
    if (!ID_PATTERN.test(id)) this.sink.error(at, 'bad-id', `${what} id "${id}" may use only ${ID_RULE}`);
    if (!scope.has(id)) return scope.claim(id);
    const renamed = scope.claim(id);
    this.sink.error(
      at,
      `duplicate-${what}-id`,
      `${what} id "${id}" is already used; it is kept as "${renamed}" until you give it its own id`,
    );
    return renamed;
  }

  private listItem(inline: Token): void {
    const frame = this.items[this.items.length - 1];
    if (!frame) return;
    const parent = this.items[this.items.length - 2];
    if (parent?.kind === 'question' && frame.level === parent.level + 2) {
      frame.kind = 'suggestion';
      // Some templates write answer choices as task items; the box is not part of the answer.
      const suggestion = oneLine(inline.content.replace(TASK, ''));
      if (suggestion) parent.question?.suggestions.push(suggestion);
      return;
    }
    // Anything deeper inside a question is part of its suggestions, not a checklist or question of its own.
    if (this.items.some(f => f.kind === 'question' || f.kind === 'suggestion')) return;
    const content = inline.content;
    const task = TASK.exec(content);
    const match = task ?? QUESTION.exec(content);
    if (!match) return;
    const range = inline.map ?? frame.map;
    const marker = match[0];
    const at = this.src.find(range, marker) ?? this.src.at(range[0]);
    const what = task ? 'checklist' : 'question';
    const noun = task ? 'checklist item' : 'question';
    if (!this.step) {
      this.sink.warning(
        at,
        `${what}-outside-step`,
        `this ${noun} is not in a step, so it is not tracked; move it under a step heading`,
      );
      return;
    }
    const { text, id: explicitId } = splitExplicitId(oneLine(content.slice(marker.length)));
    if (!text) {
      this.sink.warning(at, `empty-${what}`, `this ${noun} has no text and is ignored`);
      return;
    }
    const scope = task ? this.step.checklistIds : this.step.questionIds;
    const id = explicitId
      ? this.claimExplicit(scope, explicitId, this.idPosition(range, explicitId) ?? at, what)
      : scope.claim(slugify(text, what === 'checklist' ? 'item' : 'question'));
    frame.kind = task ? 'checklist' : 'question';
    this.section.removed.push(frame.map);
    if (task) {
      const item: ChecklistItem = { id, text, position: at };
      this.step.step.checklist.push(item);
    } else {
      frame.question = { id, text, suggestions: [], position: at };
      this.step.step.questions.push(frame.question);
    }
  }

  private fence(token: Token): void {
    checkFenceClosed(token, this.src, this.sink);
    const info = queryFenceInfo(token, this.src, this.sink);
    if (!info) return;
    if (!this.step) {
      this.sink.warning(
        fencePosition(token, this.src),
        'query-outside-step',
        'this query block is not in a step, so it cannot be run; move it under a step heading',
      );
      return;
    }
    const read = readQueryBlock(token, info, this.query);
    if (!read) return;
    this.step.step.queries.push(read.block);
    if (read.variantAt) this.variants.push({ block: read.block, stepId: this.step.step.id, at: read.variantAt });
    if (token.map) this.section.removed.push(token.map);
  }

  private openSection(start: number, deliver: (text: string) => void): void {
    this.section = { start, removed: [], deliver };
  }

  private closeSection(end: number): void {
    const text = this.src.textWithout([this.section.start, end], this.section.removed);
    if (text) this.section.deliver(text);
  }

  /** A local variant replaces an Athena block of its own step (see engine/resolve.ts). */
  private checkVariants(): void {
    if (this.variants.length === 0) return;
    const athenaStep = new Map<string, string>();
    for (const step of this.phases.flatMap(p => p.steps)) {
      for (const q of step.queries) if (q.engine === 'athena') athenaStep.set(q.id, step.id);
    }
    for (const { block, stepId, at } of this.variants) {
      const owner = athenaStep.get(block.variantOf ?? '');
      if (owner === stepId) continue;
      this.sink.error(
        at,
        'bad-variant-of',
        owner
          ? `variant-of=${block.variantOf}: that athena block is in step "${owner}"; a local variant must be in the same step`
          : `variant-of=${block.variantOf} names no athena block; it must be the id of an athena block in this step`,
      );
    }
  }
}
