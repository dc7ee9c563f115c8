// Options shared by the AWS commands (`irp lookup`, `irp athena`, `irp run`): the session, its summary and Ctrl-C.
import { AwsSession } from '../../core/aws/session';
import type { RunHandle, ResultPage, RunMetadata, Column, Row } from '../../core/engine/types';
import { one, type FlagKind, type ParsedFlags } from '../flags';
import type { CliIo } from '../io';

/** The flags every AWS command accepts. */
export const AWS_FLAGS: Record<string, FlagKind> = { profile: 'value', region: 'value', 'mfa-code': 'value', json: 'switch',
  csv: 'switch' };

/** Opens the session; AWS_ENDPOINT_URL in the environment points every client elsewhere (the emulator in tests). */
export function openSession(io: CliIo, flags: ParsedFlags, region?: string): Promise<AwsSession> {
  const code = one(flags, 'mfa-code');
  return AwsSession.open({
    profile: one(flags, 'profile'),
    region,
    env: io.env,
    mfaCodeProvider: code ? async () => code : undefined,
  });
}

/** Reads every page; Ctrl-C cancels the run (Athena: the query is stopped) instead of killing the process. */
export async function collectRun(start: (signal: AbortSignal) => RunHandle):
Promise<{ columns: Column[]; rows: Row[]; metadata: RunMetadata; error?: Error }> {
  const controller = new AbortController();
  const onInterrupt = () => controller.abort();
  process.once('SIGINT', onInterrupt);
  const handle = start(controller.signal);
  let columns: Column[] = [];
  const rows: Row[] = [];
  let error: Error | undefined;
  try {
    for await (const page of handle.pages as AsyncIterable<ResultPage>) {
      if (page.columns.length) columns = page.columns;
      for (const r of page.rows) rows.push(r);
    }
  } catch (e) {
    error = e instanceof Error ? e : new Error(String(e));
  } finally {
    process.removeListener('SIGINT', onInterrupt);
  }
  return { columns, rows, metadata: await handle.metadata, error };
}

/** A short account of the run for stderr: where it ran and why it is partial. Never a secret. */
export function runSummary(metadata: RunMetadata): string {
  const c = metadata.context;
  const where = [c.profile && `profile ${c.profile}`, c.account && `account ${c.account}`, c.regions ?? c.region]
    .filter(Boolean).join(', ');
  const lines = [`${metadata.rowCount} row(s)${where ? ` from ${where}` : ''}`];
  if (c.dataScannedBytes) lines.push(`data scanned: ${c.dataScannedBytes} bytes, cost ≈ $${c.costUsd}`);
  if (c.regionsNotEnabled) lines.push(`regions not enabled for the account (skipped): ${c.regionsNotEnabled}`);
  if (metadata.partial && metadata.partialReason && !metadata.error) lines.push(`partial: ${metadata.partialReason}`);
  return lines.join('\n') + '\n';
}
