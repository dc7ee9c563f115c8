// Turns a playbook as AWS publishes it (any of its layouts, in English or a machine-translated copy) into a playbook
// in this project's format. Nothing of the original is dropped: what becomes no step, checklist, question or query
// stays as guidance or as a reference section, and what could not be mapped is listed.
import { stringify } from 'yaml';
import { IdScope, slugify } from '../playbook/ids';
import { PHASE_IDS, type PhaseId } from '../playbook/model';
import { allSteps, parsePlaybook } from '../playbook/parser';
import { phaseIdFromHeading, PHASE_TITLES } from '../playbook/phaseNames';
import { newContext, type Unmapped } from './context';
import { findLayout, type LayoutResult } from './layout';
import { outline } from './outline';
import { repairMarkup } from './repair';
import { safetyNet } from './safetyNet';
import { convertStepBody } from './stepBody';

export interface ImportOptions {
  /** The source file's name, for the playbook id. */
  fileName?: string;
  /** Reads a companion file named by a path relative to the source; undefined when it cannot. */
  readCompanion?: (relativePath: string) => string | undefined;
}

export interface ImportCounts {
  phases: number;
  steps: number;
  checklistItems: number;
  questions: number;
  athena: number;
  cloudtrail: number;
  aws: number;
  action: number;
  parameters: number;
  references: number;
  repairedLines: number;
  unmapped: number;
}

export type ImportResult =
  { ok: true; markdown: string; counts: ImportCounts; unmapped: Unmapped[] } | { ok: false; reason: string };

const MAX_INPUT = 4 * 1024 * 1024;

/** Why a file is no playbook to import, or undefined. */
function notAPlaybook(text: string): string | undefined {
  if (text.length > MAX_INPUT) return `the file is larger than ${MAX_INPUT / 1024 / 1024} MiB, which no playbook is`;
  if (text.includes('\u0000') || (text.match(/\uFFFD/g)?.length ?? 0) > 16) return 'it is a binary file, not markdown';
  if (/^\uFEFF?---\r?\n(?:[^\n]*\n)*?id:/.test(text)) {
    return 'it already is a playbook in this format (it has front matter); check it with "irp validate" instead';
  }
  return undefined;
}

export function importPlaybook(text: string, options: ImportOptions = {}): ImportResult {
  const refused = notAPlaybook(text);
  if (refused) return { ok: false, reason: refused };
  const { lines, repaired } = repairMarkup(text);
  const layout = findLayout(outline(lines), lines);
  if (layout.steps.length === 0 || !looksLikePlaybook(layout)) {
    return {
      ok: false,
      reason:
        'it does not look like an incident-response playbook: no phase headings (Preparation, Detection, ' +
        'Containment, Eradication, Recovery, Post-Incident, or "Part 1 … Part 5") and no "[PHASE] step" list',
    };
  }
  const ctx = newContext(options.readCompanion);
  for (const step of layout.unmatched) {
    ctx.unmapped.push({
      kind: 'response-step',
      text: `${step.number}. ${step.title}`,
      where: 'Response Steps',
      reason: 'no section matched its title; the step has no body, its text is in the original list',
    });
  }
  const stepIds = new IdScope();
  const body: string[] = [];
  const byPhase = new Map<PhaseId, typeof layout.steps>();
  for (const step of layout.steps) byPhase.set(step.phase, [...(byPhase.get(step.phase) ?? []), step]);
  let counter = 0;
  for (const phase of PHASE_IDS) {
    const steps = byPhase.get(phase);
    if (!steps) continue;
    body.push(`## ${phaseHeading(layout, phase)}`, '');
    const intro = layout.phaseIntroductions.get(phase);
    if (intro) body.push(...tidy(intro), '');
    for (const step of steps) {
      counter++;
      const title = stepTitle(step.title) || `Step ${step.number ?? counter}`;
      const id = stepIds.claim(slugify(title, '') || `step-${step.number ?? counter}`);
      const converted = convertStepBody(
        { stepId: id, stepTitle: title, lines: step.lines, questionSection: step.questionSection },
        ctx,
      );
      body.push(`### ${title} {#${id}}`, '', ...tidy(converted), '');
    }
  }
  const leading = layout.references.filter(r => !r.afterPhases);
  const trailing = layout.references.filter(r => r.afterPhases);
  const reference = (r: { title: string; lines: string[] }) => [
    `## ${stepTitle(r.title) || 'Notes'}`,
    '',
    ...tidy(r.lines),
    '',
  ];
  const title = stepTitle(layout.title) || options.fileName?.replace(/\.[^.]+$/, '') || 'Imported playbook';
  const draft =
    [
      frontMatter(layout, title, options.fileName, ctx.parameters.list()),
      `# ${title}`,
      '',
      ...tidy(layout.introduction),
      '',
      ...leading.flatMap(reference),
      ...body,
      ...trailing.flatMap(reference),
    ]
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .trimEnd() + '\n';
  const markdown = safetyNet(draft, ctx.unmapped);
  const parsed = parsePlaybook(markdown);
  const steps = parsed.playbook ? allSteps(parsed.playbook) : [];
  return {
    ok: true,
    markdown,
    unmapped: ctx.unmapped,
    counts: {
      phases: parsed.playbook?.phases.length ?? 0,
      steps: steps.length,
      checklistItems: steps.reduce((n, s) => n + s.checklist.length, 0),
      questions: steps.reduce((n, s) => n + s.questions.length, 0),
      athena: ctx.counts.athena,
      cloudtrail: ctx.counts.cloudtrail,
      aws: ctx.counts.aws,
      action: ctx.counts.action,
      parameters: ctx.parameters.list().length,
      references: leading.length + trailing.length,
      repairedLines: repaired,
      unmapped: ctx.unmapped.length,
    },
  };
}

