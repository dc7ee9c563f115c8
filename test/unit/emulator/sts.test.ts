import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { fromIni } from '@aws-sdk/credential-providers';
import { DEFAULT_CREDENTIALS, startEmulator, type Emulator } from '../../emulator';
import { clientConfig, rejection } from './helpers';

const ROLE = 'arn:aws:iam::444455556666:role/IncidentResponder';
const MFA_SERIAL = 'arn:aws:iam::111122223333:mfa/ir-analyst';

describe('emulator: STS', () => {
  let emulator: Emulator;
  let dir: string;
  const savedEnv = { config: process.env.AWS_CONFIG_FILE, credentials: process.env.AWS_SHARED_CREDENTIALS_FILE };

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'irp-emulator-sts-'));
    writeFileSync(
      join(dir, 'config'),
      [
        '[profile ir-source]',
        'region = us-east-1',
        '',
        '[profile ir-mfa]',
        `role_arn = ${ROLE}`,
        'source_profile = ir-source',
        `mfa_serial = ${MFA_SERIAL}`,
        'role_session_name = vscode-ir',
        'region = us-east-1',
        '',
      ].join('\n'),
    );
    writeFileSync(
      join(dir, 'credentials'),
      [
        '[ir-source]',
        `aws_access_key_id = ${DEFAULT_CREDENTIALS.accessKeyId}`,
        `aws_secret_access_key = ${DEFAULT_CREDENTIALS.secretAccessKey}`,
        '',
      ].join('\n'),
    );
    process.env.AWS_CONFIG_FILE = join(dir, 'config');
    process.env.AWS_SHARED_CREDENTIALS_FILE = join(dir, 'credentials');
  });
  after(() => {
    rmSync(dir, { recursive: true, force: true });
    for (const [name, value] of [
      ['AWS_CONFIG_FILE', savedEnv.config],
      ['AWS_SHARED_CREDENTIALS_FILE', savedEnv.credentials],
    ] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });
  beforeEach(async () => {
    emulator = await startEmulator({ roles: [{ roleArn: ROLE, requireMfa: true }], lookupRatePerSecond: Infinity });
  });
  afterEach(() => emulator.close());

  const profileCredentials = (code: string) =>
    fromIni({
      profile: 'ir-mfa',
      ignoreCache: true,
      mfaCodeProvider: async () => code,
      clientConfig: { endpoint: emulator.endpoint },
    });

  it('assumes an MFA role through fromIni, and the session credentials then sign other calls', async () => {
    let askedFor = '';
    const credentials = fromIni({
      profile: 'ir-mfa',
      ignoreCache: true,
      clientConfig: { endpoint: emulator.endpoint },
      mfaCodeProvider: async serial => {
        askedFor = serial;
        return '123456';
      },
    });
    const sts = new STSClient({ endpoint: emulator.endpoint, region: 'us-east-1', credentials });
    const me = await sts.send(new GetCallerIdentityCommand({}));
    assert.equal(askedFor, MFA_SERIAL);
    assert.equal(me.Arn, 'arn:aws:sts::444455556666:assumed-role/IncidentResponder/vscode-ir');
    assert.equal(me.Account, '444455556666');
    assert.match(me.UserId!, /^AROA[0-9A-F]+:vscode-ir$/);

    const ct = new CloudTrailClient({ endpoint: emulator.endpoint, region: 'us-east-1', credentials });
    await ct.send(new LookupEventsCommand({}));
    // Each client resolves the provider itself, so each one assumes the role once with the source keys.
    for (const call of emulator.calls) {
      if (call.action === 'AssumeRole') assert.equal(call.accessKeyId, DEFAULT_CREDENTIALS.accessKeyId);
      else assert.match(call.accessKeyId, /^ASIA/, `${call.action} signed with the session key`);
      assert.equal(call.status, 200);
    }
    assert.deepEqual(
      emulator.calls.map(c => c.action).filter(a => a !== 'AssumeRole'),
      ['GetCallerIdentity', 'LookupEvents'],
    );
    sts.destroy();
    ct.destroy();
  });

  it('refuses a wrong MFA code with AccessDenied', async () => {
    const sts = new STSClient({
      endpoint: emulator.endpoint,
      region: 'us-east-1',
      credentials: profileCredentials('000000'),
    });
    const err = await rejection(() => sts.send(new GetCallerIdentityCommand({})));
    assert.equal(err.name, 'AccessDenied');
    assert.match(err.message, /MultiFactorAuthentication failed/);
    sts.destroy();
  });

  it('refuses an MFA role assumed without MFA, and lets other roles be assumed without', async () => {
    const sts = new STSClient(clientConfig(emulator.endpoint));
    const err = await rejection(() => sts.send(new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: 'no-mfa' })));
    assert.equal(err.name, 'AccessDenied');
    assert.equal(err.$metadata?.httpStatusCode, 403);
    const out = await sts.send(
      new AssumeRoleCommand({
        RoleArn: 'arn:aws:iam::444455556666:role/ReadOnly',
        RoleSessionName: 'plain',
        DurationSeconds: 900,
      }),
    );
    assert.equal(out.AssumedRoleUser?.Arn, 'arn:aws:sts::444455556666:assumed-role/ReadOnly/plain');
    assert.ok(out.Credentials?.Expiration instanceof Date);
    const minutes = (out.Credentials.Expiration.getTime() - Date.now()) / 60000;
    assert.ok(minutes > 13 && minutes <= 15, `expires in ${minutes} minutes`);
    sts.destroy();
  });

  it('validates AssumeRole input like STS does', async () => {
    const sts = new STSClient(clientConfig(emulator.endpoint));
    for (const input of [
      { RoleArn: 'not-an-arn', RoleSessionName: 'ok-name' },
      { RoleArn: ROLE, RoleSessionName: 'x' },
      { RoleArn: 'arn:aws:iam::444455556666:role/ReadOnly', RoleSessionName: 'ok-name', DurationSeconds: 60 },
    ]) {
      assert.equal((await rejection(() => sts.send(new AssumeRoleCommand(input)))).name, 'ValidationError');
    }
    sts.destroy();
  });
});
