// Finds the steps of a published playbook in its heading tree, whichever of AWS's layouts it uses: phase headings with
// a sub-heading per step (the customer playbook framework, the 2025-26 "Part 1 … Part 5" playbooks), phase headings
// one level down under "Incident Handling Process" with numbered lists (the older playbooks), and the framework's
// "Response Steps" list, whose numbered steps take their body from the section that matches their title.
import { PHASE_IDS, type PhaseId } from '../playbook/model';
import { phaseIdFromHeading, phaseIdsFromHeading, phaseOfStepTitle } from '../playbook/phaseNames';
import { headingLinks, isBlank, plainText, sectionMarkdown, type Section } from './outline';
import { splitRunnableParts } from './appendixSteps';
import { findResponseSteps, matchByPhase, matchByTitle, titleSimilarity, type ResponseStep } from './responseSteps';

interface StepDraft {
  phase: PhaseId;
  title: string;
  lines: string[];
  /** Where the step goes among the steps of its phase. */
  order: number;
  questionSection: boolean;
  /** The response step it stands for, if any. */
  number?: number;
}

interface ReferenceDraft {
  title: string;
  lines: string[];
  /** Whether it comes after the first phase section in the original. */
  afterPhases: boolean;
}

export interface LayoutResult {
  title: string;
  introduction: string[];
  phaseIntroductions: Map<PhaseId, string[]>;
  /** The heading each phase had in the original, when the playbook format reads it as that phase. */
  phaseHeadings: Map<PhaseId, string>;
  steps: StepDraft[];
  references: ReferenceDraft[];
  responseSteps: ResponseStep[];
  /** Response steps that no section matched: they are steps with no body. */
  unmatched: ResponseStep[];
  /** Phases named by headings the playbook format reads as phases, and by headings only their keywords suggest. */
  namedPhases: Set<PhaseId>;
  guessedPhases: Set<PhaseId>;
  /** Sections headed "Step 1: …", "Step 2: …" that became one step each. */
  stepHeadings: number;
}

/** Keywords of headings such as "Part 1: Acquire, Preserve, Document Evidence" or "Contain the Incident". */
const LOOSE: [RegExp, PhaseId][] = [
  [/\bprepar/, 'preparation'],
  [/\b(?:detect|analy[sz]|acquire|evidence|triage|investigat|discover|scope)/, 'detection-analysis'],
  [/\b(?:contain|eradicat|isolat)/, 'containment-eradication'],
  [/\b(?:recover|restor)/, 'recovery'],
  [/\bpost[- ]?incident|\blessons?\b|\bretrospective/, 'post-incident'],
];
const QUESTION_HEADING = /question|frage|pregunta|質問|问题|問題/i;
/** "Step 3: Identify the attack vector" and its translations: a layout where each numbered step is a section. */
const STEP_HEADING = /^(?:step|schritt|paso|étape|etape|passo|ステップ|步骤|步驟)\s*\d+\b|^第\s*\d+\s*[步歩]/i;

function phasesOfHeading(title: string): PhaseId[] {
  const exact = phaseIdsFromHeading(title);
  if (exact.length) return exact;
  const words = title.toLowerCase();
  if (words.split(/\s+/).length > 8) return [];
  const found = LOOSE.find(([re]) => re.test(words));
  return found ? [found[1]] : [];
}

interface RefDraft {
  section: Section;
  title: string;
  lines: string[];
  afterPhases: boolean;
  /** Some of it became steps. */
  cut: boolean;
  /** It holds phase sections, which are not part of it. */
  container: boolean;
}

interface Unit {
  title: string;
  /** The heading as written, whose links the plain title drops ('' for a numbered item, whose text is in its lines). */
  heading: string;
  /** The heading of the section it is a part of (a phase or a reference section), when it is a sub-section. */
  parent?: string;
  lines: string[];
  phase?: PhaseId;
  /** Text between a phase heading and its first sub-heading. */
  intro: boolean;
  /** Index of the reference section it was cut from, for units of sections that name no phase. */
  reference?: number;
  questionSection: boolean;
  position: number;
}

const ORDERED_ITEM = /^(\d+)[.)]\s+(.*)$/;

