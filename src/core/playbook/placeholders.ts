// `{{name}}` placeholders in query blocks. Values are never spliced into query text: each placeholder becomes a
// positional bind marker and its value travels separately (Athena ExecutionParameters, DuckDB prepared parameters).
import type { ParameterDefinition } from './model';
import { resolveTimeWindow, validateParameter } from './parameters';

const PLACEHOLDER = /\{\{\s*([a-z][a-z0-9_]*)(?:\.(start|end))?\s*\}\}/g;

export interface PlaceholderReference {
  /** Declared parameter name (the base name for `window.start`). */
  name: string;
  part?: 'start' | 'end';
  /** 0-based offset of `{{` in the text. */
  offset: number;
  length: number;
}

export function findPlaceholders(text: string): PlaceholderReference[] {
  return [...text.matchAll(PLACEHOLDER)].map(m => ({
    name: m[1],
    part: m[2] as 'start' | 'end' | undefined,
    offset: m.index ?? 0,
    length: m[0].length,
  }));
}

/** A value bound to one marker: `kind` tells the engine how to type it. */
export interface BoundValue {
  kind: 'string' | 'integer' | 'timestamp';
  value: string;
}

export interface BoundQuery {
  /** The text with every placeholder replaced by `?`. */
  text: string;
  values: BoundValue[];
}

export class ParameterError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('; '));
    this.name = 'ParameterError';
  }
}

/** Resolves one placeholder to its value, validating the parameter against its declared type. */
export function resolvePlaceholder(
  ref: PlaceholderReference,
  values: Record<string, string>,
  definitions: ParameterDefinition[],
  now: Date = new Date(),
): BoundValue {
  const def = definitions.find(d => d.name === ref.name);
  if (!def) throw new ParameterError([`the query uses {{${ref.name}}}, which the playbook does not declare`]);
  const raw = (values[ref.name] ?? def.default ?? '').trim();
  const problem = validateParameter({ ...def, required: true }, raw);
  if (problem) throw new ParameterError([problem]);
  if (def.type === 'timeWindow') {
    const w = resolveTimeWindow(raw, now)!;
    const at = ref.part === 'end' ? w.end : w.start;
    return { kind: 'timestamp', value: at.toISOString().replace(/\.000Z$/, 'Z') };
  }
  if (ref.part) throw new ParameterError([`{{${ref.name}.${ref.part}}} is only valid for a timeWindow parameter`]);
  return { kind: def.type === 'integer' ? 'integer' : def.type === 'isoTime' ? 'timestamp' : 'string', value: raw };
}

/** Replaces every placeholder with `?` and returns the values in order; throws ParameterError listing every problem. */
export function bindPlaceholders(
  text: string,
  values: Record<string, string>,
  definitions: ParameterDefinition[],
  now: Date = new Date(),
): BoundQuery {
  const problems: string[] = [];
  const bound: BoundValue[] = [];
  let out = '';
  let last = 0;
  for (const ref of findPlaceholders(text)) {
    out += text.slice(last, ref.offset) + '?';
    last = ref.offset + ref.length;
    try {
      bound.push(resolvePlaceholder(ref, values, definitions, now));
    } catch (e) {
      problems.push(...(e instanceof ParameterError ? e.problems : [String(e)]));
    }
  }
  if (problems.length) throw new ParameterError([...new Set(problems)]);
  return { text: out + text.slice(last), values: bound };
}

/** Replaces placeholders with resolved values as plain text: for lookup specs, never for SQL. */
export function substitutePlaceholders(
  text: string,
  values: Record<string, string>,
  definitions: ParameterDefinition[],
  now: Date = new Date(),
): string {
  return text.replace(
    PLACEHOLDER,
    (_m, name: string, part?: 'start' | 'end') =>
      resolvePlaceholder({ name, part, offset: 0, length: 0 }, values, definitions, now).value,
  );
}
