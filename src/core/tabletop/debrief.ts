// The debrief: which expected findings the team recorded in its exercise report, with what showed each. Text checks
// read only what people recorded (recorded.ts), so running a query never counts as finding what its result holds.
import { encodeLine } from '../report/escape';
import type { ReportState, StepState } from '../report/model';
import { isPatternProblem, SafePattern } from '../safePattern';
import { MATCHES_PATTERN } from './matcherSpec';
import type { Matcher, Scenario } from './model';
import { recordedTexts, type RecordedText } from './recorded';
import { termTest } from './terms';

export interface DebriefResult {
  findingId: string;
  title: string;
  found: boolean;
  /** What in the report satisfied the finding (or the part that did, for a partly met one). */
  evidence?: string;
}

interface Outcome {
  found: boolean;
  evidence?: string;
}

const EVIDENCE_MAX = 120;

export function scoreDebrief(scenario: Scenario, reportState: ReportState): DebriefResult[] {
  const recorded = recordedTexts(reportState);
  return scenario.findings.map(f => {
    const outcome = evaluate(f.matcher, reportState, recorded);
    return {
      findingId: f.id,
      title: f.title,
      found: outcome.found,
      ...(outcome.evidence ? { evidence: outcome.evidence } : {}),
    };
  });
}

function evaluate(m: Matcher, state: ReportState, recorded: RecordedText[]): Outcome {
  switch (m.kind) {
    case 'mentions':
      return firstFound(m.anyOf.map(text => () => findRecorded(recorded, t => indexOfIgnoreCase(t, text))));
    case 'matches': {
      const compiled = SafePattern.compile(m.pattern, MATCHES_PATTERN);
      // A scenario is read through readMatcher, which refuses such a pattern; a refused one finds nothing.
      if (isPatternProblem(compiled)) return { found: false };
      return findRecorded(recorded, text => {
        for (const line of text.split(/\r?\n/)) {
          if (compiled.search(line) >= 0) return 0;
        }
        return -1;
      });
    }
    case 'says': {
      const items = m.allOf.map(terms => terms.map(termTest));
      return findRecorded(recorded, text => (items.every(tests => tests.some(test => test(text))) ? 0 : -1));
    }
    case 'run': {
      const runs = state.steps[m.step]?.runs ?? [];
      const run = runs.find(
        r => !r.error && r.rowCount >= m.minRows && (m.query === undefined || r.queryId === m.query),
      );
      return run
        ? {
            found: true,
            evidence: `${m.step}: ${run.queryId} returned ${run.rowCount} row${run.rowCount === 1 ? '' : 's'}`,
          }
        : { found: false };
    }
    case 'answer': {
      const steps: [string, StepState][] = m.step ? [[m.step, state.steps[m.step]]] : Object.entries(state.steps);
      for (const [stepId, step] of steps) {
        const answer = step?.answers[m.question];
        if (answer && m.anyOf.some(text => indexOfIgnoreCase(answer, text) >= 0)) {
          return { found: true, evidence: `${stepId}/${m.question}: ${clip(answer, 0)}` };
        }
      }
      return { found: false };
    }
    case 'checked':
      return state.steps[m.step]?.checklist[m.item]
        ? { found: true, evidence: `${m.step}: ${m.item} ticked` }
        : { found: false };
    case 'status': {
      const status = state.steps[m.step]?.status ?? 'not-started';
      return m.anyOf.includes(status) ? { found: true, evidence: `${m.step}: ${status}` } : { found: false };
    }
    case 'all': {
      const parts = m.of.map(x => evaluate(x, state, recorded));
      const evidence = parts
        .map(p => p.evidence)
        .filter(Boolean)
        .join('; ');
      return { found: parts.every(p => p.found), ...(evidence ? { evidence } : {}) };
    }
    case 'any':
      return firstFound(m.of.map(x => () => evaluate(x, state, recorded)));
  }
}

function firstFound(tries: (() => Outcome)[]): Outcome {
  for (const attempt of tries) {
    const o = attempt();
    if (o.found) return o;
  }
  return { found: false };
}

function indexOfIgnoreCase(haystack: string, needle: string): number {
  return haystack.toLowerCase().indexOf(needle.toLowerCase());
}

/** The first recorded text `at` finds something in (a position, or -1), quoted with where it was recorded. */
function findRecorded(recorded: RecordedText[], at: (text: string) => number): Outcome {
  for (const r of recorded) {
    const i = at(r.text);
    if (i >= 0) return { found: true, evidence: `${r.where}: ${clip(r.text, i)}` };
  }
  return { found: false };
}

/** About EVIDENCE_MAX characters of the text around position `at`, on one line. */
function clip(text: string, at: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= EVIDENCE_MAX) return flat;
  const from = Math.max(0, Math.min(at - 40, flat.length - EVIDENCE_MAX));
  return `${from > 0 ? '…' : ''}${flat.slice(from, from + EVIDENCE_MAX)}${from + EVIDENCE_MAX < flat.length ? '…' : ''}`;
}

/** The debrief as markdown (a level-3 section of the exercise section); evidence (team text) is escaped. */
export function renderDebrief(scenario: Scenario, results: DebriefResult[], scoredAt: string): string {
  const found = results.filter(r => r.found).length;
  const rows = results.map(
    r => `| ${encodeLine(r.title)} | ${r.found ? 'found' : 'missed'} | ${r.evidence ? encodeLine(r.evidence) : ''} |`,
  );
  const missed = results
    .filter(r => !r.found)
    .map(r => scenario.findings.find(f => f.id === r.findingId))
    .filter(f => f?.description);
  return [
    '### Debrief',
    '',
    `Scored ${encodeLine(scoredAt)}: the team recorded ${found} of the ${results.length} findings this exercise ` +
      'expected (findings, answers, notes, parameters and checklists count; query results alone do not).',
    '',
    '| Finding | Result | Recorded where |',
    '| --- | --- | --- |',
    ...rows,
    ...(missed.length
      ? [
          '',
          '#### What the missed findings were',
          '',
          ...missed.flatMap(f => [`**${encodeLine(f?.title ?? '')}.** ${f?.description ?? ''}`, '']),
        ]
      : ['']),
  ]
    .join('\n')
    .trimEnd();
}
