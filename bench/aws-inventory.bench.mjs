#!/usr/bin/env node
// An all-regions EC2 inventory (DescribeSecurityGroups, pages of 5 groups) through the AWS API engine, while the
// emulator throttles per account, region and action with EC2's token bucket. EC2's documented bucket (100 calls,
// refilled at 20/s) in 17 regions at once asks for 340 calls/s, more than a shared 2-core machine serves (the machine,
// not the limit, would be measured), so the bucket is scaled down (RATE, given to the engine as an account's own
// limits) until the limit binds. Measures how close the engine's pacing gets to the fastest the limit allows (the
// bucket's floor time ÷ the time taken, per region) and how many throttled responses and failed regions there are.
// Baseline, same run: the bare SDK paginator in every region at once, with its default retry and no pacing.
import { createRequire } from 'node:module';
import { loadCompiled, median, writeResults } from './lib.mjs';

const require = createRequire(import.meta.url);
const { AwsSession, AwsApiEngine } = loadCompiled('src/core/aws/index.js');
const { startEmulator, DEFAULT_CREDENTIALS, DEFAULT_CREDENTIALS_ENV, DEFAULT_ENABLED_REGIONS } =
  loadCompiled('test/emulator/index.js');
const { EC2Client, paginateDescribeSecurityGroups } = require('@aws-sdk/client-ec2');

const REGIONS = DEFAULT_ENABLED_REGIONS;
const PAGE = 5;
const PAGES_PER_REGION = Number(process.env.PAGES ?? 40);
const RATE = { perSecond: Number(process.env.RATE ?? 2), burst: Number(process.env.BURST ?? 10) };
const RUNS = Number(process.env.RUNS ?? 2);
process.env.AWS_EC2_METADATA_DISABLED = 'true';

function groups(count) {
  return Array.from({ length: count }, (_, i) => ({
    groupId: `sg-${i.toString(16).padStart(17, '0')}`,
    groupName: `g${i}`,
    vpcId: 'vpc-0abc0abc0abc0abc0',
    ipPermissions: [{ ipProtocol: 'tcp', fromPort: 22, toPort: 22, ipRanges: [{ cidrIp: '0.0.0.0/0' }] }],
    ipPermissionsEgress: [],
  }));
}

async function seededEmulator() {
  const emulator = await startEmulator({ apiRates: { ec2: RATE } });
  const seeded = groups(PAGES_PER_REGION * PAGE);
  for (const region of REGIONS) emulator.seedInventory({ region, ec2: { securityGroupInfo: seeded } });
  return emulator;
}

/** Per region: the least time the bucket allows for the calls made (after the burst, one per 1/rate s) ÷ time taken. */
function shareOfLimit(calls) {
  return Object.fromEntries(
    REGIONS.map(region => {
      const at = calls
        .filter(c => c.action === 'DescribeSecurityGroups' && c.region === region && c.status === 200)
        .map(c => c.at);
      const floor = Math.max(0, (at.length - RATE.burst) / RATE.perSecond);
      const taken = (at[at.length - 1] - at[0]) / 1000;
      return [region, taken > 0 ? Math.min(1, floor / taken) : 1];
    }),
  );
}

function counts(emulator) {
  const calls = emulator.calls.filter(c => c.action === 'DescribeSecurityGroups');
  return {
    requests: calls.length,
    throttledResponses: calls.filter(c => c.errorCode === 'RequestLimitExceeded').length,
    shareOfLimit: shareOfLimit(emulator.calls),
  };
}

async function ourRun() {
  const emulator = await seededEmulator();
  const session = await AwsSession.open({
    region: 'us-east-1',
    endpoint: emulator.endpoint,
    env: DEFAULT_CREDENTIALS_ENV,
  });
  const began = Date.now();
  const handle = new AwsApiEngine(session, { enabledRegions: REGIONS, rates: { ec2: RATE } }).run(
    {
      engine: 'aws',
      queryId: 'bench',
      text: `service: ec2\noperation: DescribeSecurityGroups\nregions: all\ninput: { MaxResults: ${PAGE} }`,
      parameters: {},
      definitions: [],
    },
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
  if (metadata.context.failedRegions) userErrors += metadata.context.failedRegions.split(',').length;
  const result = {
    seconds: (Date.now() - began) / 1000,
    rows,
    userErrors,
    ...counts(emulator),
    regionsSkipped: metadata.context.regionsNotEnabled ?? '',
    partialReason: metadata.partialReason ?? '',
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
      const client = new EC2Client({ region, endpoint: emulator.endpoint, credentials: DEFAULT_CREDENTIALS });
      try {
        for await (const page of paginateDescribeSecurityGroups({ client, pageSize: PAGE }, {}))
          rows += page.SecurityGroups.length;
      } catch {
        userErrors++;
      } finally {
        client.destroy();
      }
    }),
  );
  const result = { seconds: (Date.now() - began) / 1000, rows, userErrors, ...counts(emulator) };
  await emulator.close();
  return result;
}

const ours = [];
for (let i = 0; i < RUNS; i++) {
  // The engine's buckets live for the process, as AWS's do for the account: let them refill before the next run,
  // whose emulator starts with full buckets.
  if (i) await new Promise(resolve => setTimeout(resolve, (RATE.burst / RATE.perSecond) * 1000));
  ours.push(await ourRun());
}
const baseline = await sdkOnlyRun();

const worst = r => Math.min(...Object.values(r.shareOfLimit));
const summary = {
  bench: 'aws-inventory',
  setup: { regions: REGIONS.length, pagesPerRegion: PAGES_PER_REGION, pageSize: PAGE, limit: RATE, runs: RUNS },
  ours: {
    medianSeconds: median(ours.map(r => r.seconds)),
    medianShareOfLimitWorstRegion: median(ours.map(worst)),
    medianShareOfLimitMedianRegion: median(ours.map(r => median(Object.values(r.shareOfLimit)))),
    regionsFailed: ours.reduce((n, r) => n + r.userErrors, 0),
    throttledResponsesTotal: ours.reduce((n, r) => n + r.throttledResponses, 0),
    runs: ours,
  },
  baselineSdkOnly: { ...baseline, shareOfLimitWorstRegion: worst(baseline) },
  goals: { shareOfLimit: 0.9, regionsFailed: 0 },
};
writeResults('aws-inventory', summary);
console.log(
  `EC2 inventory, ${REGIONS.length} regions × ${PAGES_PER_REGION} pages, limit ${RATE.perSecond}/s burst ${RATE.burst} per region, ${RUNS} runs:`,
);
console.log(
  `  ours: ${summary.ours.medianSeconds.toFixed(1)} s, worst region at ${(summary.ours.medianShareOfLimitWorstRegion * 100).toFixed(1)}% ` +
    `of the limit (median region ${(summary.ours.medianShareOfLimitMedianRegion * 100).toFixed(1)}%), ` +
    `${summary.ours.throttledResponsesTotal} throttled responses, ${summary.ours.regionsFailed} region(s) failed`,
);
console.log(
  `  SDK alone (baseline): ${baseline.seconds.toFixed(1)} s, ${baseline.throttledResponses} throttled responses, ` +
    `${baseline.userErrors} region(s) failed, worst region at ${(summary.baselineSdkOnly.shareOfLimitWorstRegion * 100).toFixed(1)}%`,
);
