// `irp lookup`: CloudTrail event history (LookupEvents) from the command line, or the same lookup over local log
// files with --data (handed to localLookup.ts).
import { CliCommand, UsageError } from '../io';
import { LOOKUP_OUTPUT } from '../rowsOutput';
import { lookupBody, runLocalLookup } from './localLookup';
import { rowCapFromFlags } from './sql';
import { one, outputFormat, parseFlags } from '../flags';
import { collectRun } from '../collectRun';
import { AWS_FLAGS, loadAws, printAwsRun, sessionForRegions } from './awsOptions';

const LOOKUP_USAGE =
  'irp lookup [--profile P] [--region R|all|R1,R2] --attribute Key=Value [--attribute ...] ' +
  '[--start ISO] [--end ISO] [--world-open] [--max N] [--mfa-code CODE] [--json|--csv]';

const FLAGS = {
  ...AWS_FLAGS,
  attribute: 'list',
  start: 'value',
  end: 'value',
  max: 'value',
  'world-open': 'switch',
} as const;

export const lookupCommand: CliCommand = async (args, io) => {
  if (args.includes('--data') || args.some(a => a.startsWith('--data='))) return runLocalLookup(args, io);
  const flags = parseFlags(args, FLAGS, LOOKUP_USAGE);
  if (flags.positional.length)
    throw new UsageError(`unexpected argument "${flags.positional[0]}"; usage: ${LOOKUP_USAGE}`);
  const format = outputFormat(flags);
  const region = one(flags, 'region');
  const many = region === 'all' || region?.includes(',');
  const text = lookupBody(flags, many ? region : undefined);
  const cap = rowCapFromFlags(flags);
  const session = await sessionForRegions(io, flags, region);
  try {
    const engine = new (await loadAws()).CloudTrailEngine(session);
    const result = await collectRun(signal =>
      engine.run(
        { engine: 'cloudtrail', queryId: 'cli-lookup', text, parameters: {}, definitions: [], rowCap: cap },
        signal,
      ),
    );
    return printAwsRun(io, 'lookup', result, format, LOOKUP_OUTPUT);
  } finally {
    session.destroy();
  }
};