/** Top-level numbered items of a body, each with the lines under it; undefined when there are fewer than two. */
function numberedItems(lines: string[]): { title: string; heading: string; lines: string[] }[] | undefined {
  const starts = lines.map((l, i) => (ORDERED_ITEM.test(l) ? i : -1)).filter(i => i >= 0);
  if (starts.length < 2) return undefined;
  const head = lines.slice(0, starts[0]);
  const items = starts.map((s, k) => {
    const end = k + 1 < starts.length ? starts[k + 1] : lines.length;
    const first = plainText(ORDERED_ITEM.exec(lines[s])![2]);
    const cut = /^(.{20,90}?[.:;!?。])\s/.exec(`${first} `)?.[1] ?? first.slice(0, 90);
    // The item's own lines, no longer inside a list: its continuation lines lose the marker's indentation.
    const width = /^\d+[.)]\s+/.exec(lines[s])![0].length;
    const rest = lines.slice(s + 1, end).map(l => (l.slice(0, width).trim() === '' ? l.slice(width) : l));
    // The item's text (links included) is its first line: no heading of its own.
    return { title: cut, heading: '', lines: [lines[s].slice(width), ...rest] };
  });
  if (!isBlank(head)) items[0].lines.unshift(...head, '');
  return items;
}

export function findLayout(root: Section, allLines: string[]): LayoutResult {
  const h1s = root.children.filter(s => s.level === 1);
  const top = h1s.length === 1 && root.children.length === 1 ? h1s[0] : root;
  const result: LayoutResult = {
    title: top === root ? (h1s[0]?.title ?? '') : top.title,
    introduction: top === root ? [...root.body] : [...root.body, ...top.body],
    phaseIntroductions: new Map(),
    phaseHeadings: new Map(),
    steps: [],
    references: [],
    responseSteps: findResponseSteps(allLines),
    unmatched: [],
    namedPhases: new Set(),
    guessedPhases: new Set(),
    stepHeadings: 0,
  };
  const units: Unit[] = [];
  const references: RefDraft[] = [];
  let sawPhase = false;
  const pendingLabels: string[] = [];
  const addPhaseSection = (section: Section, phases: PhaseId[]) => {
    sawPhase = true;
    const named = phaseIdsFromHeading(section.title).length > 0;
    for (const id of phases) (named ? result.namedPhases : result.guessedPhases).add(id);
    const first = phases[0];
    // A heading the phase title does not replace ("Part 3: Eradicate the Incident" under Containment) stays as a line.
    const keeps = named && !result.phaseHeadings.has(first) && phaseIdFromHeading(section.title) === first;
    const firstUnit = units.length;
    for (const id of phases)
      if (!result.phaseHeadings.has(id) && phaseIdsFromHeading(section.title).length) {
        result.phaseHeadings.set(id, section.title);
      }
    const questionSection = QUESTION_HEADING.test(section.title);
    if (!keeps) pendingLabels.push(`_${section.heading}_`, '');
    addPhaseUnits(section, phases, questionSection);
    // An empty one ("Part 4 — Eradicate & Recover" over "Part 4" and "Part 4b") goes with the next section's text.
    if (units.length > firstUnit) units[firstUnit].lines.unshift(...pendingLabels.splice(0));
  };
  const addPhaseUnits = (section: Section, phases: PhaseId[], questionSection: boolean) => {
    const first = phases[0];
    if (section.children.length) {
      if (!isBlank(section.body)) {
        units.push({
          title: section.title,
          heading: section.heading,
          lines: [...section.body],
          phase: first,
          intro: true,
          questionSection,
          position: units.length,
        });
      }
      for (const child of section.children) {
        units.push({
          title: child.title,
          heading: child.heading,
          parent: section.heading,
          lines: sectionMarkdown(child, 4),
          phase: phaseOfStepTitle(child.title, phases),
          intro: false,
          questionSection: QUESTION_HEADING.test(child.title),
          position: units.length,
        });
      }
      return;
    }
    if (isBlank(section.body)) return;
    const items = result.responseSteps.length ? undefined : numberedItems(section.body);
    for (const item of items ?? [{ title: section.title, heading: section.heading, lines: [...section.body] }]) {
      units.push({
        title: item.title,
        heading: item.heading,
        lines: item.lines,
        phase: first,
        intro: false,
        questionSection,
        position: units.length,
      });
    }
  };
  const addReference = (section: Section, title = section.title) => {
    references.push({
      section,
      title,
      lines: [...headingLinks(section.heading), ...sectionMarkdown(section, 3)],
      afterPhases: sawPhase,
      cut: false,
      container: false,
    });
  };
  // With three "Step N" sections or more, each is one step (its sub-sections are its parts), in the phase its title's
  // keywords suggest or else the phase of the step before it.
  const stepHeaded = top.children.filter(s => STEP_HEADING.test(s.title)).length >= 3;
  let stepPhase: PhaseId = 'detection-analysis';
  for (const section of top.children) {
    if (stepHeaded && STEP_HEADING.test(section.title)) {
      stepPhase = phasesOfHeading(section.title)[0] ?? stepPhase;
      result.guessedPhases.add(stepPhase);
      result.stepHeadings++;
      sawPhase = true;
      units.push({
        title: section.title,
        heading: section.heading,
        lines: sectionMarkdown(section, 4),
        phase: stepPhase,
        intro: false,
        questionSection: false,
        position: units.length,
      });
      continue;
    }
    const phases = phasesOfHeading(section.title);
    if (phases.length) {
      addPhaseSection(section, phases);
      continue;
    }
    const phaseChildren = section.children.filter(c => phasesOfHeading(c.title).length);
    if (phaseChildren.length >= 2) {
      references.push({
        section,
        title: section.title,
        lines: section.body,
        afterPhases: sawPhase,
        cut: false,
        container: true,
      });
      for (const child of section.children) {
        const childPhases = phasesOfHeading(child.title);
        if (childPhases.length) addPhaseSection(child, childPhases);
        else addReference(child);
      }
      continue;
    }
    addReference(section);
  }
  if (result.responseSteps.length) matchSteps(result, units, references);
  for (const unit of units) {
    if (unit.phase === undefined) continue;
    if (unit.intro) {
      const intro = result.phaseIntroductions.get(unit.phase) ?? [];
      result.phaseIntroductions.set(unit.phase, [...intro, ...(intro.length ? [''] : []), ...unit.lines]);
    } else {
      result.steps.push({
        phase: unit.phase,
        title: unit.title,
        lines: [...headingLinks(unit.heading), ...unit.lines],
        order: orderOf(unit, result),
        questionSection: unit.questionSection,
      });
    }
  }
  for (const ref of references) {
    const split = splitRunnableParts(ref.title, ref.lines);
    if (!split.steps.length) continue;
    ref.lines = split.kept;
    ref.cut = true;
    for (const part of split.steps) {
      const order = 1e6 + result.steps.length;
      result.steps.push({ phase: 'detection-analysis', ...part, order, questionSection: false });
    }
  }
  for (const ref of references) {
    if (ref.cut && isBlank(ref.lines)) continue;
    result.references.push({ title: ref.title, lines: ref.lines, afterPhases: ref.afterPhases });
  }
  result.steps.sort((a, b) => PHASE_IDS.indexOf(a.phase) - PHASE_IDS.indexOf(b.phase) || a.order - b.order);
  return result;
}

