// Cancelling a CloudTrail lookup ends it at once: a run cancelled before it starts sends nothing, a request in flight
// is dropped (the run does not wait for its answer), and a cancelled wait for the rate limiter gives its slot back.
// Asserted by the order of events in the emulator's call log, never by elapsed time.
import * as assert from 'node:assert/strict';
import * as diagnostics from 'node:diagnostics_channel';
import type { ClientRequest } from 'node:http';
import { CloudTrailEngine } from '../../../src/core/aws/cloudtrailEngine';
import { TokenBucket } from '../../../src/core/aws/rateLimiter';
import type { AwsSession } from '../../../src/core/aws/session';
import type { QueryRequest } from '../../../src/core/engine/types';
import type { Emulator } from '../../emulator';
import { collect, ctRecords, startEmulatorSession } from './helpers';

const LOOKUP_TARGET = 'CloudTrail_20131101.LookupEvents';

function lookupRequest(region: string): QueryRequest {
  return { engine: 'cloudtrail', queryId: 'lookup', text: `regions: ${region}`, parameters: {}, definitions: [] };
}

/** Calls `then` once a LookupEvents request has been written to the socket, i.e. is in flight. */
function onLookupSent(then: () => void): () => void {
  const channel = diagnostics.channel('http.client.request.start');
  const listener = (message: unknown) => {
    const request = (message as { request: ClientRequest }).request;
    if (request.getHeader('x-amz-target') === LOOKUP_TARGET) request.once('finish', then);
  };
  channel.subscribe(listener);
  return () => channel.unsubscribe(listener);
}

function until(test: () => boolean): Promise<void> {
  return new Promise(resolve => {
    const poll = () => (test() ? resolve() : setTimeout(poll, 20));
    poll();
  });
}

describe('Cancelling a CloudTrail lookup', function () {
  let emulator: Emulator;
  let session: AwsSession;
  const lookups = (region: string) => emulator.calls.filter(c => c.action === 'LookupEvents' && c.region === region);

  let close: () => Promise<void>;

  before(async () => {
    ({ emulator, session, close } = await startEmulatorSession('us-east-1', { lookupRatePerSecond: Infinity }));
    await session.identity();
  });
  after(() => close());

  it('sends nothing when the run was cancelled before it started', async () => {
    emulator.seedEvents('ca-central-1', ctRecords(120));
    const controller = new AbortController();
    controller.abort();
    const r = await collect(new CloudTrailEngine(session).run(lookupRequest('ca-central-1'), controller.signal));
    assert.equal(r.metadata.partialReason, 'cancelled');
    assert.equal(r.rows.length, 0);
    assert.deepEqual(lookups('ca-central-1'), []);
  });

  it('drops the request in flight: the run ends before its answer, and no request starts after the abort', async () => {
    emulator.seedEvents('eu-north-1', ctRecords(120));
    emulator.fault({
      service: 'cloudtrail',
      action: 'LookupEvents',
      region: 'eu-north-1',
      kind: 'slow',
      delayMs: 1500,
    });
    const controller = new AbortController();
    let sentBeforeAbort = false;
    const stopWatching = onLookupSent(() => {
      sentBeforeAbort = true;
      controller.abort();
    });
    try {
      const r = await collect(new CloudTrailEngine(session).run(lookupRequest('eu-north-1'), controller.signal));
      assert.ok(sentBeforeAbort, 'the lookup was never sent');
      assert.equal(r.metadata.partialReason, 'cancelled');
      assert.equal(r.error, undefined);
      // The slow answer is logged when the emulator sends it: the run was over before that.
      assert.deepEqual(lookups('eu-north-1'), [], 'the run waited for the answer of the cancelled request');
    } finally {
      stopWatching();
    }
    await until(() => lookups('eu-north-1').length > 0);
    const sent = lookups('eu-north-1');
    // Only the request that was in flight when the run was cancelled: none retried, no next page asked for.
    assert.equal(sent.length, 1, 'a request was retried or sent after the abort');
  });

  it('a cancelled wait for the rate limiter does not use a slot', async () => {
    const bucket = new TokenBucket(0.001, 1, () => 0);
    await bucket.acquire();
    const slotFreeIn = bucket.delayMs();
    const controller = new AbortController();
    const waiting = bucket.acquire(controller.signal);
    controller.abort();
    await assert.rejects(waiting, { code: 'Cancelled' });
    assert.equal(bucket.delayMs(), slotFreeIn);
  });
});
