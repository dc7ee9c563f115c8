import * as assert from 'node:assert/strict';
import { parseIni } from '../../../src/core/aws/iniFile';
import { awsFilePaths, listProfiles } from '../../../src/core/aws/profiles';
import { awsFiles } from './helpers';

const CONFIG = `
[default]
region = eu-west-1

[profile base]
region = us-east-1   # trailing comment

[profile responder]
role_arn = arn:aws:iam::111122223333:role/IncidentResponder
source_profile = base
mfa_serial = arn:aws:iam::111122223333:mfa/alice

[profile sso-user]
sso_session = corp
sso_account_id = 111122223333
sso_role_name = IncidentResponder
region = eu-central-1

[profile legacy-sso]
sso_start_url = https://example.awsapps.com/start
sso_region = us-east-1
sso_account_id = 111122223333
sso_role_name = ReadOnly

[profile tool]
credential_process = /usr/local/bin/get-creds --json
s3 =
  max_concurrent_requests = 20
region = ap-southeast-2

[profile half]
output = json

[sso-session corp]
sso_start_url = https://example.awsapps.com/start
sso_region = us-east-1

[services local]
sts =
  endpoint_url = http://127.0.0.1:1
`;

const CREDENTIALS = `
[base]
aws_access_key_id = AKIAEMULATOR00000001
aws_secret_access_key = not-a-real-secret
; a comment
[keys-only]
aws_access_key_id = AKIAEMULATOR00000002
aws_secret_access_key = another
`;

describe('AWS profiles', () => {
  const files = awsFiles(CONFIG, CREDENTIALS);
  after(() => files.cleanup());

  it('lists every profile of both files with its kind and region', async () => {
    const profiles = await listProfiles(files.env);
    const summary = Object.fromEntries(profiles.map(p => [p.name, `${p.kind} ${p.region ?? '-'}`]));
    assert.deepEqual(summary, {
      base: 'static us-east-1',
      default: 'incomplete eu-west-1',
      half: 'incomplete -',
      'keys-only': 'static -',
      'legacy-sso': 'sso -',
      responder: 'assume-role -',
      'sso-user': 'sso-session eu-central-1',
      tool: 'credential-process ap-southeast-2',
    });
    const responder = profiles.find(p => p.name === 'responder')!;
    assert.equal(responder.mfaSerial, 'arn:aws:iam::111122223333:mfa/alice');
    assert.equal(responder.sourceProfile, 'base');
    assert.deepEqual(profiles.find(p => p.name === 'base')!.files, ['config', 'credentials']);
    assert.equal(profiles.find(p => p.name === 'sso-user')!.ssoSession, 'corp');
  });

  it('never reports secrets', async () => {
    const text = JSON.stringify(await listProfiles(files.env));
    assert.ok(!text.includes('not-a-real-secret'));
    assert.ok(!text.includes('AKIAEMULATOR'));
  });

  it('returns no profiles when the files do not exist', async () => {
    assert.deepEqual(
      await listProfiles({ AWS_CONFIG_FILE: '/nonexistent/config', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/creds' }),
      [],
    );
  });

  it('finds the files under HOME when the variables are not set', () => {
    assert.deepEqual(awsFilePaths({ HOME: '/home/ir' }), {
      configFile: '/home/ir/.aws/config',
      credentialsFile: '/home/ir/.aws/credentials',
    });
  });

  it('keeps a # inside a value and skips nested blocks', () => {
    const ini = parseIni(
      '[profile x]\nsso_start_url = https://a.example/#/start\ns3 =\n  region = nested\nregion = top\n',
    );
    assert.deepEqual(ini.get('profile x'), { sso_start_url: 'https://a.example/#/start', region: 'top' });
  });
});
