import assert from 'node:assert/strict';
import { AthenaClient, ListWorkGroupsCommand } from '@aws-sdk/client-athena';
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { startEmulator, type Emulator } from '../../emulator';
import { clientConfig, rejection } from './helpers';

describe('emulator: faults on demand', () => {
  let emulator: Emulator;
  let ct: CloudTrailClient;
  let athena: AthenaClient;
  let sts: STSClient;

  beforeEach(async () => {
    emulator = await startEmulator({ lookupRatePerSecond: Infinity });
    ct = new CloudTrailClient(clientConfig(emulator.endpoint, { maxAttempts: 1 }));
    athena = new AthenaClient(clientConfig(emulator.endpoint, { maxAttempts: 1 }));
    sts = new STSClient(clientConfig(emulator.endpoint, { maxAttempts: 1 }));
  });
  afterEach(async () => {
    for (const c of [ct, athena, sts]) c.destroy();
    await emulator.close();
  });

  const lookup = () => ct.send(new LookupEventsCommand({}));
  const workGroups = () => athena.send(new ListWorkGroupsCommand({}));
  const whoAmI = () => sts.send(new GetCallerIdentityCommand({}));

  const cases: [kind: 'throttle' | 'server-error' | 'expired-token' | 'access-denied', codes: [string, number][]][] = [
    [
      'throttle',
      [
        ['ThrottlingException', 429],
        ['TooManyRequestsException', 400],
        ['Throttling', 400],
      ],
    ],
    [
      'server-error',
      [
        ['InternalServerException', 500],
        ['InternalServerException', 500],
        ['InternalFailure', 500],
      ],
    ],
    [
      'expired-token',
      [
        ['ExpiredTokenException', 400],
        ['ExpiredTokenException', 400],
        ['ExpiredToken', 400],
      ],
    ],
    [
      'access-denied',
      [
        ['AccessDeniedException', 400],
        ['AccessDeniedException', 400],
        ['AccessDenied', 403],
      ],
    ],
  ];
  for (const [kind, codes] of cases) {
    it(`answers a queued '${kind}' fault with each service's own error, once`, async () => {
      const calls = [lookup, workGroups, whoAmI];
      for (const [i, service] of (['cloudtrail', 'athena', 'sts'] as const).entries()) {
        emulator.fault({ service, kind });
        const err = await rejection(calls[i]);
        assert.deepEqual([err.name, err.$metadata?.httpStatusCode], codes[i], `${service} ${kind}`);
        await calls[i]();
      }
    });
  }

  it('drops the connection; the SDK retries and the log shows the dropped attempt', async () => {
    const retrying = new CloudTrailClient(clientConfig(emulator.endpoint, { maxAttempts: 3 }));
    emulator.fault({ action: 'LookupEvents', kind: 'drop-connection' });
    const out = await retrying.send(new LookupEventsCommand({}));
    assert.equal(out.$metadata.attempts, 2);
    assert.deepEqual(
      emulator.calls.map(c => [c.status, c.errorCode, c.attempt]),
      [
        [0, 'ConnectionDropped', 1],
        [200, undefined, 2],
      ],
    );
    retrying.destroy();
    emulator.fault({ kind: 'drop-connection' });
    const err = await rejection(lookup);
    assert.match(`${err.name} ${err.message}`, /ECONNRESET|socket hang up/);
  });

  it('delays a slow answer by at least delayMs, then answers normally', async () => {
    emulator.fault({ service: 'sts', kind: 'slow', delayMs: 300 });
    const began = Date.now();
    const me = await whoAmI();
    assert.ok(Date.now() - began >= 290);
    assert.ok(me.Arn);
  });

  it('matches faults by service, action and region, and honours times', async () => {
    emulator.fault({ service: 'cloudtrail', region: 'eu-west-1', kind: 'server-error', times: 2 });
    await lookup();
    const eu = new CloudTrailClient(clientConfig(emulator.endpoint, { region: 'eu-west-1', maxAttempts: 1 }));
    assert.equal((await rejection(() => eu.send(new LookupEventsCommand({})))).name, 'InternalServerException');
    assert.equal((await rejection(() => eu.send(new LookupEventsCommand({})))).name, 'InternalServerException');
    await eu.send(new LookupEventsCommand({}));
    eu.destroy();
    emulator.fault({ action: 'GetQueryExecution', kind: 'throttle' });
    await workGroups();
    await whoAmI();
  });

  it('lets the SDK retry through a throttling burst shorter than its attempts', async () => {
    const retrying = new AthenaClient(clientConfig(emulator.endpoint, { maxAttempts: 3 }));
    emulator.fault({ service: 'athena', kind: 'throttle', times: 2 });
    const out = await retrying.send(new ListWorkGroupsCommand({}));
    assert.equal(out.$metadata.attempts, 3);
    retrying.destroy();
  });

  it('refuses a fault with a non-positive count', () => {
    assert.throws(() => emulator.fault({ kind: 'throttle', times: 0 }), /times/);
  });
});
