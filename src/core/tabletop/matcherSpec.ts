// The YAML a finding's ```match block holds, read into a Matcher. One key per check; several keys in one map
// must all hold; `all:` / `any:` combine lists of checks.
import { isMap, isScalar, isSeq, type Pair } from 'yaml';
import { isPatternProblem, type PatternOptions, SafePattern } from '../safePattern';
import type { Matcher } from './model';
import type { YamlReader } from './yamlReader';

const STEP_STATUSES = ['not-started', 'in-progress', 'done', 'skipped'];
/** How a `matches:` pattern runs: anywhere in a line of the report, ignoring case. */
export const MATCHES_PATTERN: PatternOptions = { ignoreCase: true };
const KINDS = 'mentions, matches, says, run, answer, checked, status, all, any';

export function readMatcher(node: unknown, r: YamlReader): Matcher | undefined {
  const entries = r.entries(node, 'A match block');
  const parts: Matcher[] = [];
  for (const [key, pair] of entries) {
    const m = readOne(key, pair, r);
    if (m) parts.push(m);
  }
  if (entries.size === 0) {
    if (isMap(node)) r.report(node, 'empty-matcher', `A match block needs one of: ${KINDS}.`);
    return undefined;
  }
  if (parts.length < entries.size) return undefined;
  return parts.length === 1 ? parts[0] : { kind: 'all', of: parts };
}

function readOne(key: string, pair: Pair<unknown, unknown>, r: YamlReader): Matcher | undefined {
  const v = pair.value;
  switch (key) {
    case 'mentions': {
      const anyOf = r.texts(v, 'mentions').filter(t => t.trim() !== '');
      return anyOf.length ? { kind: 'mentions', anyOf } : undefined;
    }
    case 'matches': {
      const pattern = r.text(v, 'matches');
      if (pattern === undefined) return undefined;
      const compiled = SafePattern.compile(pattern, MATCHES_PATTERN);
      if (isPatternProblem(compiled)) {
        r.report(v, 'invalid-pattern', `matches: the pattern ${compiled.message}.`);
        return undefined;
      }
      return { kind: 'matches', pattern };
    }
    case 'says':
      return readSays(v, r);
    case 'run':
      return readRun(v, r);
    case 'answer':
      return readAnswer(v, r);
    case 'status':
      return readStatus(v, r);
    case 'checked': {
      const e = r.entries(v, 'checked');
      const step = requiredText(e, 'step', 'checked', v, r);
      const item = requiredText(e, 'item', 'checked', v, r);
      reportUnknown(e, ['step', 'item'], 'checked', r);
      return step && item ? { kind: 'checked', step, item } : undefined;
    }
    case 'all':
    case 'any': {
      if (!isSeq(v) || v.items.length === 0) {
        r.report(v ?? pair.key, 'invalid-value', `${key}: needs a list of checks, one "- key: value" item each.`);
        return undefined;
      }
      const of = v.items.map(item => readMatcher(item, r));
      return of.every((m): m is Matcher => m !== undefined) ? { kind: key, of } : undefined;
    }
    default:
      r.report(pair.key, 'unknown-matcher', `Unknown check "${key}": use one of ${KINDS}.`);
      return undefined;
  }
}

/** `says: [term, [alternative, alternative], ...]`: items that must all hold, each a term or a list of them. */
function readSays(v: unknown, r: YamlReader): Matcher | undefined {
  const items = isSeq(v) ? v.items : [v];
  const allOf = items.map(item => r.texts(item, 'says').map(t => t.trim().replace(/\s+/g, ' ')));
  const bad = allOf.flat().find(t => t === '' || /\*(?=\S)|(?:^|\s)\*/.test(t));
  if (bad !== undefined) {
    r.report(
      v,
      'invalid-value',
      `says: "${bad}" is not a term: write words, with "*" only at the end of a word (delet* key).`,
    );
    return undefined;
  }
  if (allOf.length === 0 || allOf.some(a => a.length === 0)) {
    r.report(v, 'invalid-value', 'says: needs a list of terms, or of lists of alternative terms.');
    return undefined;
  }
  return { kind: 'says', allOf };
}

function readRun(v: unknown, r: YamlReader): Matcher | undefined {
  if (isScalar(v)) {
    const step = r.text(v, 'run');
    return step ? { kind: 'run', step, minRows: 1 } : undefined;
  }
  const e = r.entries(v, 'run');
  const step = requiredText(e, 'step', 'run', v, r);
  const query = e.has('query') ? r.text(e.get('query')?.value, 'run.query') : undefined;
  let minRows = 1;
  if (e.has('minRows')) {
    const t = r.text(e.get('minRows')?.value, 'run.minRows');
    if (t !== undefined && !/^\d+$/.test(t))
      r.report(e.get('minRows')?.value, 'invalid-value', 'run.minRows must be a whole number.');
    else if (t !== undefined) minRows = Number(t);
  }
  reportUnknown(e, ['step', 'query', 'minRows'], 'run', r);
  return step ? { kind: 'run', step, minRows, ...(query ? { query } : {}) } : undefined;
}

function readAnswer(v: unknown, r: YamlReader): Matcher | undefined {
  const e = r.entries(v, 'answer');
  const question = requiredText(e, 'question', 'answer', v, r);
  const step = e.has('step') ? r.text(e.get('step')?.value, 'answer.step') : undefined;
  const anyOf = e.has('contains') ? r.texts(e.get('contains')?.value, 'answer.contains') : [];
  if (!e.has('contains'))
    r.report(v, 'missing-key', 'answer: add "contains:" with the text (or list of texts) a good answer holds.');
  reportUnknown(e, ['question', 'step', 'contains'], 'answer', r);
  return question && anyOf.length ? { kind: 'answer', question, anyOf, ...(step ? { step } : {}) } : undefined;
}

function readStatus(v: unknown, r: YamlReader): Matcher | undefined {
  const e = r.entries(v, 'status');
  const step = requiredText(e, 'step', 'status', v, r);
  const anyOf = e.has('is') ? r.texts(e.get('is')?.value, 'status.is') : ['done'];
  const bad = anyOf.filter(s => !STEP_STATUSES.includes(s));
  if (bad.length)
    r.report(
      e.get('is')?.value,
      'invalid-value',
      `status.is: "${bad[0]}" is not a step status (${STEP_STATUSES.join(', ')}).`,
    );
  reportUnknown(e, ['step', 'is'], 'status', r);
  return step && !bad.length ? { kind: 'status', step, anyOf } : undefined;
}

function requiredText(
  e: Map<string, Pair<unknown, unknown>>,
  key: string,
  what: string,
  node: unknown,
  r: YamlReader,
): string | undefined {
  if (!e.has(key)) {
    r.report(node, 'missing-key', `${what}: "${key}:" is required.`);
    return undefined;
  }
  return r.text(e.get(key)?.value, `${what}.${key}`);
}

function reportUnknown(e: Map<string, Pair<unknown, unknown>>, known: string[], what: string, r: YamlReader): void {
  for (const [k, pair] of e) {
    if (!known.includes(k))
      r.report(pair.key, 'unknown-key', `${what}: unknown key "${k}" (known: ${known.join(', ')}).`, 'warning');
  }
}
