// The exercise section at the end of an exercise report: which injects the facilitator released and when (so a
// reload, or another window, shows the players the same briefing), and the latest debrief. The section is written
// by the extension and `irp tabletop debrief --write`; its markers are not `irp:` markers, so the report parser and
// the step regions leave it alone.
import { encodeLine } from '../report/escape';
import type { Scenario } from './model';

export interface ReleasedInject {
  id: string;
  /** ISO time the facilitator released it. */
  at: string;
}

export interface ExerciseRecord {
  released: ReleasedInject[];
  /** The debrief markdown (its "### Debrief" heading included), when one was scored. */
  debrief?: string;
}

/** The section, and the debrief-only section earlier versions appended (replaced by this one when written). */
const SECTION = /<!-- tabletop:(exercise|debrief)\b[^>]*-->[\s\S]*?<!-- \/tabletop:\1 -->(?:\r?\n)?/g;
const EXERCISE = /<!-- tabletop:exercise\b[^>]*-->([\s\S]*?)<!-- \/tabletop:exercise -->/;
const RELEASED_LINE = /^- (\d{4}-\d\d-\d\dT[\d:.]+Z): .*\(`([^`]+)`\)\s*$/;
const RELEASED_HEADING = '### Injects released';
const DEBRIEF_HEADING = '### Debrief';

export function readExercise(reportText: string): ExerciseRecord {
  const body = EXERCISE.exec(reportText)?.[1];
  if (body === undefined) return { released: [] };
  const lines = body.split(/\r?\n/);
  const released: ReleasedInject[] = [];
  const debriefAt = lines.findIndex(l => l.trim() === DEBRIEF_HEADING);
  for (const line of debriefAt < 0 ? lines : lines.slice(0, debriefAt)) {
    const m = RELEASED_LINE.exec(line);
    if (m && !released.some(r => r.id === m[2])) released.push({ id: m[2], at: m[1] });
  }
  const debrief = debriefAt < 0 ? undefined : lines.slice(debriefAt).join('\n').trim();
  return { released, ...(debrief ? { debrief } : {}) };
}

function renderExercise(scenario: Scenario, record: ExerciseRecord): string {
  const releasedLines = record.released.map(r => {
    const inject = scenario.injects.find(i => i.id === r.id);
    const title = inject ? `${inject.offsetText} · ${inject.title}` : r.id;
    return `- ${r.at}: ${encodeLine(title)} (\`${r.id}\`)`;
  });
  return [
    `<!-- tabletop:exercise scenario="${scenario.id.replace(/[^a-z0-9-]/g, '')}" -->`,
    `## Exercise: ${encodeLine(scenario.title)}`,
    '',
    RELEASED_HEADING,
    '',
    ...(releasedLines.length ? releasedLines : ['None yet.']),
    '',
    ...(record.debrief ? [record.debrief, ''] : []),
    '<!-- /tabletop:exercise -->',
    '',
  ].join('\n');
}

/** The report with its exercise section replaced by (or, the first time, appended as) the one for `record`. */
export function withExercise(reportText: string, scenario: Scenario, record: ExerciseRecord): string {
  const eol = reportText.includes('\r\n') ? '\r\n' : '\n';
  const without = reportText.replace(SECTION, '').replace(/\s*$/, '');
  return `${without}${eol}${eol}${renderExercise(scenario, record).replace(/\n/g, eol)}`;
}
