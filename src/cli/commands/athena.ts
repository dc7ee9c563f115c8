// `irp athena`: one Athena query from the command line. `{{name}}` placeholders in the SQL take their values from
// --param and travel as ExecutionParameters, never inside the SQL text.
import { isParameterType } from '../../core/playbook/parameters';
import type { ParameterDefinition } from '../../core/playbook/model';
import { CliCommand, UsageError } from '../io';
import { one, outputFormat, parseFlags } from '../flags';
import { collectRun } from '../collectRun';
import { AWS_FLAGS, loadAws, openSession, printAwsRun } from './awsOptions';
import { rowCapFromFlags } from './sql';

const ATHENA_USAGE =
  'irp athena [--profile P] [--region R] --workgroup W --database D [--catalog C] ' +
  '[--output s3://bucket/prefix/] [--param name[:type]=value]... [--price-per-tb USD] [--max N] [--allow-write] ' +
  '[--mfa-code CODE] "SQL" [--json|--csv]';

const FLAGS = {
  ...AWS_FLAGS,
  workgroup: 'value',
  database: 'value',
  catalog: 'value',
  output: 'value',
  param: 'list',
  'price-per-tb': 'value',
  max: 'value',
  'allow-write': 'switch',
} as const;

/** Athena's on-demand price per TB scanned in most regions; --price-per-tb overrides it. */
const DEFAULT_PRICE_PER_TB = 5;

/** `name=value` (a string) or `name:type=value` with a playbook parameter type (integer, ipv4, isoTime...). */
function parseParams(raw: string[]): { values: Record<string, string>; definitions: ParameterDefinition[] } {
  const values: Record<string, string> = {};
  const definitions: ParameterDefinition[] = [];
  for (const p of raw) {
    const m = /^([a-z][a-z0-9_]*)(?::([A-Za-z0-9]+))?=(.*)$/s.exec(p);
    if (!m) throw new UsageError(`--param must be name=value or name:type=value (got "${p}")`);
    const [, name, type = 'string', value] = m;
    if (!isParameterType(type)) throw new UsageError(`--param ${name}: unknown type "${type}"`);
    values[name] = value;
    definitions.push({ name, type, label: name, required: true, position: { line: 1, column: 1 } });
  }
  return { values, definitions };
}

function positiveNumber(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!(n >= 0) || text.trim() === '') throw new UsageError(`--${flag} must be a number ≥ 0 (got "${text}")`);
  return n;
}

export const athenaCommand: CliCommand = async (args, io) => {
  const flags = parseFlags(args, FLAGS, ATHENA_USAGE);
  if (flags.positional.length !== 1) throw new UsageError(`give exactly one SQL text; usage: ${ATHENA_USAGE}`);
  const workgroup = one(flags, 'workgroup');
  const database = one(flags, 'database');
  if (!workgroup || !database) throw new UsageError(`--workgroup and --database are required; usage: ${ATHENA_USAGE}`);
  const format = outputFormat(flags);
  const { values, definitions } = parseParams(flags.values.get('param') ?? []);
  const cap = rowCapFromFlags(flags);
  const allowWrite = flags.values.has('allow-write');
  const session = await openSession(io, flags, one(flags, 'region'));
  try {
    const engine = new (await loadAws()).AthenaEngine(
      session,
      {
        workgroup,
        database,
        catalog: one(flags, 'catalog'),
        outputLocation: one(flags, 'output'),
        pricePerTerabyteUsd: positiveNumber(one(flags, 'price-per-tb'), 'price-per-tb') ?? DEFAULT_PRICE_PER_TB,
      },
      async () => allowWrite,
    );
    const result = await collectRun(signal =>
      engine.run(
        {
          engine: 'athena',
          queryId: 'cli-athena',
          text: flags.positional[0],
          parameters: values,
          definitions,
          rowCap: cap,
        },
        signal,
      ),
    );
    return printAwsRun(io, 'athena', result, format, {
      errorHint: m => (!allowWrite && /not confirmed/.test(m) ? ' (pass --allow-write to run it anyway)' : ''),
    });
  } finally {
    session.destroy();
  }
};
