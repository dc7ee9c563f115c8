import assert from 'node:assert/strict';
import {
  CloudTrailClient,
  LookupEventsCommand,
  paginateLookupEvents,
  type LookupEventsCommandInput,
} from '@aws-sdk/client-cloudtrail';
import { startEmulator, type Emulator } from '../../emulator';
import { clientConfig, ctRecord, rejection } from './helpers';

describe('emulator: CloudTrail LookupEvents', () => {
  let emulator: Emulator;
  let client: CloudTrailClient;

  beforeEach(async () => {
    // Throttling has its own test; here every call must go through.
    emulator = await startEmulator({ lookupRatePerSecond: Infinity });
    client = new CloudTrailClient(clientConfig(emulator.endpoint, { maxAttempts: 1 }));
  });
  afterEach(async () => {
    client.destroy();
    await emulator.close();
  });

  it('pages 120 events as 50/50/20, newest first, each page carrying the previous NextToken', async () => {
    emulator.seedEvents(
      'us-east-1',
      Array.from({ length: 120 }, (_, i) => ctRecord(i)),
    );
    const sizes: number[] = [];
    const times: number[] = [];
    for await (const page of paginateLookupEvents({ client, pageSize: 50 }, {})) {
      sizes.push(page.Events?.length ?? 0);
      for (const e of page.Events ?? []) times.push(e.EventTime!.getTime());
    }
    assert.deepEqual(sizes, [50, 50, 20]);
    assert.deepEqual(
      times,
      [...times].sort((a, b) => b - a),
    );
    assert.equal(new Set(times).size, 120);
  });

  it('derives the Event fields from the S3 record and returns the record as CloudTrailEvent', async () => {
    const record = ctRecord(1, {
      eventName: 'AuthorizeSecurityGroupIngress',
      readOnly: false,
      userIdentity: {
        type: 'AssumedRole',
        arn: 'arn:aws:sts::111122223333:assumed-role/AdminSSO/mallory',
        accessKeyId: 'ASIAMALLORY',
        principalId: 'AROAX:mallory',
      },
      requestParameters: { groupId: 'sg-0123456789abcdef0', ipPermissions: { items: [] } },
    });
    emulator.seedEvents('us-east-1', [record]);
    const out = await client.send(new LookupEventsCommand({}));
    const e = out.Events![0];
    assert.equal(e.EventName, 'AuthorizeSecurityGroupIngress');
    assert.equal(e.EventId, record.eventID);
    assert.equal(e.ReadOnly, 'false');
    assert.equal(e.Username, 'mallory');
    assert.equal(e.AccessKeyId, 'ASIAMALLORY');
    assert.equal(e.EventSource, 'ec2.amazonaws.com');
    assert.equal(e.EventTime!.toISOString().slice(0, 19), String(record.eventTime).slice(0, 19));
    assert.deepEqual(e.Resources, [{ ResourceType: 'AWS::EC2::SecurityGroup', ResourceName: 'sg-0123456789abcdef0' }]);
    assert.deepEqual(JSON.parse(e.CloudTrailEvent!), record);
    assert.equal(out.NextToken, undefined);
  });

  it('filters on one lookup attribute of each kind', async () => {
    emulator.seedEvents('us-east-1', [
      ctRecord(1),
      ctRecord(2, { eventName: 'CreateRoute', readOnly: false, requestParameters: { routeTableId: 'rtb-1' } }),
      ctRecord(3, {
        eventName: 'CreateRoute',
        readOnly: false,
        userIdentity: { type: 'IAMUser', userName: 'bob', accessKeyId: 'AKIABOB' },
      }),
    ]);
    const count = async (AttributeKey: string, AttributeValue: string): Promise<number> =>
      (
        await client.send(
          new LookupEventsCommand({
            LookupAttributes: [{ AttributeKey: AttributeKey as 'EventName', AttributeValue }],
          }),
        )
      ).Events!.length;
    assert.equal(await count('EventName', 'CreateRoute'), 2);
    assert.equal(await count('ReadOnly', 'true'), 1);
    assert.equal(await count('Username', 'bob'), 1);
    assert.equal(await count('AccessKeyId', 'AKIAALICE'), 2);
    assert.equal(await count('ResourceType', 'AWS::EC2::RouteTable'), 1);
    assert.equal(await count('ResourceName', 'rtb-1'), 1);
    assert.equal(await count('EventSource', 'ec2.amazonaws.com'), 3);
    assert.equal(await count('EventId', String(ctRecord(1).eventID)), 1);
  });

  it('keeps regions apart: the credential-scope region picks the events', async () => {
    emulator.seedEvents('eu-west-1', [ctRecord(1)]);
    const eu = new CloudTrailClient(clientConfig(emulator.endpoint, { region: 'eu-west-1' }));
    assert.equal((await eu.send(new LookupEventsCommand({}))).Events!.length, 1);
    assert.equal((await client.send(new LookupEventsCommand({}))).Events!.length, 0);
    eu.destroy();
  });

  it('applies StartTime and EndTime inclusively', async () => {
    emulator.seedEvents(
      'us-east-1',
      Array.from({ length: 10 }, (_, i) => ctRecord(i)),
    );
    const t = (i: number) => new Date(String(ctRecord(i).eventTime));
    const out = await client.send(new LookupEventsCommand({ StartTime: t(3), EndTime: t(6) }));
    assert.deepEqual(
      out.Events!.map(e => e.EventTime!.getTime()),
      [6, 5, 4, 3].map(i => t(i).getTime()),
    );
  });

  it('hides events older than the 90-day lookup window', async () => {
    emulator.seedEvents('us-east-1', [
      ctRecord(0, { eventTime: new Date(Date.now() - 91 * 86400e3).toISOString() }),
      ctRecord(1),
    ]);
    assert.equal((await client.send(new LookupEventsCommand({}))).Events!.length, 1);
  });

  const refusals: [string, LookupEventsCommandInput, string][] = [
    [
      'two lookup attributes',
      {
        LookupAttributes: [
          { AttributeKey: 'EventName', AttributeValue: 'a' },
          { AttributeKey: 'Username', AttributeValue: 'b' },
        ],
      },
      'InvalidLookupAttributesException',
    ],
    [
      'an unknown attribute key',
      { LookupAttributes: [{ AttributeKey: 'Region' as 'EventName', AttributeValue: 'x' }] },
      'InvalidLookupAttributesException',
    ],
    ['MaxResults 51', { MaxResults: 51 }, 'InvalidMaxResultsException'],
    ['MaxResults 0', { MaxResults: 0 }, 'InvalidMaxResultsException'],
    [
      'StartTime after EndTime',
      { StartTime: new Date(2_000_000_000_000), EndTime: new Date(1_000_000_000_000) },
      'InvalidTimeRangeException',
    ],
    ['a made-up NextToken', { NextToken: 'not-a-token' }, 'InvalidNextTokenException'],
    [
      'an event category other than insight',
      { EventCategory: 'management' as 'insight' },
      'InvalidEventCategoryException',
    ],
  ];
  for (const [what, input, code] of refusals) {
    it(`refuses ${what} with ${code}`, async () => {
      const err = await rejection(() => client.send(new LookupEventsCommand(input)));
      assert.equal(err.name, code);
      assert.equal(err.$metadata?.httpStatusCode, 400);
    });
  }

  it('binds NextToken to the parameters of the call that produced it', async () => {
    emulator.seedEvents(
      'us-east-1',
      Array.from({ length: 60 }, (_, i) => ctRecord(i)),
    );
    const first = await client.send(new LookupEventsCommand({ MaxResults: 10 }));
    assert.ok(first.NextToken);
    const next = await client.send(new LookupEventsCommand({ MaxResults: 10, NextToken: first.NextToken }));
    assert.equal(next.Events!.length, 10);
    assert.notEqual(next.Events![0].EventId, first.Events![0].EventId);
    const err = await rejection(() =>
      client.send(
        new LookupEventsCommand({
          NextToken: first.NextToken,
          LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'DescribeInstances' }],
        }),
      ),
    );
    assert.equal(err.name, 'InvalidNextTokenException');
  });
});

