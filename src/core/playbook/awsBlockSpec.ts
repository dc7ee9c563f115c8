// The body of an `aws` (read) or `action` (containment) block: YAML naming the service, the operation, the regions and
// the SDK input. Shared by `irp validate` (shape and allow-list, placeholders left in place) and the AWS API engine
// (placeholders resolved to typed values), so a block that validates is the block that runs.
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { ACTION_RULES, AWS_SERVICES, operationProblem, type AwsBlockKind } from './awsOperations';
import { denyOnlyProblem } from './denyOnlyPolicy';
import type { ParameterDefinition } from './model';
import { findPlaceholders, ParameterError, resolvePlaceholder, type PlaceholderReference } from './placeholders';

export type InputValue = string | number | boolean | Date | null | InputValue[] | { [key: string]: InputValue };

export interface AwsBlockSpec {
  /** Lower-case SDK client name: `ec2`, `guardduty`, `config`... */
  service: string;
  /** SDK command name without "Command": `DescribeSecurityGroups`. */
  operation: string;
  /** 'all' enabled regions, a list, or undefined for the session's region. */
  regions?: 'all' | string[];
  /** SDK input (PascalCase keys); placeholders resolved when values were given, else left as `{{name}}` text. */
  input: { [key: string]: InputValue };
}

interface AwsBlockProblem {
  /** 0-based line and column within the block body. */
  line: number;
  column: number;
  message: string;
}

const KEYS = ['service', 'operation', 'regions', 'input'];
const REGION = /^[a-z]{2}(?:-[a-z]+)+-\d$/;
/** Stands in for a placeholder while YAML parses the body: no character YAML treats specially. */
const TOKEN = (i: number) => `__irp_placeholder_${i}__`;
const TOKEN_IN = /__irp_placeholder_(\d+)__/g;
const HAS_TOKEN = /__irp_placeholder_\d+__/;

interface Resolution {
  values?: Record<string, string>;
  definitions: ParameterDefinition[];
  now: Date;
}

/**
 * Parses a block body of the given kind. With `values` (running), placeholders become typed values (integers are
 * numbers, times are Dates, the rest strings); without (validating), they stay as written and only the shape and the
 * allow-list are checked.
 */
export function parseAwsBlock(
  body: string,
  kind: AwsBlockKind,
  values?: Record<string, string>,
  definitions: ParameterDefinition[] = [],
  now: Date = new Date(),
): { spec: AwsBlockSpec; problems: AwsBlockProblem[] } {
  const refs: PlaceholderReference[] = findPlaceholders(body);
  let text = '';
  let last = 0;
  refs.forEach((ref, i) => {
    // Same length as the placeholder where possible, so YAML positions stay close to the written text.
    text += body.slice(last, ref.offset) + TOKEN(i);
    last = ref.offset + ref.length;
  });
  text += body.slice(last);

  const problems: AwsBlockProblem[] = [];
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true });
  const at = (offset: number) => {
    const p = lines.linePos(offset);
    return { line: p.line - 1, column: p.col - 1 };
  };
  const problem = (offset: number, message: string) => problems.push({ ...at(offset), message });
  const spec: AwsBlockSpec = { service: '', operation: '', input: {} };
  for (const e of doc.errors) problem(e.pos[0], e.message.split('\n')[0]);
  if (doc.errors.length) return { spec, problems };
  if (!isMap(doc.contents)) {
    problem(0, `the body is YAML with the keys ${KEYS.join(', ')}`);
    return { spec, problems };
  }
  const resolution: Resolution = { values, definitions, now };
  const convert = (node: Node | null | undefined): InputValue => toValue(node, refs, body, resolution, problem);
  for (const pair of doc.contents.items) {
    const keyNode = pair.key as Node;
    const key = isScalar(keyNode) ? String(keyNode.value) : '';
    const offset = keyNode?.range?.[0] ?? 0;
    if (!KEYS.includes(key)) {
      problem(offset, `unknown key "${key}"; an ${kind === 'read' ? 'aws' : 'action'} block has ${KEYS.join(', ')}`);
      continue;
    }
    const valueNode = pair.value as Node | null;
    const value = convert(valueNode);
    const valueAt = valueNode?.range?.[0] ?? offset;
    if (key === 'input') {
      if (value === null) continue;
      if (typeof value !== 'object' || Array.isArray(value) || value instanceof Date) {
        problem(
          valueAt,
          'input is a mapping in the SDK input shape (PascalCase keys), e.g. input: { GroupIds: [sg-1] }',
        );
      } else spec.input = value;
    } else if (key === 'regions') {
      const regions = readRegions(value);
      if ('problem' in regions) problem(valueAt, regions.problem);
      else spec.regions = regions.regions;
    } else if (typeof value !== 'string' || value === '') {
      problem(valueAt, `${key} is one word, e.g. ${key === 'service' ? 'ec2' : 'DescribeSecurityGroups'}`);
    } else spec[key as 'service' | 'operation'] = value;
  }
  if (!spec.service) problem(0, `name the service: service: ${Object.keys(AWS_SERVICES).join(' | ')}`);
  else if (!spec.operation) problem(0, 'name the operation (the SDK command without "Command"): operation: ...');
  else {
    const denied = operationProblem(spec.service, spec.operation, kind);
    const opNode = doc.contents.items.find(p => isScalar(p.key) && p.key.value === 'operation')?.value as
      Node | undefined;
    if (denied) problem(opNode?.range?.[0] ?? 0, denied);
    else if (kind === 'action') checkAction(spec, problem);
  }
  return { spec, problems };
}

