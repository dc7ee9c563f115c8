// The "Response Steps" list of AWS's customer playbook framework: `N. [**PHASE**] Title`, one line per step, in the
// playbook's language (translation bends it: `[** 准备 **]`, `- [ERADICATION]`, `第11回。 [**検出と分析**]`). Each step's
// body is the section whose heading best matches its title; they are matched here.
import type { PhaseId } from '../playbook/model';
import { phaseIdsFromHeading } from '../playbook/phaseNames';
import { plainText } from './outline';

export interface ResponseStep {
  number: number;
  phase: PhaseId;
  title: string;
}

const STEP = /^\s*(?:[-*+]\s*)?(\S{0,8}?)\s*[[【]\s*\*{0,2}\s*([^\]】*]{1,60}?)\s*\*{0,2}\s*[\]】]\s*(.*)$/;
const FENCE = /^\s*(`{3,}|~{3,})/;

export function findResponseSteps(lines: string[]): ResponseStep[] {
  const steps: ResponseStep[] = [];
  let fence = false;
  for (const line of lines) {
    if (FENCE.test(line)) fence = !fence;
    if (fence) continue;
    const m = STEP.exec(line);
    if (!m || /\]\(/.test(line.slice(0, line.indexOf(']') + 2))) continue;
    const phases = phaseIdsFromHeading(m[2]);
    if (phases.length === 0) continue;
    const digits = /\d+/.exec(m[1].normalize('NFKC'));
    const title = plainText(m[3].replace(/[[【]\s*\*{0,2}[^\]】]*\*{0,2}\s*[\]】]\s*$/, '')).replace(/[{}]/g, '');
    steps.push({ number: digits ? Number(digits[0]) : steps.length + 1, phase: phases[0], title });
  }
  return steps.length >= 2 ? steps : [];
}

function bigrams(text: string): Map<string, number> {
  const s = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .normalize('NFC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');
  const grams = new Map<string, number>();
  for (let i = 0; i < s.length - 1; i++) grams.set(s.slice(i, i + 2), (grams.get(s.slice(i, i + 2)) ?? 0) + 1);
  if (s.length === 1) grams.set(s, 1);
  return grams;
}

/** Dice coefficient of the character pairs of two titles: 1 for equal text, 0 for nothing in common. */
export function titleSimilarity(a: string, b: string): number {
  const x = bigrams(a);
  const y = bigrams(b);
  let common = 0;
  let total = 0;
  for (const [g, n] of x) {
    common += Math.min(n, y.get(g) ?? 0);
    total += n;
  }
  for (const n of y.values()) total += n;
  return total === 0 ? 0 : (2 * common) / total;
}

interface MatchCandidate {
  title: string;
  /** The phase of the heading it sits under, when that heading names one. */
  phase?: PhaseId;
}

const THRESHOLD = 0.35;

/**
 * A title, and its part after a colon when it has one: "Additional Preventative Actions: Mitigation Techniques"
 * names the section "Mitigation Techniques", and in a translation the long prefix can drown the match.
 */
function titleParts(title: string): string[] {
  const tail = /[:：]\s*([^:：]+)$/.exec(title)?.[1]?.trim();
  return tail ? [title, tail] : [title];
}

/**
 * Pairs response steps with candidate sections by title: best matches first (a section under the step's own phase
 * scores a little higher). Returns, per step, the index of its section or -1.
 */
export function matchByTitle(steps: ResponseStep[], candidates: MatchCandidate[]): number[] {
  const pairs: { s: number; c: number; score: number }[] = [];
  steps.forEach((step, s) =>
    candidates.forEach((cand, c) => {
      const score =
        Math.max(...titleParts(step.title).map(t => titleSimilarity(t, cand.title))) +
        (cand.phase === step.phase ? 0.1 : 0);
      if (score >= THRESHOLD) pairs.push({ s, c, score });
    }),
  );
  pairs.sort((a, b) => b.score - a.score || a.s - b.s || a.c - b.c);
  const result = steps.map(() => -1);
  const taken = new Set<number>();
  for (const { s, c } of pairs) {
    if (result[s] >= 0 || taken.has(c)) continue;
    result[s] = c;
    taken.add(c);
  }
  return result;
}

/** Each step still alone (-1, and not in `settled`) takes the first section of its phase no step has taken. */
export function matchByPhase(
  steps: ResponseStep[],
  candidates: MatchCandidate[],
  result: number[],
  settled: ReadonlySet<number>,
): void {
  const taken = new Set(result.filter(c => c >= 0));
  steps.forEach((step, s) => {
    if (result[s] >= 0 || settled.has(s)) return;
    const c = candidates.findIndex((cand, i) => !taken.has(i) && cand.phase === step.phase);
    if (c >= 0) {
      result[s] = c;
      taken.add(c);
    }
  });
}
