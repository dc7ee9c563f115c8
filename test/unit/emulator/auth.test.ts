import assert from 'node:assert/strict';
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { DEFAULT_CREDENTIALS, startEmulator, type Emulator } from '../../emulator';
import { expectedSignature, parseAuthorization } from '../../emulator/sigv4';
import { clientConfig, rejection } from './helpers';

describe('emulator: SigV4 verifier', () => {
  it('reproduces the signature of the AWS documentation example (IAM ListUsers)', () => {
    const headers = {
      host: 'iam.amazonaws.com',
      'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
      'x-amz-date': '20150830T123600Z',
    };
    const auth = parseAuthorization(
      'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, ' +
        'SignedHeaders=content-type;host;x-amz-date, Signature=x',
    );
    assert.ok(typeof auth !== 'string');
    const signature = expectedSignature(
      { method: 'GET', rawUrl: '/?Action=ListUsers&Version=2010-05-08', headers, body: Buffer.alloc(0) },
      auth,
      'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
    );
    assert.equal(signature, '5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7');
  });

  it('explains a malformed Authorization header', () => {
    assert.match(String(parseAuthorization('Basic dXNlcg==')), /AWS4-HMAC-SHA256/);
    assert.match(String(parseAuthorization('AWS4-HMAC-SHA256 Credential=AKID/2015/us-east-1/iam')), /Credential/);
  });
});

describe('emulator: authentication', () => {
  let emulator: Emulator;
  beforeEach(async () => {
    emulator = await startEmulator({ lookupRatePerSecond: Infinity });
  });
  afterEach(() => emulator.close());

  const lookup = async (opts: Parameters<typeof clientConfig>[1], extra: Record<string, unknown> = {}) => {
    const client = new CloudTrailClient({ ...clientConfig(emulator.endpoint, { maxAttempts: 1, ...opts }), ...extra });
    try {
      return await client.send(new LookupEventsCommand({}));
    } finally {
      client.destroy();
    }
  };
  const callerIdentity = async (opts: Parameters<typeof clientConfig>[1]) => {
    const client = new STSClient(clientConfig(emulator.endpoint, { maxAttempts: 1, ...opts }));
    try {
      return await client.send(new GetCallerIdentityCommand({}));
    } finally {
      client.destroy();
    }
  };
  const wrongSecret = { ...DEFAULT_CREDENTIALS, secretAccessKey: 'not-the-secret' };
  const unknownKey = { ...DEFAULT_CREDENTIALS, accessKeyId: 'AKIANOBODY' };

  it('accepts requests the real SDK signs with the known secret', async () => {
    assert.deepEqual((await lookup({})).Events, []);
    const me = await callerIdentity({});
    assert.equal(me.Arn, DEFAULT_CREDENTIALS.arn);
    assert.equal(me.Account, DEFAULT_CREDENTIALS.account);
    assert.match(me.UserId!, /^AIDA/);
  });

  it('refuses a request signed with the wrong secret', async () => {
    assert.equal((await rejection(() => lookup({ credentials: wrongSecret }))).name, 'InvalidSignatureException');
    assert.equal((await rejection(() => callerIdentity({ credentials: wrongSecret }))).name, 'SignatureDoesNotMatch');
  });

  it('refuses an unknown access key', async () => {
    assert.equal((await rejection(() => lookup({ credentials: unknownKey }))).name, 'UnrecognizedClientException');
    assert.equal((await rejection(() => callerIdentity({ credentials: unknownKey }))).name, 'InvalidClientTokenId');
  });

  it('answers a region that is not enabled like a disabled opt-in region', async () => {
    const err = await rejection(() => lookup({ region: 'af-south-1' }));
    assert.equal(err.name, 'UnrecognizedClientException');
    assert.equal(emulator.calls.at(-1)?.region, 'af-south-1');
  });

  it('checks session tokens and their expiry', async () => {
    const session = {
      accessKeyId: 'ASIASESSION1',
      secretAccessKey: 's3cret',
      sessionToken: 'token-1',
      account: '111122223333',
      arn: 'arn:aws:sts::111122223333:assumed-role/R/s',
    };
    emulator.addCredentials(session, { ...session, accessKeyId: 'ASIAEXPIRED1', expiresAt: Date.now() - 1000 });
    await lookup({ credentials: session });
    assert.equal(
      (await rejection(() => lookup({ credentials: { ...session, sessionToken: 'forged' } }))).name,
      'UnrecognizedClientException',
    );
    assert.equal(
      (await rejection(() => lookup({ credentials: { ...session, sessionToken: undefined } }))).name,
      'UnrecognizedClientException',
    );
    assert.equal(
      (await rejection(() => lookup({ credentials: { ...session, accessKeyId: 'ASIAEXPIRED1' } }))).name,
      'ExpiredTokenException',
    );
    assert.equal(
      (await rejection(() => callerIdentity({ credentials: { ...session, accessKeyId: 'ASIAEXPIRED1' } }))).name,
      'ExpiredToken',
    );
  });

  it('refuses a signature made with a clock more than 15 minutes off', async () => {
    const err = await rejection(() => lookup({}, { systemClockOffset: -20 * 60 * 1000 }));
    assert.equal(err.name, 'InvalidSignatureException');
    assert.match(err.message, /Signature expired/);
  });

  it('refuses unsigned and half-signed requests', async () => {
    const post = (headers: Record<string, string>) =>
      fetch(emulator.endpoint, {
        method: 'POST',
        body: '{}',
        headers: {
          'content-type': 'application/x-amz-json-1.1',
          'x-amz-target': 'CloudTrail_20131101.LookupEvents',
          ...headers,
        },
      });
    const unsigned = await post({});
    assert.equal(unsigned.status, 403);
    assert.equal(((await unsigned.json()) as { __type: string }).__type, 'MissingAuthenticationToken');
    const half = await post({
      authorization: 'AWS4-HMAC-SHA256 Credential=AKIAEMULATOR00000001/20260101/us-east-1/cloudtrail/aws4_request',
    });
    assert.equal(half.status, 400);
    assert.equal(half.headers.get('x-amzn-errortype'), 'IncompleteSignature');

    const sts = await fetch(emulator.endpoint, {
      method: 'POST',
      body: 'Action=GetCallerIdentity&Version=2011-06-15',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    assert.equal(sts.status, 403);
    assert.match(await sts.text(), /<Code>MissingAuthenticationToken<\/Code>/);
    assert.deepEqual(
      emulator.calls.map(c => c.errorCode),
      ['MissingAuthenticationToken', 'IncompleteSignature', 'MissingAuthenticationToken'],
    );
  });

  it('refuses a signature scoped to another service', async () => {
    const client = new CloudTrailClient({
      ...clientConfig(emulator.endpoint, { maxAttempts: 1 }),
      signingName: 'athena',
    } as object);
    const err = await rejection(() => client.send(new LookupEventsCommand({})));
    client.destroy();
    assert.equal(err.name, 'InvalidSignatureException');
    assert.match(err.message, /scoped to correct service: 'cloudtrail'/);
  });
});