/** Response-step steps keep their numbers; a section of its own follows the numbered step before it in the original. */
function orderOf(unit: Unit, result: LayoutResult): number {
  const before = result.steps.filter(s => s.number !== undefined).map(s => s.number!);
  return (before.length ? Math.max(...before) : 0) + 0.001 * (unit.position + 1);
}

/**
 * Framework playbooks: each numbered response step takes the section that matches its title, among the phase
 * sections and the sections after the list that name no phase ("Escalation Procedures", "Preventative Actions").
 */
function matchSteps(result: LayoutResult, units: Unit[], references: RefDraft[]): void {
  const listAt = references.findIndex(r => findResponseSteps(r.lines).length > 0);
  const refUnits: Unit[] = [];
  references.forEach((ref, index) => {
    if (index <= listAt) return;
    const add = (title: string, heading: string, lines: string[], parent?: string) =>
      refUnits.push({
        title,
        heading,
        parent,
        lines,
        intro: false,
        reference: index,
        questionSection: QUESTION_HEADING.test(title),
        position: units.length + refUnits.length,
      });
    if (!isBlank(ref.section.body)) add(ref.title, ref.section.heading, ref.section.body);
    for (const child of ref.container ? [] : ref.section.children) {
      add(child.title, child.heading, sectionMarkdown(child, 4), ref.section.heading);
    }
  });
  const candidates = [...units.filter(u => !u.intro), ...refUnits];
  const named = candidates.map(c => ({ title: c.title, phase: c.phase }));
  const matches = matchByTitle(result.responseSteps, named);
  // A step no section's title matches may name a `####` part of one ("Enable Logging" under "Asset Inventory"): that
  // part becomes its body and leaves the section it was in. Only then does a step still alone take the first free
  // section of its phase (which would otherwise be a section another step names in words the match missed).
  const parts = new Map<number, string[]>();
  result.responseSteps.forEach((step, s) => {
    const part = matches[s] < 0 ? cutSubsection(step.title, candidates) : undefined;
    if (part) parts.set(s, part);
  });
  matchByPhase(result.responseSteps, named, matches, new Set(parts.keys()));
  const claimed = new Set<Unit>();
  result.responseSteps.forEach((step, s) => {
    const unit = matches[s] >= 0 ? candidates[matches[s]] : undefined;
    if (unit) claimed.add(unit);
    // The section's own heading stays, as a line, when the step's title says something else; so does the heading of
    // the section it was part of when that heading would otherwise be lost (a reference section, or a phase section
    // whose part became a step of another phase: "Recovery: Requesting a credit" under Post-Incident Activity).
    const context = unit?.parent && (unit.reference !== undefined || unit.phase !== step.phase) ? unit.parent : '';
    const differs = unit && titleSimilarity(unit.title, step.title) < 0.99;
    const label = [context, unit?.heading].filter(Boolean).join(': ');
    const heading = !unit ? [] : differs || context ? [`_${label}_`, ''] : headingLinks(unit.heading);
    const lines = unit ? [...heading, ...unit.lines] : (parts.get(s) ?? []);
    if (!unit && !parts.has(s)) result.unmatched.push(step);
    result.steps.push({
      phase: step.phase,
      title: step.title || unit?.title || `${step.number}`,
      lines,
      order: step.number,
      questionSection: unit?.questionSection ?? false,
      number: step.number,
    });
  });
  // Sections that became steps leave their reference; the rest of a reference section stays one.
  for (const unit of claimed) {
    if (unit.reference === undefined) {
      units.splice(units.indexOf(unit), 1);
      continue;
    }
    const ref = references[unit.reference];
    ref.cut = true;
    const unclaimed = refUnits.filter(u => u.reference === unit.reference && !claimed.has(u));
    ref.lines = unclaimed.flatMap(u =>
      u.title === ref.title ? [...headingLinks(u.heading), ...u.lines] : [`### ${u.heading}`, ...u.lines],
    );
  }
}

