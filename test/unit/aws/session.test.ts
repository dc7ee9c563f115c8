import * as assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CloudTrailEngine } from '../../../src/core/aws/cloudtrailEngine';
import { AwsSession } from '../../../src/core/aws/session';
import { DEFAULT_CREDENTIALS, startEmulator, type Emulator } from '../../emulator';
import { awsFiles, collect, ctRecords, type AwsFiles } from './helpers';

const SECOND = {
  accessKeyId: 'AKIAEMULATOR00000002',
  secretAccessKey: 'second-secret-not-real',
  account: '444455556666',
  arn: 'arn:aws:iam::444455556666:user/responder-b',
};
const EXPIRED = {
  accessKeyId: 'ASIAEMULATOR0000EXP1',
  secretAccessKey: 'expired-secret',
  sessionToken: 'expired-session-token',
  account: '111122223333',
  arn: 'arn:aws:sts::111122223333:assumed-role/Old/session',
  expiresAt: Date.now() - 60_000,
};
const ROLE = 'arn:aws:iam::111122223333:role/IncidentResponder';

describe('AwsSession against the emulator', () => {
  let emulator: Emulator;
  let files: AwsFiles;

  before(async () => {
    emulator = await startEmulator({
      credentials: [DEFAULT_CREDENTIALS, SECOND, EXPIRED],
      roles: [{ roleArn: ROLE, requireMfa: true }],
    });
    files = awsFiles(
      `
[profile base]
region = us-east-1
[profile second]
region = eu-west-1
[profile responder]
role_arn = ${ROLE}
source_profile = base
mfa_serial = arn:aws:iam::111122223333:mfa/alice
role_session_name = vscode-ir
region = us-east-1
[profile plain-role]
role_arn = arn:aws:iam::111122223333:role/Analyst
source_profile = noregion
[profile tool]
credential_process = "${process.execPath}" "${'CREDPROC'}"
region = us-east-1
[profile sso-user]
sso_session = corp-test-session-that-has-no-token
sso_account_id = 111122223333
sso_role_name = IncidentResponder
region = us-east-1
[sso-session corp-test-session-that-has-no-token]
sso_start_url = https://example-no-token.awsapps.com/start
sso_region = us-east-1
[profile sso-broken]
sso_session = nowhere
sso_account_id = 111122223333
sso_role_name = IncidentResponder
region = us-east-1
[profile legacy-sso]
sso_start_url = https://legacy-no-token.awsapps.com/start
sso_region = us-east-1
sso_account_id = 111122223333
sso_role_name = ReadOnly
region = us-east-1
[profile stale]
region = us-east-1
[profile noregion]
`,
      `
[base]
aws_access_key_id = ${DEFAULT_CREDENTIALS.accessKeyId}
aws_secret_access_key = ${DEFAULT_CREDENTIALS.secretAccessKey}
[second]
aws_access_key_id = ${SECOND.accessKeyId}
aws_secret_access_key = ${SECOND.secretAccessKey}
[stale]
aws_access_key_id = ${EXPIRED.accessKeyId}
aws_secret_access_key = ${EXPIRED.secretAccessKey}
aws_session_token = ${EXPIRED.sessionToken}
[noregion]
aws_access_key_id = ${DEFAULT_CREDENTIALS.accessKeyId}
aws_secret_access_key = ${DEFAULT_CREDENTIALS.secretAccessKey}
`,
    );
    // credential_process: a script printing the documented Version 1 JSON.
    const script = join(files.dir, 'creds.js');
    writeFileSync(
      script,
      `process.stdout.write(JSON.stringify({ Version: 1, AccessKeyId: '${SECOND.accessKeyId}', ` +
        `SecretAccessKey: '${SECOND.secretAccessKey}' }));`,
    );
    const configPath = files.env.AWS_CONFIG_FILE!;
    writeFileSync(configPath, readFileSync(configPath, 'utf8').replace('CREDPROC', script));
  });
  after(async () => {
    await emulator.close();
    files.cleanup();
  });
  afterEach(() => assert.deepEqual(emulator.mutatingCalls(), []));

  const open = (profile: string, extra: Partial<Parameters<typeof AwsSession.open>[0]> = {}) =>
    AwsSession.open({ profile, endpoint: emulator.endpoint, env: files.env, ...extra });

  it('resolves a static profile and tells who it is', async () => {
    const session = await open('base');
    assert.deepEqual(await session.identity(), {
      account: '111122223333',
      arn: DEFAULT_CREDENTIALS.arn,
      userId: (await session.identity()).userId,
    });
    assert.deepEqual(session.describe(), {
      profile: 'base',
      region: 'us-east-1',
      account: '111122223333',
      callerArn: DEFAULT_CREDENTIALS.arn,
    });
    assert.equal(emulator.calls.filter(c => c.action === 'GetCallerIdentity').length, 1, 'identity is asked once');
    assert.ok(!JSON.stringify(session.describe()).includes('secret'));
    session.destroy();
  });

  it('assumes a role with the MFA code from the provider, asking once for all clients', async () => {
    const asked: string[] = [];
    const session = await open('responder', {
      mfaCodeProvider: async serial => {
        asked.push(serial);
        return '123456';
      },
    });
    const me = await session.identity();
    assert.match(me.arn, /assumed-role\/IncidentResponder\/vscode-ir$/);
    await collect(
      new CloudTrailEngine(session).run(
        { engine: 'cloudtrail', queryId: 'q', text: 'attribute: EventName=Nothing', parameters: {}, definitions: [] },
        new AbortController().signal,
      ),
    );
    assert.deepEqual(asked, ['arn:aws:iam::111122223333:mfa/alice']);
    const lookup = emulator.calls.filter(c => c.action === 'LookupEvents').pop()!;
    assert.match(lookup.accessKeyId, /^ASIA/, 'the lookup is signed with the assumed-role key');
    session.destroy();
  });

  it('assumes a role for a profile without a region, in the region the user chose', async () => {
    const session = await open('plain-role', { region: 'eu-west-2' });
    assert.match((await session.identity()).arn, /assumed-role\/Analyst\//);
    const assume = emulator.calls.filter(c => c.action === 'AssumeRole').pop()!;
    assert.equal(assume.region, 'eu-west-2');
    session.destroy();
  });

  it('says an MFA code is needed when the profile has mfa_serial and no code can be asked', async () => {
    const session = await open('responder');
    await assert.rejects(session.identity(), (e: Error & { code?: string }) => {
      assert.equal(e.code, 'MfaRequired');
      assert.match(e.message, /MFA code/);
      return true;
    });
  });

  it('reports an empty MFA answer as a missing code', async () => {
    const session = await open('responder', { mfaCodeProvider: async () => '' });
    await assert.rejects(session.identity(), { code: 'MfaRequired' });
  });

  it('uses credentials from credential_process', async () => {
    const session = await open('tool');
    assert.equal((await session.identity()).arn, SECOND.arn);
    session.destroy();
  });

  for (const profile of ['sso-user', 'legacy-sso']) {
    it(`tells the user to sign in again when the SSO token is missing (${profile})`, async () => {
      const session = await open(profile);
      await assert.rejects(session.identity(), (e: Error & { code?: string }) => {
        assert.equal(e.code, 'SsoLoginRequired');
        assert.ok(e.message.includes(`aws sso login --profile ${profile}`), e.message);
        return true;
      });
    });
  }

  it('says what to fix when an SSO profile names an sso-session that does not exist', async () => {
    await assert.rejects(open('sso-broken'), (e: Error & { code?: string }) => {
      assert.equal(e.code, 'IncompleteProfile');
      assert.match(e.message, /no \[sso-session nowhere\] section.*aws configure sso/s);
      return true;
    });
  });

  it('names the known profiles when the profile does not exist', async () => {
    await assert.rejects(open('nope'), (e: Error & { code?: string }) => {
      assert.equal(e.code, 'UnknownProfile');
      assert.match(
        e.message,
        /"nope".*base, legacy-sso, noregion, plain-role, responder, second, sso-broken, sso-user, stale, tool/,
      );
      return true;
    });
  });

  it('asks for a region when neither the option, the environment nor the profile has one', async () => {
    await assert.rejects(open('noregion'), (e: Error & { code?: string }) => {
      assert.equal(e.code, 'MissingRegion');
      assert.match(e.message, /--region .*AWS_REGION.*"noregion"/);
      return true;
    });
    const s = await open('noregion', { env: { ...files.env, AWS_DEFAULT_REGION: 'eu-north-1' } });
    assert.equal(s.region, 'eu-north-1');
  });

  it('says expired credentials must be refreshed', async () => {
    const session = await open('stale');
    await assert.rejects(session.identity(), (e: Error & { code?: string }) => {
      assert.equal(e.code, 'ExpiredToken');
      assert.match(e.message, /expired.*refresh/);
      return true;
    });
  });

  it('uses keys from the environment when no profile is named', async () => {
    const session = await AwsSession.open({
      endpoint: emulator.endpoint,
      env: {
        AWS_ACCESS_KEY_ID: SECOND.accessKeyId,
        AWS_SECRET_ACCESS_KEY: SECOND.secretAccessKey,
        AWS_REGION: 'eu-west-1',
      },
    });
    assert.equal((await session.identity()).account, '444455556666');
    assert.equal(session.describe().profile, '(environment)');
  });

  it('a run after switching profile and region uses the new key, and the old session is closed', async () => {
    emulator.seedEvents('us-east-1', ctRecords(3));
    emulator.seedEvents('eu-west-1', ctRecords(2));
    const run = (s: AwsSession) =>
      collect(
        new CloudTrailEngine(s).run(
          { engine: 'cloudtrail', queryId: 'q', text: '', parameters: {}, definitions: [] },
          new AbortController().signal,
        ),
      );
    const first = await open('base');
    const before = emulator.calls.length;
    assert.equal((await run(first)).rows.length, 3);
    first.destroy();
    const second = await open('second');
    const afterFirst = emulator.calls.length;
    const result = await run(second);
    assert.equal(result.rows.length, 2, 'the new session searched its own region');
    const firstCalls = emulator.calls.slice(before, afterFirst).filter(c => c.action === 'LookupEvents');
    const secondCalls = emulator.calls.slice(afterFirst).filter(c => c.action === 'LookupEvents');
    assert.ok(firstCalls.every(c => c.accessKeyId === DEFAULT_CREDENTIALS.accessKeyId && c.region === 'us-east-1'));
    assert.ok(
      secondCalls.length > 0 &&
        secondCalls.every(c => c.accessKeyId === SECOND.accessKeyId && c.region === 'eu-west-1'),
    );
    assert.equal(result.metadata.context.account, '444455556666');
    assert.throws(() => first.cloudTrail(), /closed/);
    second.destroy();
  });
});