describe('emulator: CloudTrail throttling', () => {
  it('throttles LookupEvents beyond 2 per second per account and region with HTTP 429', async () => {
    const emulator = await startEmulator();
    const client = new CloudTrailClient(clientConfig(emulator.endpoint, { maxAttempts: 1 }));
    const results = await Promise.allSettled(Array.from({ length: 6 }, () => client.send(new LookupEventsCommand({}))));
    const failures = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    assert.ok(failures.length >= 1, 'at least one of 6 simultaneous calls must be throttled');
    for (const f of failures) {
      assert.equal(f.reason.name, 'ThrottlingException');
      assert.equal(f.reason.$metadata.httpStatusCode, 429);
    }
    assert.ok(results.filter(r => r.status === 'fulfilled').length >= 2, 'the burst of 2 goes through');
    // Another region has its own bucket.
    const other = new CloudTrailClient(clientConfig(emulator.endpoint, { region: 'us-west-2', maxAttempts: 1 }));
    await other.send(new LookupEventsCommand({}));
    other.destroy();
    client.destroy();
    await emulator.close();
  });

  it('lets the SDK retry through throttling when it is allowed more attempts', async () => {
    const emulator = await startEmulator();
    const client = new CloudTrailClient(clientConfig(emulator.endpoint, { maxAttempts: 5 }));
    for (let i = 0; i < 4; i++) await client.send(new LookupEventsCommand({}));
    assert.equal(emulator.calls.filter(c => c.status === 200).length, 4);
    client.destroy();
    await emulator.close();
  });
});