const SUBSECTION = /^####\s+(.*)$/;
const FENCE_LINE = /^\s*(?:`{3,}|~{3,})/;

/**
 * The `####` part of a candidate section whose heading best matches a title (at least half the character pairs in
 * common), cut out of that section: its heading as a line, then its text up to the next heading of level 4 or less.
 */
function cutSubsection(title: string, candidates: Unit[]): string[] | undefined {
  let best: { unit: Unit; at: number; score: number } | undefined;
  for (const unit of candidates) {
    let fenced = false;
    unit.lines.forEach((line, at) => {
      if (FENCE_LINE.test(line)) fenced = !fenced;
      const h = fenced ? null : SUBSECTION.exec(line);
      const score = h ? titleSimilarity(title, plainText(h[1])) : 0;
      if (score >= 0.5 && score > (best?.score ?? 0)) best = { unit, at, score };
    });
  }
  if (!best) return undefined;
  const { unit, at } = best;
  let end = at + 1;
  let fenced = false;
  for (; end < unit.lines.length; end++) {
    if (FENCE_LINE.test(unit.lines[end])) fenced = !fenced;
    if (!fenced && /^#{1,4}\s/.test(unit.lines[end])) break;
  }
  const [heading, ...body] = unit.lines.splice(at, end - at);
  return [`_${SUBSECTION.exec(heading)![1]}_`, '', ...body];
}
