// Options shared by the AWS commands (`irp lookup`, `irp athena`, `irp run`): the session and its summary.
import type { AwsSession } from '../../core/aws/session';
import type { RunMetadata } from '../../core/engine/types';
import { one, type FlagKind, type ParsedFlags } from '../flags';
import type { Collected } from '../collectRun';
import { EXIT_ERRORS, EXIT_OK, type CliIo } from '../io';
import { formatRows, type OutputFormat, type RowsOutputOptions } from '../rowsOutput';
import { partialText } from '../../core/engine/partialReason';

/** The flags every AWS command accepts. */
export const AWS_FLAGS: Record<string, FlagKind> = {
  profile: 'value',
  region: 'value',
  'mfa-code': 'value',
  json: 'switch',
  csv: 'switch',
};

/**
 * The AWS side of the core, loaded when an AWS command runs: the bundler makes it a file of its own (dist/aws.js),
 * so a command on local data never parses the SDK.
 */
export const loadAws = () => import('../../core/aws/index.js');

/** Opens the session; AWS_ENDPOINT_URL in the environment points every client elsewhere (the emulator in tests). */
export async function openSession(io: CliIo, flags: ParsedFlags, region?: string): Promise<AwsSession> {
  const code = one(flags, 'mfa-code');
  const { AwsSession } = await loadAws();
  return AwsSession.open({
    profile: one(flags, 'profile'),
    region,
    env: io.env,
    mfaCodeProvider: code ? async () => code : undefined,
    log: line => io.stderr(`${line}\n`),
  });
}

/**
 * A session for `--region R|R1,R2|all`: a list or "all" still needs a home region for STS, the list's first one, else
 * the profile's, else us-east-1.
 */
export async function sessionForRegions(
  io: CliIo,
  flags: ParsedFlags,
  region: string | undefined,
): Promise<AwsSession> {
  const many = region === 'all' || region?.includes(',');
  try {
    return await openSession(io, flags, many ? (region === 'all' ? undefined : region!.split(',')[0].trim()) : region);
  } catch (e) {
    // Not instanceof: the error's class is the AWS bundle's copy of EngineError.
    if (many && (e as { code?: unknown } | undefined)?.code === (await loadAws()).AWS_ERROR.missingRegion)
      return openSession(io, flags, 'us-east-1');
    throw e;
  }
}

/**
 * How an AWS command ends: the error on stderr (exit 1), or the rows on stdout and a summary of where they came from
 * on stderr (exit 1 still when some Regions failed, since the rows are then incomplete).
 */
export function printAwsRun(
  io: CliIo,
  command: string,
  result: Collected,
  format: OutputFormat,
  options: RowsOutputOptions & { errorHint?: (message: string) => string } = {},
): number {
  if (result.error) {
    io.stderr(`irp ${command}: ${result.error.message}${options.errorHint?.(result.error.message) ?? ''}\n`);
    return EXIT_ERRORS;
  }
  io.stdout(formatRows(format, result.columns, result.rows, result.metadata, options));
  io.stderr(runSummary(result.metadata));
  return result.metadata.context.failedRegions ? EXIT_ERRORS : EXIT_OK;
}

/** A short account of the run for stderr: where it ran and why it is partial. Never a secret. */
function runSummary(metadata: RunMetadata): string {
  const c = metadata.context;
  const where = [c.profile && `profile ${c.profile}`, c.account && `account ${c.account}`, c.regions ?? c.region]
    .filter(Boolean)
    .join(', ');
  const lines = [`${metadata.rowCount} row(s)${where ? ` from ${where}` : ''}`];
  if (c.dataScannedBytes) lines.push(`data scanned: ${c.dataScannedBytes} bytes, cost ≈ $${c.costUsd}`);
  if (c.regionsNotEnabled) lines.push(`regions not enabled for the account (skipped): ${c.regionsNotEnabled}`);
  if (metadata.partial && metadata.partialReason && !metadata.error) lines.push(`partial: ${partialText(metadata)}`);
  return lines.join('\n') + '\n';
}
