import * as assert from 'node:assert/strict';
import { CloudTrailEngine } from '../../../src/core/aws/cloudtrailEngine';
import type { AwsSession } from '../../../src/core/aws/session';
import type { QueryRequest } from '../../../src/core/engine/types';
import type { Emulator } from '../../emulator';
import { cell, collect, ctRecord, ctRecords, startEmulatorSession } from './helpers';

function request(text: string, extra: Partial<QueryRequest> = {}): QueryRequest {
  return { engine: 'cloudtrail', queryId: 'lookup', text, parameters: {}, definitions: [], ...extra };
}

describe('CloudTrailEngine against the emulator', function () {
  let emulator: Emulator;
  let session: AwsSession;
  // Each test seeds its own region(s) so events never mix; calls are counted from the start of the test.
  let firstCall = 0;
  beforeEach(() => {
    firstCall = emulator.calls.length;
  });
  const lookups = (region: string) =>
    emulator.calls.slice(firstCall).filter(c => c.action === 'LookupEvents' && c.region === region);

  let close: () => Promise<void>;

  before(async () => {
    ({ emulator, session, close } = await startEmulatorSession('us-east-1'));
  });
  after(() => close());
  afterEach(() => assert.deepEqual(emulator.mutatingCalls(), []));

  const run = (text: string, extra: Partial<QueryRequest> = {}, signal = new AbortController().signal) =>
    collect(new CloudTrailEngine(session).run(request(text, extra), signal));

  it('follows NextToken to the end, newest first, with the flattened columns and the raw event', async () => {
    emulator.seedEvents('us-east-2', ctRecords(120, { name: 'CreateRoute' }));
    const r = await run('attribute: EventName=CreateRoute\nregions: us-east-2');
    assert.equal(r.error, undefined);
    assert.equal(r.rows.length, 120);
    assert.equal(lookups('us-east-2').length, 3);
    const times = r.rows.map((_, i) => String(cell(r, i, 'EventTime')));
    assert.deepEqual(times, [...times].sort().reverse());
    assert.equal(cell(r, 0, 'UserArn'), 'arn:aws:iam::111122223333:user/alice');
    assert.equal(cell(r, 0, 'SourceIPAddress'), '203.0.113.9');
    assert.equal(cell(r, 0, 'Resources'), 'AWS::EC2::SecurityGroup:sg-0123456789abcdef0');
    assert.equal(JSON.parse(String(cell(r, 0, 'CloudTrailEvent'))).eventName, 'CreateRoute');
    assert.equal(r.metadata.rowCount, 120);
    assert.equal(r.metadata.partial, false);
    assert.equal(r.metadata.context.account, '111122223333');
    assert.equal(r.metadata.context.attributes, 'EventName=CreateRoute');
  });

  it('runs one call per attribute and merges them without duplicates, newest first', async () => {
    const base = Date.now() - 3600_000;
    const at = (m: number) => new Date(base + m * 60_000);
    emulator.seedEvents('us-west-1', [
      ctRecord({ time: at(1), name: 'CreateSecurityGroup', user: 'alice', id: 'e1' }),
      ctRecord({ time: at(2), name: 'AuthorizeSecurityGroupIngress', user: 'bob', id: 'e2' }),
      ctRecord({ time: at(3), name: 'CreateSecurityGroup', user: 'bob', id: 'e3' }),
      ctRecord({ time: at(4), name: 'DeleteVpc', user: 'carol', id: 'e4' }),
    ]);
    const r = await run('attribute: EventName=CreateSecurityGroup\nattribute: Username=bob\nregions: us-west-1');
    assert.deepEqual(
      r.rows.map((_, i) => cell(r, i, 'EventId')),
      ['e3', 'e2', 'e1'],
    );
    assert.equal(lookups('us-west-1').length, 2);
  });

  it('searches all enabled regions concurrently, skipping regions the account has not enabled', async () => {
    const now = Date.now();
    const seed = (region: string, minutes: number, id: string) =>
      emulator.seedEvents(region, [
        ctRecord({ time: new Date(now - minutes * 60_000), id, region, name: 'CreateVpcPeeringConnection' }),
      ]);
    seed('eu-west-3', 5, 'paris');
    seed('ap-south-1', 3, 'mumbai');
    seed('sa-east-1', 4, 'saopaulo');
    const before = emulator.calls.length;
    const r = await run('attribute: EventName=CreateVpcPeeringConnection\nregions: all');
    assert.equal(r.error, undefined);
    assert.deepEqual(
      r.rows.map((_, i) => cell(r, i, 'EventId')),
      ['mumbai', 'saopaulo', 'paris'],
    );
    const calls = emulator.calls.slice(before).filter(c => c.action === 'LookupEvents');
    const regions = new Set(calls.map(c => c.region));
    assert.equal(regions.size, 33);
    assert.equal(calls.length, 33, 'one page per region, all started without waiting for each other');
    assert.match(r.metadata.context.regionsNotEnabled, /af-south-1/);
    assert.ok(!r.metadata.context.regionsNotEnabled.includes('us-east-1'));
    assert.equal(r.metadata.partial, false);
  });

  it('stops at the row cap and marks the run partial', async () => {
    emulator.seedEvents('ca-central-1', ctRecords(200));
    const r = await run('regions: ca-central-1', { rowCap: 60 });
    assert.equal(r.rows.length, 60);
    assert.equal(r.metadata.partial, true);
    assert.equal(r.metadata.partialReason, 'row-cap');
    assert.equal(lookups('ca-central-1').length, 2, 'no page is fetched beyond the cap');
  });

  it('refuses a window beyond the 90-day event history before any call, naming the alternatives', async () => {
    const before = emulator.calls.length;
    const start = new Date(Date.now() - 120 * 86_400_000).toISOString();
    const r = await run(`attribute: EventName=CreateRoute\nstart: ${start}`);
    assert.equal(r.error?.code, 'BeyondEventHistory');
    assert.match(r.error!.message, /90 days.*Athena.*local/s);
    assert.equal(emulator.calls.length, before);
    assert.equal(r.metadata.error?.code, 'BeyondEventHistory');
  });

  it('reports an invalid lookup block before any call', async () => {
    const before = emulator.calls.length;
    const r = await run('attribute: Colour=blue');
    assert.equal(r.error?.code, 'InvalidLookup');
    assert.match(r.error!.message, /line 1/);
    assert.equal(emulator.calls.length, before);
  });

  it('keeps LookupEvents at no more than 2 requests per second per region (no throttling at all)', async () => {
    emulator.seedEvents('eu-north-1', ctRecords(600));
    const r = await run('regions: eu-north-1');
    assert.equal(r.rows.length, 600);
    const calls = lookups('eu-north-1');
    assert.equal(calls.length, 12);
    assert.equal(calls.filter(c => c.status === 429).length, 0);
    // Count the arrivals in every window starting at a call: never more than 2 per second (the window is 900 ms to
    // allow for loopback jitter in arrival times).
    const mostInWindow = Math.max(...calls.map(c => calls.filter(d => d.at >= c.at && d.at < c.at + 900).length));
    assert.ok(mostInWindow <= 2, `${mostInWindow} calls arrived within 900 ms`);
  });

  it('absorbs a throttling burst: no error reaches the user', async () => {
    emulator.seedEvents('ap-northeast-1', ctRecords(75));
    emulator.fault({
      service: 'cloudtrail',
      action: 'LookupEvents',
      region: 'ap-northeast-1',
      kind: 'throttle',
      times: 3,
    });
    const r = await run('regions: ap-northeast-1');
    assert.equal(r.error, undefined);
    assert.equal(r.rows.length, 75);
    assert.equal(r.metadata.partial, false);
    assert.equal(lookups('ap-northeast-1').filter(c => c.errorCode === 'ThrottlingException').length, 3);
  });

  it('retries server errors and a dropped connection', async () => {
    emulator.seedEvents('ap-northeast-2', ctRecords(60));
    emulator.fault({ service: 'cloudtrail', region: 'ap-northeast-2', kind: 'server-error', times: 2 });
    emulator.fault({ service: 'cloudtrail', region: 'ap-northeast-2', kind: 'drop-connection', times: 1 });
    const r = await run('regions: ap-northeast-2');
    assert.equal(r.error, undefined);
    assert.equal(r.rows.length, 60);
    const failures = lookups('ap-northeast-2')
      .map(c => c.errorCode)
      .filter(Boolean);
    assert.deepEqual(failures.sort(), ['ConnectionDropped', 'InternalServerException', 'InternalServerException']);
  });

  it('says the credentials expired when CloudTrail rejects the token', async () => {
    emulator.fault({ service: 'cloudtrail', region: 'ap-southeast-1', kind: 'expired-token', times: 1 });
    const r = await run('regions: ap-southeast-1');
    assert.equal(r.error?.code, 'ExpiredToken');
    assert.match(r.error!.message, /expired.*refresh/s);
  });

  it('keeps the rows of healthy regions when one region fails, and names it', async () => {
    emulator.seedEvents('ap-southeast-2', ctRecords(3, { region: 'ap-southeast-2' }));
    emulator.fault({ service: 'cloudtrail', region: 'eu-central-1', kind: 'access-denied', times: 1 });
    const r = await run('regions: ap-southeast-2, eu-central-1');
    assert.equal(r.error, undefined);
    assert.equal(r.rows.length, 3);
    assert.equal(r.metadata.partial, true);
    assert.equal(r.metadata.context.failedRegions, 'eu-central-1');
    assert.equal(r.metadata.partialReason, 'regions-failed');
    assert.match(r.metadata.partialDetail!, /eu-central-1.*cloudtrail:LookupEvents/);
  });

  it('keeps only requests that open a rule to the whole internet when world-open is set', async () => {
    const t = Date.now() - 600_000;
    const perm = (cidr: string, v6 = false) => ({
      groupId: 'sg-0123456789abcdef0',
      ipPermissions: {
        items: [
          {
            ipProtocol: 'tcp',
            fromPort: 22,
            toPort: 22,
            ...(v6 ? { ipv6Ranges: { items: [{ cidrIpv6: cidr }] } } : { ipRanges: { items: [{ cidrIp: cidr }] } }),
          },
        ],
      },
    });
    emulator.seedEvents('eu-west-2', [
      ctRecord({ time: new Date(t), id: 'open4', requestParameters: perm('0.0.0.0/0') }),
      ctRecord({ time: new Date(t - 1000), id: 'open6', requestParameters: perm('::/0', true) }),
      ctRecord({ time: new Date(t - 2000), id: 'private', requestParameters: perm('10.0.0.0/8') }),
      ctRecord({
        time: new Date(t - 3000),
        id: 'route',
        name: 'CreateRoute',
        requestParameters: { destinationCidrBlock: '0.0.0.0/0' },
      }),
    ]);
    const r = await run('regions: eu-west-2\nworld-open: true');
    assert.deepEqual(
      r.rows.map((_, i) => cell(r, i, 'EventId')),
      ['open4', 'open6', 'route'],
    );
  });

  it('cancelling stops every request: nothing is sent after the abort', async () => {
    emulator.seedEvents('us-west-2', ctRecords(500));
    const controller = new AbortController();
    const r = await collect(
      new CloudTrailEngine(session).run(request('regions: us-west-2'), controller.signal),
      page => {
        if (page === 0) controller.abort();
      },
    );
    const sentAtEnd = lookups('us-west-2').length;
    assert.equal(r.metadata.partial, true);
    assert.equal(r.metadata.partialReason, 'cancelled');
    assert.equal(r.error, undefined);
    assert.ok(r.rows.length < 500);
    await new Promise(resolve => setTimeout(resolve, 1500));
    assert.equal(lookups('us-west-2').length, sentAtEnd, 'no LookupEvents after the run ended');
    assert.ok(sentAtEnd <= 2, `sent ${sentAtEnd} calls`);
  });
});
