#!/usr/bin/env node
// CloudTrail lookups across 4 regions × 2,000 events while the emulator enforces LookupEvents' 2 requests/s per
// account and region. Measures how close our pacing gets to the limit (achieved requests/s ÷ 2, from the emulator's
// own call log) and how many throttling errors reach the user. Baseline, same run: the SDK alone (standard retry, no
// client pacing) paging the same events.
import { createRequire } from 'node:module';
import { loadCompiled, median, writeResults } from './lib.mjs';

const require = createRequire(import.meta.url);
const { AwsSession, CloudTrailEngine } = loadCompiled('src/core/aws/index.js');
const { startEmulator, DEFAULT_CREDENTIALS, DEFAULT_CREDENTIALS_ENV } = loadCompiled('test/emulator/index.js');
const { CloudTrailClient, paginateLookupEvents } = require('@aws-sdk/client-cloudtrail');

const REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2', 'sa-east-1'];
const EVENTS_PER_REGION = 2000;
const LIMIT = 2;
const RUNS = Number(process.env.RUNS ?? 3);
process.env.AWS_EC2_METADATA_DISABLED = 'true';

function records(region) {
  const newest = Date.now() - 3600_000;
  return Array.from({ length: EVENTS_PER_REGION }, (_, i) => ({
    eventVersion: '1.09',
    eventTime: new Date(newest - i * 30_000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    eventSource: 'ec2.amazonaws.com',
    eventName: i % 3 ? 'DescribeInstances' : 'AuthorizeSecurityGroupIngress',
    awsRegion: region,
    sourceIPAddress: '203.0.113.9',
    userAgent: 'aws-cli/2.15.0',
    eventID: `${region}-${i}`,
    userIdentity: {
      type: 'IAMUser',
      arn: 'arn:aws:iam::111122223333:user/alice',
      accountId: '111122223333',
      userName: 'alice',
      accessKeyId: 'AKIAEXAMPLEKEY000001',
    },
    requestParameters: { groupId: 'sg-0123456789abcdef0' },
  }));
}

async function seededEmulator() {
  const emulator = await startEmulator({ lookupRatePerSecond: LIMIT });
  for (const region of REGIONS) emulator.seedEvents(region, records(region));
  return emulator;
}

/** Achieved request rate per region from the emulator's arrival times, as a fraction of the limit. */
function ratesPerRegion(calls) {
  return Object.fromEntries(
    REGIONS.map(region => {
      const at = calls.filter(c => c.action === 'LookupEvents' && c.region === region).map(c => c.at);
      const rate = at.length > 1 ? (at.length - 1) / ((at[at.length - 1] - at[0]) / 1000) : 0;
      return [region, rate / LIMIT];
    }),
  );
}

async function ourRun() {
  const emulator = await seededEmulator();
  const session = await AwsSession.open({
    region: 'us-east-1',
    endpoint: emulator.endpoint,
    env: DEFAULT_CREDENTIALS_ENV,
  });
  const began = Date.now();
  const handle = new CloudTrailEngine(session).run(
    { engine: 'cloudtrail', queryId: 'bench', text: `regions: ${REGIONS.join(',')}`, parameters: {}, definitions: [] },
    new AbortController().signal,
  );
  let rows = 0;
  let userErrors = 0;
  try {
    for await (const page of handle.pages) rows += page.rows.length;
  } catch {
    userErrors++;
  }
  const metadata = await handle.metadata;
  if (metadata.context.failedRegions) userErrors++;
  const lookups = emulator.calls.filter(c => c.action === 'LookupEvents');
  const result = {
    seconds: (Date.now() - began) / 1000,
    rows,
    requests: lookups.length,
    throttledResponses: lookups.filter(c => c.status === 429).length,
    userErrors,
    fractionOfLimit: ratesPerRegion(emulator.calls),
  };
  session.destroy();
  await emulator.close();
  return result;
}

/** The SDK on its own: default standard retry (3 attempts), every region paging as fast as it can. */
async function sdkOnlyRun() {
  const emulator = await seededEmulator();
  const began = Date.now();
  let rows = 0;
  let userErrors = 0;
  await Promise.all(
    REGIONS.map(async region => {
      const client = new CloudTrailClient({ region, endpoint: emulator.endpoint, credentials: DEFAULT_CREDENTIALS });
      try {
        for await (const page of paginateLookupEvents({ client, pageSize: 50 }, {})) rows += page.Events?.length ?? 0;
      } catch {
        userErrors++;
      } finally {
        client.destroy();
      }
    }),
  );
  const lookups = emulator.calls.filter(c => c.action === 'LookupEvents');
  const result = {
    seconds: (Date.now() - began) / 1000,
    rows,
    requests: lookups.length,
    throttledResponses: lookups.filter(c => c.status === 429).length,
    userErrors,
    fractionOfLimit: ratesPerRegion(emulator.calls),
  };
  await emulator.close();
  return result;
}

const ours = [];
for (let i = 0; i < RUNS; i++) ours.push(await ourRun());
const baseline = await sdkOnlyRun();

const minFraction = r => Math.min(...Object.values(r.fractionOfLimit));
const summary = {
  bench: 'cloudtrail',
  setup: { regions: REGIONS, eventsPerRegion: EVENTS_PER_REGION, limitPerRegionPerSecond: LIMIT, runs: RUNS },
  ours: {
    medianSeconds: median(ours.map(r => r.seconds)),
    medianFractionOfLimitWorstRegion: median(ours.map(minFraction)),
    medianFractionOfLimitPerRegion: Object.fromEntries(
      REGIONS.map(reg => [reg, median(ours.map(r => r.fractionOfLimit[reg]))]),
    ),
    throttlingErrorsReachingUser: ours.reduce((n, r) => n + r.userErrors, 0),
    throttledResponsesTotal: ours.reduce((n, r) => n + r.throttledResponses, 0),
    runs: ours,
  },
  baselineSdkOnly: baseline,
  goals: { fractionOfLimit: 0.9, throttlingErrorsReachingUser: 0 },
};
writeResults('cloudtrail', summary);
console.log(
  `CloudTrail lookups, ${REGIONS.length} regions × ${EVENTS_PER_REGION} events, limit ${LIMIT} req/s/region, ${RUNS} runs:`,
);
console.log(
  `  ours: ${summary.ours.medianSeconds.toFixed(1)} s, worst region at ${(summary.ours.medianFractionOfLimitWorstRegion * 100).toFixed(1)}% ` +
    `of the limit (goal ≥ 90%), ${summary.ours.throttlingErrorsReachingUser} throttling errors reached the user (goal 0), ` +
    `${summary.ours.throttledResponsesTotal} throttled responses in total`,
);
console.log(
  `  SDK alone (baseline): ${baseline.seconds.toFixed(1)} s, ${baseline.rows} of ${REGIONS.length * EVENTS_PER_REGION} rows, ` +
    `${baseline.throttledResponses} throttled responses, ${baseline.userErrors} region(s) failed with a throttling error`,
);
