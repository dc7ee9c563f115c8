// `irp aws <service> <operation>`: one read-only AWS API call from the command line, in one region, a list or all
// enabled regions, with the same allow-list, pagination and projection as an `aws` block of a playbook.
import { AWS_SERVICES, operationProblem } from '../../core/playbook/awsOperations';
import { collectRun } from '../collectRun';
import { one, outputFormat, parseFlags } from '../flags';
import { CliCommand, UsageError } from '../io';
import { AWS_FLAGS, loadAws, printAwsRun, sessionForRegions } from './awsOptions';
import { rowCapFromFlags } from './sql';

const AWS_USAGE =
  'irp aws <service> <operation> [--input JSON | --param Key=value ...] [--profile P] ' +
  '[--region R|R1,R2|all] [--max N] [--mfa-code CODE] [--json|--csv]';

const FLAGS = { ...AWS_FLAGS, input: 'value', param: 'list', max: 'value' } as const;

/** `--param Key=value`: the value as JSON when it is JSON (a number, a list), else as text. */
function paramValue(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function readInput(inputFlag: string | undefined, params: string[]): Record<string, unknown> {
  if (inputFlag !== undefined && params.length) throw new UsageError('give --input or --param, not both');
  if (inputFlag !== undefined) {
    const input = paramValue(inputFlag);
    if (!input || typeof input !== 'object' || Array.isArray(input)) {
      throw new UsageError(`--input must be a JSON object in the SDK input shape, e.g. '{"GroupIds":["sg-1"]}'`);
    }
    return input as Record<string, unknown>;
  }
  return Object.fromEntries(
    params.map(p => {
      const eq = p.indexOf('=');
      if (eq < 1) throw new UsageError(`--param takes Key=value (got "${p}")`);
      return [p.slice(0, eq), paramValue(p.slice(eq + 1))];
    }),
  );
}

export const awsCommand: CliCommand = async (args, io) => {
  const flags = parseFlags(args, FLAGS, AWS_USAGE);
  if (flags.positional.length !== 2) throw new UsageError(`give a service and an operation; usage: ${AWS_USAGE}`);
  const [service, operation] = flags.positional;
  const denied = operationProblem(service, operation, 'read');
  if (denied) throw new UsageError(`refused: ${denied}`);
  const input = readInput(one(flags, 'input'), flags.values.get('param') ?? []);
  const format = outputFormat(flags);
  const cap = rowCapFromFlags(flags);
  const regionFlag = one(flags, 'region');
  const list =
    regionFlag
      ?.split(',')
      .map(r => r.trim())
      .filter(Boolean) ?? [];
  const regions = regionFlag === 'all' ? 'all' : list.length > 1 ? list.join(', ') : undefined;
  const session = await sessionForRegions(io, flags, regionFlag);
  try {
    const text = [
      `service: ${service}`,
      `operation: ${operation}`,
      ...(regions ? [`regions: ${regions}`] : []),
      `input: ${JSON.stringify(input)}`,
    ].join('\n');
    const engine = new (await loadAws()).AwsApiEngine(session);
    const result = await collectRun(signal =>
      engine.run(
        {
          engine: 'aws',
          queryId: `cli-${AWS_SERVICES[service].prefix}`,
          text,
          parameters: {},
          definitions: [],
          rowCap: cap,
        },
        signal,
      ),
    );
    return printAwsRun(io, 'aws', result, format);
  } finally {
    session.destroy();
  }
};