/**
 * A playbook walks through the incident's phases: a response-steps list, headings naming two phases or more (three
 * when only keywords suggest them: a README or a policy may well have one "Detection" or "Recovery" section), or
 * three "Step N" sections.
 */
function looksLikePlaybook(layout: LayoutResult): boolean {
  if (layout.responseSteps.length) return true;
  const all = new Set([...layout.namedPhases, ...layout.guessedPhases]);
  return layout.namedPhases.size >= 2 || all.size >= 3 || layout.stepHeadings >= 3;
}

function phaseHeading(layout: LayoutResult, phase: PhaseId): string {
  const original = layout.phaseHeadings.get(phase);
  return original && phaseIdFromHeading(original) === phase ? stepTitle(original) : PHASE_TITLES[phase];
}

/** A title as a heading can hold it: one line, no braces (they would read as an id). */
function stepTitle(text: string): string {
  return text
    .replace(/[{}]/g, '')
    .replace(/#+\s*$/, '')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 200);
}

function frontMatter(
  layout: LayoutResult,
  title: string,
  fileName: string | undefined,
  parameters: { name: string; type: string; label: string; default?: string }[],
): string {
  const version = /\*\*Playbook Version:?\*\*:?\s*([\w.-]+)/i.exec(layout.introduction.join('\n'))?.[1] ?? '1.0';
  const base = fileName ? fileName.replace(/\.[^.]+$/, '') : '';
  const id = slugify(base, '') || slugify(title, '') || 'imported-playbook';
  const data: Record<string, unknown> = { id, title, version };
  const description = summaryOf(layout);
  if (description) data.description = description;
  if (parameters.length) {
    data.parameters = Object.fromEntries(
      parameters.map(p => [
        p.name,
        {
          type: p.type,
          label: p.label,
          ...(p.default !== undefined ? { default: p.default } : {}),
        },
      ]),
    );
  }
  return `---\n${stringify(data, { lineWidth: 0 }).trimEnd()}\n---\n`;
}

const SUMMARY =
  /executive summary|overview|zusammenfassung|resumen|r[ée]sum[ée]|synth[eè]se|概要|摘要|サマリー|执行摘要/i;

/** The first paragraph of the executive summary or overview, for the tree's tooltip. */
function summaryOf(layout: LayoutResult): string | undefined {
  const section = layout.references.find(r => SUMMARY.test(r.title));
  if (!section) return undefined;
  const paragraph: string[] = [];
  for (const line of section.lines) {
    if (!line.trim()) {
      if (paragraph.length) break;
      continue;
    }
    if (/^\s*(?:#|[-*+>|]|\d+[.)]\s|```|~~~)/.test(line)) break;
    paragraph.push(line.trim());
  }
  const text = paragraph.join(' ').trim();
  return text ? text.slice(0, 500) : undefined;
}

const FENCE = /^(\s*)(`{3,}|~{3,})(.*)$/;
const QUERY_WORDS = new Set(['cloudtrail', 'athena', 'local', 'aws', 'action']);

/**
 * Markdown that sits in the playbook as text: a code block whose info string names a query engine is renamed (it
 * would be read as a query block), an unclosed one is closed, and a `---`/`===` line right under text gets a blank
 * line first so it stays a rule instead of turning the text into a heading.
 */
function tidy(lines: string[]): string[] {
  const out: string[] = [];
  let fence: string | undefined;
  for (const line of lines) {
    const f = FENCE.exec(line);
    if (fence) {
      if (f && f[2][0] === fence[0] && f[2].length >= fence.length && f[3].trim() === '') fence = undefined;
      out.push(line);
      continue;
    }
    if (f && !(f[2][0] === '`' && f[3].includes('`'))) {
      fence = f[2];
      const info = f[3].trim();
      const generated = /^(?:athena|cloudtrail|aws|action) id=\S+ title="[^"]*"$/.test(info);
      const readAsQuery = /\bid=/.test(info) || QUERY_WORDS.has(info.split(/\s+/)[0].toLowerCase());
      out.push(generated || !readAsQuery ? line : `${f[1]}${f[2]}text`);
      continue;
    }
    if (/^ {0,3}(?:-+|=+)\s*$/.test(line) && out.length && out[out.length - 1].trim() !== '') out.push('');
    out.push(line);
  }
  if (fence) out.push(fence);
  return out;
}
