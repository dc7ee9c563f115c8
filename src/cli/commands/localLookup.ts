// `irp lookup --data <path>... --attribute Key=Value [--start ISO] [--end ISO] [--world-open] [--json|--csv]`:
// CloudTrail event history semantics over local log files. `irp lookup` hands over here when --data is present.
import { CliIo, UsageError } from '../io';
import { ParsedFlags, one, parseFlags } from '../flags';
import { LOOKUP_OUTPUT } from '../rowsOutput';
import { LOCAL_FLAGS, localEngineFromFlags, rowCapFromFlags, runLocal } from './sql';

const LOCAL_LOOKUP_USAGE =
  'irp lookup --data <path> [--data <path>...] [--cache <dir>] --attribute Key=Value ' +
  '[--attribute ...] [--start ISO] [--end ISO] [--world-open] [--max N] [--json|--csv]';

/**
 * The flags as a lookup block body (with `regions` for an AWS lookup of several), so the playbook's lookup parser
 * validates them: one syntax and one parser for `irp lookup` on AWS and on local data.
 */
export function lookupBody(flags: ParsedFlags, regions?: string): string {
  const lines = (flags.values.get('attribute') ?? []).map(a => `attribute: ${a}`);
  for (const key of ['start', 'end'] as const) {
    const v = one(flags, key);
    if (v) lines.push(`${key}: ${v}`);
  }
  if (regions) lines.push(`regions: ${regions}`);
  if (flags.values.has('world-open')) lines.push('world-open: true');
  if (lines.some(l => /[\r\n]/.test(l))) throw new UsageError('option values must be on one line');
  return lines.join('\n');
}

export async function runLocalLookup(args: string[], io: CliIo): Promise<number> {
  const flags = parseFlags(
    args,
    { ...LOCAL_FLAGS, attribute: 'list', start: 'value', end: 'value', 'world-open': 'switch' },
    LOCAL_LOOKUP_USAGE,
  );
  if (flags.positional.length)
    throw new UsageError(`unexpected argument "${flags.positional[0]}"; usage: ${LOCAL_LOOKUP_USAGE}`);
  // The events come as CloudTrail wrote them and are flattened where they are printed (RowsWriter).
  const engine = await localEngineFromFlags(flags, io, LOCAL_LOOKUP_USAGE, { rawLookupEvents: true });
  return runLocal(
    engine,
    {
      engine: 'cloudtrail',
      queryId: 'cli-lookup',
      text: lookupBody(flags),
      parameters: {},
      definitions: [],
      rowCap: rowCapFromFlags(flags),
    },
    flags,
    io,
    { ...LOOKUP_OUTPUT, rawEvents: true },
  );
}