function readRegions(value: InputValue): { regions: 'all' | string[] } | { problem: string } {
  const list = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : undefined;
  if (!list) return { problem: 'regions is all, or a comma-separated list of region names' };
  const names = list.map(r => String(r).trim()).filter(Boolean);
  if (names.length === 1 && names[0] === 'all') return { regions: 'all' };
  const bad = names.filter(r => !REGION.test(r) && !r.startsWith('{{'));
  if (bad.length || !names.length) {
    return { problem: `not a region name: ${bad.join(', ') || '(empty)'}; write all or e.g. us-east-1, eu-west-1` };
  }
  return { regions: names };
}

/** An action changes one named resource in one region, and only in the direction the rule allows. */
function checkAction(spec: AwsBlockSpec, problem: (offset: number, message: string) => void): void {
  const call = `${spec.service}:${spec.operation}`;
  const rule = ACTION_RULES[call];
  if (spec.regions === 'all' || (spec.regions && spec.regions.length > 1)) {
    problem(
      0,
      `an action runs in one region: give one region (or none, for the current one), not ${String(spec.regions)}`,
    );
  }
  if (!rule) return;
  for (const key of rule.required) {
    if (spec.input[key] === undefined) problem(0, `${call} needs input.${key}`);
  }
  for (const [key, fixed] of Object.entries(rule.fixed ?? {})) {
    const v = spec.input[key];
    if (v !== undefined && v !== fixed && !String(v).startsWith('{{')) {
      problem(0, `${call} may only set ${key} to ${fixed} here (containment), not ${String(v)}`);
    }
  }
  for (const key of rule.single ?? []) {
    const v = spec.input[key];
    if (v !== undefined && (!Array.isArray(v) || v.length !== 1)) {
      problem(0, `${call} acts on one resource at a time: input.${key} must list exactly one item`);
    }
  }
  for (const key of rule.resource) {
    const v = spec.input[key];
    if (v !== undefined && !rule.single?.includes(key) && typeof v !== 'string') {
      problem(0, `${call} acts on one resource at a time: input.${key} must be one name or id, not a list`);
    }
  }
  const document = rule.denyOnly ? spec.input[rule.denyOnly] : undefined;
  const notDenyOnly = document === undefined ? undefined : denyOnlyProblem(document);
  if (notDenyOnly) problem(0, `${call} here is containment: input.${rule.denyOnly} ${notDenyOnly}`);
  const extra = rule.only ? Object.keys(spec.input).filter(k => !rule.only!.includes(k)) : [];
  if (extra.length) {
    problem(0, `${call} may only be given ${rule.only!.join(' and ')} here (containment), not ${extra.join(', ')}`);
  }
  for (const [key, exact] of Object.entries(rule.exact ?? {})) {
    const v = spec.input[key];
    if (v !== undefined && !sameSettings(v, exact)) {
      problem(
        0,
        `${call} may only set ${key} to ${JSON.stringify(exact)} here (containment), not ${JSON.stringify(v)}`,
      );
    }
  }
}

/** A flag, or a mapping of flags with exactly the expected keys and values. */
function sameSettings(value: InputValue, expected: boolean | Readonly<Record<string, boolean>>): boolean {
  if (typeof expected === 'boolean') return value === expected;
  if (value === null || typeof value !== 'object' || Array.isArray(value) || value instanceof Date) return false;
  const keys = Object.keys(value);
  return keys.length === Object.keys(expected).length && keys.every(k => value[k] === expected[k]);
}

function toValue(
  node: Node | null | undefined,
  refs: PlaceholderReference[],
  body: string,
  resolution: Resolution,
  problem: (offset: number, message: string) => void,
): InputValue {
  if (!node) return null;
  const offset = node.range?.[0] ?? 0;
  if (isMap(node)) {
    const out: { [key: string]: InputValue } = {};
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      if (HAS_TOKEN.test(key) || key === '') {
        problem((pair.key as Node | null)?.range?.[0] ?? offset, 'a placeholder may stand only for a value, not a key');
        continue;
      }
      out[key] = toValue(pair.value as Node | null, refs, body, resolution, problem);
    }
    return out;
  }
  if (isSeq(node)) return node.items.map(item => toValue(item as Node, refs, body, resolution, problem));
  if (!isScalar(node)) return null;
  const value = node.value;
  if (typeof value !== 'string') return value as InputValue;
  const whole = /^__irp_placeholder_(\d+)__$/.exec(value);
  if (whole) return resolveRef(refs[Number(whole[1])], body, resolution, offset, problem);
  if (HAS_TOKEN.test(value)) {
    problem(offset, 'a placeholder must be the whole value ("{{name}}"), not part of a longer text');
    return value.replace(TOKEN_IN, (_m, i: string) => placeholderText(refs[Number(i)], body));
  }
  return value;
}

function placeholderText(ref: PlaceholderReference, body: string): string {
  return body.slice(ref.offset, ref.offset + ref.length);
}

function resolveRef(
  ref: PlaceholderReference,
  body: string,
  resolution: Resolution,
  offset: number,
  problem: (offset: number, message: string) => void,
): InputValue {
  if (!resolution.values) return placeholderText(ref, body);
  try {
    const bound = resolvePlaceholder(ref, resolution.values, resolution.definitions, resolution.now);
    if (bound.kind === 'integer') return Number(bound.value);
    if (bound.kind === 'timestamp') return new Date(bound.value);
    return bound.value;
  } catch (e) {
    problem(offset, e instanceof ParameterError ? e.problems.join('; ') : String(e));
    return null;
  }
}
