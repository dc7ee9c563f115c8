// Command-line flags for every irp command: `--name value`, `--name=value`, switches and repeated flags.
import { UsageError } from './io';
import type { OutputFormat } from './rowsOutput';

export type FlagKind = 'value' | 'list' | 'switch';

export interface ParsedFlags {
  values: Map<string, string[]>;
  positional: string[];
}

/** Parses `--name value`, `--name=value` and switches; unknown flags are usage errors naming the usage line. */
export function parseFlags(args: string[], spec: Record<string, FlagKind>, usage: string): ParsedFlags {
  const values = new Map<string, string[]>();
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    const kind = spec[name];
    if (!kind) throw new UsageError(`unknown option "--${name}"; usage: ${usage}`);
    let value = 'true';
    if (kind !== 'switch') {
      if (eq >= 0) value = arg.slice(eq + 1);
      else if (i + 1 < args.length) value = args[++i];
      else throw new UsageError(`--${name} needs a value; usage: ${usage}`);
    }
    if (kind !== 'list' && values.has(name)) throw new UsageError(`--${name} given twice`);
    values.set(name, [...(values.get(name) ?? []), value]);
  }
  return { values, positional };
}

export function one(flags: ParsedFlags, name: string): string | undefined {
  return flags.values.get(name)?.[0];
}

export function outputFormat(flags: ParsedFlags): OutputFormat {
  if (flags.values.has('json') && flags.values.has('csv')) throw new UsageError('choose one of --json and --csv');
  return flags.values.has('json') ? 'json' : flags.values.has('csv') ? 'csv' : 'table';
}
