// A failing credential_process: its command line and stderr (where a helper may print secrets) never reach a run
// record or the report; the log gets a redacted account, once.
import * as assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { redactCredentialDetails } from '../../../src/core/aws/credentialProcess';
import { AwsSession } from '../../../src/core/aws/session';
import { parseReport } from '../../../src/core/report';
import { startEmulator, type Emulator } from '../../emulator';
import { runCli } from '../runCli';
import { awsFiles, type AwsFiles } from './helpers';

const KEY_ID = 'AKIAIOSFODNN7EXAMPLE';
const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const TOKEN = 'FQoGZXIvYXdzEBYaDHhBTEXAMPLESESSIONTOKENabcdefghij0123456789';
const ARGUMENT = 'hunter2-password-argument';
/** What must appear nowhere but in the config file. */
const LEAKS = [KEY_ID, SECRET, TOKEN, ARGUMENT, 'failing-helper.js', 'session expired for alice'];
const PLAYBOOK = join(__dirname, '../../../../playbooks/unauthorized-network-changes.md');

describe('a failing credential_process', () => {
  let emulator: Emulator;
  let files: AwsFiles;

  before(async () => {
    emulator = await startEmulator();
    files = awsFiles('');
    const script = join(files.dir, 'failing-helper.js');
    writeFileSync(
      script,
      `process.stdout.write('{"Version": 1, "AccessKeyId": "${KEY_ID}"');
process.stderr.write('session expired for alice\\naws_access_key_id=${KEY_ID}\\n');
process.stderr.write('secret ${SECRET}\\nSessionToken: ${TOKEN}\\n');
process.exit(1);`,
    );
    writeFileSync(
      files.env.AWS_CONFIG_FILE!,
      `[profile broken]
credential_process = "${process.execPath}" "${script}" --password ${ARGUMENT}
region = us-east-1
[profile via-broken]
role_arn = arn:aws:iam::111122223333:role/Analyst
source_profile = broken
region = us-east-1
`,
    );
  });
  after(async () => {
    await emulator.close();
    files.cleanup();
  });

  const assertNoLeak = (text: string, where: string) => {
    for (const leak of LEAKS) assert.ok(!text.includes(leak), `${where} holds "${leak}": ${text}`);
  };

  for (const profile of ['broken', 'via-broken']) {
    it(`fails with a fixed message naming profile "${profile}", and logs redacted details once`, async () => {
      const logged: string[] = [];
      const log = (line: string) => logged.push(line);
      const session = await AwsSession.open({ profile, endpoint: emulator.endpoint, env: files.env, log });
      for (let i = 0; i < 3; i++) {
        await assert.rejects(session.identity(), (e: Error & { code?: string; cause?: unknown }) => {
          assert.equal(e.code, 'CredentialProcessFailed');
          assert.equal(
            e.message,
            `The credential_process of profile "${profile}" failed: run the command by hand to ` +
              'see why, and fix it in the AWS config file (details, with secrets removed, are in the log).',
          );
          assert.equal(e.cause, undefined, 'the raw SDK error is not kept');
          return true;
        });
      }
      assert.equal(logged.length, 1, 'the same failure is logged once');
      assert.match(logged[0], new RegExp(`^credential_process of profile "${profile}" failed: Command failed: `));
      assert.ok(logged[0].includes(process.execPath), 'the program is named');
      assert.ok(logged[0].includes('aws_access_key_id=<redacted>'), logged[0]);
      assertNoLeak(logged[0], 'the log');
      assert.deepEqual(
        emulator.calls.filter(c => c.action === 'AssumeRole'),
        [],
        'nothing was signed',
      );
      session.destroy();
    });
  }

  it('keeps the command line and stderr out of the run records and the report of irp run', async () => {
    const env = { ...files.env, AWS_ENDPOINT_URL: emulator.endpoint };
    const r = await runCli(
      [
        'run',
        PLAYBOOK,
        '--report',
        'r.md',
        '--step',
        'review-cloudtrail',
        '--profile',
        'broken',
        '--region',
        'all',
        '--param',
        'window=P1D',
      ],
      files.dir,
      env,
    );
    const report = readFileSync(join(files.dir, 'r.md'), 'utf8');
    const runs = parseReport(report).state.steps['review-cloudtrail'].runs;
    assert.ok(runs.length >= 1, r.stderr);
    for (const run of runs) {
      assert.equal(run.error?.code, 'CredentialProcessFailed');
      assert.match(run.error?.message ?? '', /^The credential_process of profile "broken" failed: /);
    }
    assertNoLeak(report, 'the report');
    assertNoLeak(r.stdout, 'stdout');
    assertNoLeak(r.stderr, 'stderr');
    assert.match(r.stderr, /credential_process of profile "broken" failed: Command failed: /);
    assert.ok(
      r.stderr.split('credential_process of profile "broken" failed: Command').length - 1 <= runs.length,
      'at most one detailed line per run',
    );
  });

  it('redacts key ids, secrets, tokens, named values and every argument of the command', () => {
    const command = '/opt/bin/helper --mfa 123456 --user "alice smith"';
    const text =
      `Command failed: ${command}\nuser alice smith, mfa 123456\nASIAABCDEFGHIJKLMNOP ok\n` +
      `"SecretAccessKey": "abc"\n${'x'.repeat(50)}\n`;
    assert.equal(
      redactCredentialDetails(text, command),
      'Command failed: /opt/bin/helper (arguments not shown)\n' +
        'user <argument>, mfa <argument>\n<access key id> ok\n"SecretAccessKey": "<redacted>"\n<redacted>',
    );
  });

  it('never shows part of a secret cut at the end of a long stderr', () => {
    // Long base64 runs shrink to "<redacted>", so the cut end of the input lands inside what is kept.
    const before = `Command failed: helper\n${`${'x'.repeat(100)} `.repeat(78)}${'y '.repeat(40)}`;
    const out = redactCredentialDetails(`${before}${'Q'.repeat(40)} more`, 'helper');
    assert.ok(before.length < 8000 && before.length + 40 > 8000, 'the cut falls inside the secret');
    assert.ok(out.length < 2000 && out.endsWith('y …'), out.slice(-40));
  });
});
