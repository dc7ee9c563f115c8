// The debrief: which expected findings the team's incident report shows, with the evidence for each, and the
// markdown section the extension appends to the report at the end of an exercise.
import { decodeLine, encodeLine } from '../report/escape';
import type { ReportState, StepState } from '../report/model';
import { isPatternProblem, SafePattern } from '../safePattern';
import { MATCHES_PATTERN } from './matcherSpec';
import type { Matcher, Scenario } from './model';

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

/** Markers around the debrief section; not `irp:` markers, so the report parser leaves them alone. */
const SECTION_OPEN = (id: string) => `<!-- tabletop:debrief scenario="${id.replace(/[^a-z0-9-]/g, '')}" -->`;
const SECTION_CLOSE = '<!-- /tabletop:debrief -->';
const SECTION = /<!-- tabletop:debrief[^>]*-->[\s\S]*?<!-- \/tabletop:debrief -->(\r?\n)?/g;
const EVIDENCE_MAX = 120;

export function scoreDebrief(scenario: Scenario, reportState: ReportState, reportText: string): DebriefResult[] {
  // A debrief already in the report quotes the evidence; scoring it again must not count those quotes.
  const lines = reportText.replace(SECTION, '').split(/\r?\n/).map(decodeLine);
  return scenario.findings.map(f => {
    const outcome = evaluate(f.matcher, reportState, lines);
    return {
      findingId: f.id,
      title: f.title,
      found: outcome.found,
      ...(outcome.evidence ? { evidence: outcome.evidence } : {}),
    };
  });
}

function evaluate(m: Matcher, state: ReportState, lines: string[]): Outcome {
  switch (m.kind) {
    case 'mentions':
      return firstFound(m.anyOf.map(text => () => findLine(lines, line => indexOfIgnoreCase(line, text))));
    case 'matches': {
      const compiled = SafePattern.compile(m.pattern, MATCHES_PATTERN);
      // A scenario is read through readMatcher, which refuses such a pattern; a refused one finds nothing.
      return isPatternProblem(compiled) ? { found: false } : findLine(lines, line => compiled.search(line));
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
      const parts = m.of.map(x => evaluate(x, state, lines));
      const evidence = parts
        .map(p => p.evidence)
        .filter(Boolean)
        .join('; ');
      return { found: parts.every(p => p.found), ...(evidence ? { evidence } : {}) };
    }
    case 'any':
      return firstFound(m.of.map(x => () => evaluate(x, state, lines)));
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

function findLine(lines: string[], at: (line: string) => number): Outcome {
  for (const line of lines) {
    const i = at(line);
    if (i >= 0) return { found: true, evidence: clip(line, i) };
  }
  return { found: false };
}

/** About EVIDENCE_MAX characters of one line around position `at`, on one line. */
function clip(text: string, at: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= EVIDENCE_MAX) return flat;
  const from = Math.max(0, Math.min(at - 40, flat.length - EVIDENCE_MAX));
  return `${from > 0 ? '…' : ''}${flat.slice(from, from + EVIDENCE_MAX)}${from + EVIDENCE_MAX < flat.length ? '…' : ''}`;
}

/** The debrief as a markdown section with a table; evidence (log data, team text) is escaped. */
export function renderDebriefSection(scenario: Scenario, results: DebriefResult[]): string {
  const found = results.filter(r => r.found).length;
  const rows = results.map(
    r => `| ${encodeLine(r.title)} | ${r.found ? 'found' : 'missed'} | ${r.evidence ? encodeLine(r.evidence) : ''} |`,
  );
  const missed = results
    .filter(r => !r.found)
    .map(r => scenario.findings.find(f => f.id === r.findingId))
    .filter(f => f?.description);
  return [
    SECTION_OPEN(scenario.id),
    `## Tabletop debrief: ${encodeLine(scenario.title)}`,
    '',
    `The report shows ${found} of the ${results.length} findings this exercise expected.`,
    '',
    '| Finding | Result | Evidence in the report |',
    '| --- | --- | --- |',
    ...rows,
    ...(missed.length
      ? [
          '',
          '### What the missed findings were',
          '',
          ...missed.flatMap(f => [`**${encodeLine(f?.title ?? '')}.** ${f?.description ?? ''}`, '']),
        ]
      : ['']),
    SECTION_CLOSE,
    '',
  ].join('\n');
}

/** The report with its debrief section replaced by `section`, or `section` appended when there is none yet. */
export function withDebriefSection(reportText: string, section: string): string {
  const eol = reportText.includes('\r\n') ? '\r\n' : '\n';
  const without = reportText.replace(SECTION, '').replace(/\s*$/, '');
  return `${without}${eol}${eol}${section.replace(/\r?\n/g, eol)}`;
}
