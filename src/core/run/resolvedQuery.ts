// A query with its parameter values written in, as text a responder can paste into a console: the Athena or DuckDB
// query editor (SQL literals), a shell (`aws cloudtrail lookup-events`), or `--cli-input-json` (an aws block's input).
// Engines never run this text (values travel as bind parameters); it is what the run record and the panel show.
import type { QueryRequest } from '../engine/types';
import { parseAwsBlock } from '../playbook/awsBlockSpec';
import { parseLookupSpec, type LookupSpec } from '../playbook/lookupSpec';
import { findPlaceholders, resolvePlaceholder, type BoundValue } from '../playbook/placeholders';

/** A bound value as a SQL literal: whole numbers bare (after a check), everything else a quoted string. */
export function sqlLiteral(v: BoundValue): string {
  if (v.kind === 'integer' && /^-?\d+$/.test(v.value)) return v.value;
  return `'${v.value.replace(/'/g, "''")}'`;
}

/** One shell word, single-quoted: nothing inside is expanded by a POSIX shell. */
export function shellWord(text: string): string {
  return /^[A-Za-z0-9_./:=@,+-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

function resolvedSql(request: QueryRequest, now: Date): string {
  let out = '';
  let last = 0;
  for (const ref of findPlaceholders(request.text)) {
    out += request.text.slice(last, ref.offset);
    out += sqlLiteral(resolvePlaceholder(ref, request.parameters, request.definitions, now));
    last = ref.offset + ref.length;
  }
  return out + request.text.slice(last);
}

/** One `aws cloudtrail lookup-events` command per attribute and Region, as the engine makes one call for each. */
function lookupCommands(spec: LookupSpec): string[] {
  const times = [
    ...(spec.start ? ['--start-time', spec.start.toISOString()] : []),
    ...(spec.end ? ['--end-time', spec.end.toISOString()] : []),
  ];
  const regions = Array.isArray(spec.regions) ? spec.regions : [undefined];
  const attributes = spec.attributes.length ? spec.attributes : [undefined];
  const lines = spec.regions === 'all' ? ['# Run in every enabled Region (add --region for each).'] : [];
  for (const region of regions) {
    for (const a of attributes) {
      const lookup = a
        ? ['--lookup-attributes', JSON.stringify([{ AttributeKey: a.key, AttributeValue: a.value }])]
        : [];
      const words = [
        'aws',
        'cloudtrail',
        'lookup-events',
        ...lookup,
        ...times,
        ...(region ? ['--region', region] : []),
      ];
      lines.push(words.map(shellWord).join(' '));
    }
  }
  if (spec.worldOpen) lines.push('# Then keep the events whose request opens a rule to 0.0.0.0/0 or ::/0.');
  return lines;
}

function problemText(problems: { line: number; message: string }[]): string {
  return problems.map(p => `line ${p.line + 1}: ${p.message}`).join('; ');
}

/**
 * The query of `request` with its parameter values resolved at `now`, in the block's own dialect. Throws (naming the
 * problem) when a value cannot be resolved; the engine refuses such a run too.
 */
export function resolvedQuery(request: QueryRequest, now: Date = new Date()): string {
  switch (request.engine) {
    case 'athena':
    case 'local':
      return resolvedSql(request, now);
    case 'cloudtrail': {
      const { spec, problems } = parseLookupSpec(request.text, request.parameters, request.definitions, now);
      if (problems.length) throw new Error(problemText(problems));
      return lookupCommands(spec).join('\n');
    }
    case 'aws':
    case 'action': {
      const kind = request.engine === 'aws' ? 'read' : 'action';
      const { spec, problems } = parseAwsBlock(request.text, kind, request.parameters, request.definitions, now);
      if (problems.length) throw new Error(problemText(problems));
      const where = spec.regions === undefined ? '' : ` (Regions: ${[spec.regions].flat().join(', ')})`;
      // The input as `--cli-input-json` takes it; JSON.stringify escapes every value and writes times as ISO 8601.
      return `# ${spec.service} ${spec.operation}${where}\n${JSON.stringify(spec.input, null, 2)}`;
    }
  }
}

/** The resolved query, or undefined while a value cannot be resolved (the run is refused, or fails, on it). */
export function resolvedQueryIfValid(request: QueryRequest, now: Date = new Date()): string | undefined {
  try {
    return resolvedQuery(request, now);
  } catch {
    return undefined;
  }
}
