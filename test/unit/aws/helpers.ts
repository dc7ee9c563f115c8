// Shared set-up for the AWS tests: throwaway shared config files, seeded CloudTrail records, and run collection.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ActionEngine, type ActionConfirmation } from '../../../src/core/aws/api/actionEngine';
import { AwsApiEngine } from '../../../src/core/aws/api/awsApiEngine';
import { AwsSession } from '../../../src/core/aws/session';
import type { QueryRequest } from '../../../src/core/engine/types';
import type { ParameterDefinition } from '../../../src/core/playbook/model';
import type { Env } from '../../../src/core/aws/profiles';
import { DEFAULT_CREDENTIALS_ENV, startEmulator, type Emulator, type EmulatorOptions } from '../../emulator';
import { collectRun, type Collected } from '../collectRun';

export { collectRun as collect, type Collected } from '../collectRun';

// A mis-configured test must never reach real AWS or the instance metadata service.
process.env.AWS_EC2_METADATA_DISABLED = 'true';

export interface AwsFiles {
  dir: string;
  /** Environment pointing the SDK and our profile reader at the files (and nowhere else). */
  env: Env;
  cleanup(): void;
}

/** Writes a config and a credentials file in a fresh temp dir; HOME points there too (SSO token cache). */
export function awsFiles(config: string, credentials = ''): AwsFiles {
  const dir = mkdtempSync(join(tmpdir(), 'irp-aws-'));
  writeFileSync(join(dir, 'config'), config);
  writeFileSync(join(dir, 'credentials'), credentials);
  return {
    dir,
    env: { AWS_CONFIG_FILE: join(dir, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'), HOME: dir },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** An emulator and a session on it signed with its default keys (no profile files); `close` ends both. */
export async function startEmulatorSession(
  region: string,
  options: EmulatorOptions = {},
): Promise<{ emulator: Emulator; session: AwsSession; close(): Promise<void> }> {
  const emulator = await startEmulator(options);
  const session = await AwsSession.open({ region, endpoint: emulator.endpoint, env: DEFAULT_CREDENTIALS_ENV });
  return {
    emulator,
    session,
    close: async () => {
      session.destroy();
      await emulator.close();
    },
  };
}

let eventSeq = 0;

/** A CloudTrail record as a trail delivers it to S3. */
export function ctRecord(over: {
  time: Date;
  name?: string;
  user?: string;
  accessKeyId?: string;
  region?: string;
  requestParameters?: unknown;
  id?: string;
}): Record<string, unknown> {
  const user = over.user ?? 'alice';
  return {
    eventVersion: '1.09',
    userIdentity: {
      type: 'IAMUser',
      principalId: 'AIDAEXAMPLE',
      arn: `arn:aws:iam::111122223333:user/${user}`,
      accountId: '111122223333',
      accessKeyId: over.accessKeyId ?? 'AKIAEXAMPLEKEY000001',
      userName: user,
    },
    eventTime: over.time.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    eventSource: 'ec2.amazonaws.com',
    eventName: over.name ?? 'AuthorizeSecurityGroupIngress',
    awsRegion: over.region ?? 'us-east-1',
    sourceIPAddress: '203.0.113.9',
    userAgent: 'aws-cli/2.15.0',
    requestParameters: over.requestParameters ?? { groupId: 'sg-0123456789abcdef0' },
    responseElements: null,
    eventID: over.id ?? `00000000-0000-4000-8000-${String(++eventSeq).padStart(12, '0')}`,
    readOnly: false,
    eventType: 'AwsApiCall',
    recipientAccountId: '111122223333',
  };
}

/** `count` records one minute apart, newest `minutesAgo` minutes before now. */
export function ctRecords(
  count: number,
  over: Omit<Parameters<typeof ctRecord>[0], 'time'> & { minutesAgo?: number } = {},
) {
  const newest = Date.now() - (over.minutesAgo ?? 10) * 60_000;
  return Array.from({ length: count }, (_, i) => ctRecord({ ...over, time: new Date(newest - i * 60_000) }));
}

export function parameter(name: string, type: ParameterDefinition['type']): ParameterDefinition {
  return { name, type, label: name, required: true, position: { line: 1, column: 1 } };
}

/** Column value by name. */
export function cell(c: Collected, row: number, name: string) {
  return c.rows[row][c.columns.findIndex(col => col.name === name)];
}

/** A run as column names and one object per row, so each assertion reads like the table the user sees. */
export function table(c: Collected) {
  if (c.error) throw c.error;
  const names = c.columns.map(col => col.name);
  return { columns: names, rows: c.rows.map(r => Object.fromEntries(names.map((n, i) => [n, r[i]]))) };
}

/** Runs an `aws` block or a confirmed/refused `action` block on a session, recording each question asked. */
export function blockRunner(session: () => AwsSession) {
  const asked: ActionConfirmation[] = [];
  const request = (engine: 'aws' | 'action', text: string): QueryRequest => ({
    engine,
    queryId: 'q',
    text,
    parameters: {},
    definitions: [],
  });
  return {
    asked,
    read: async (text: string) =>
      table(await collectRun(new AwsApiEngine(session()).run(request('aws', text), new AbortController().signal))),
    act: (text: string, answer: boolean) =>
      collectRun(
        new ActionEngine(session(), async question => {
          asked.push(question);
          return answer;
        }).run(request('action', text), new AbortController().signal),
      ),
  };
}
