#!/usr/bin/env node
// An all-Regions EC2 inventory (DescribeSecurityGroups, pages of 5 groups) through the AWS API engine, while the
// emulator throttles per account, Region and action with EC2's token bucket. EC2's documented bucket (100 calls,
// refilled at 20/s) in 17 Regions at once asks for 340 calls/s, more than a shared 2-core machine serves (the machine,
// not the limit, would be measured), so the bucket is scaled down (RATE, given to the engine as an account's own
// limits) until the limit binds. Accounts differ per Region: the busiest Region has about twice the groups of the
// quietest. Measured in the same run, each against a fresh emulator: the engine's first run in this process (cold)
// and its second (warm); the bare SDK with adaptive retry and 10 attempts in every Region at once; and
// `aws ec2 describe-security-groups --page-size 5` from the Debian awscli package, one process per Region at once.
// Figures: time to the whole inventory, how close pacing gets to the fastest the limit allows (the bucket's floor
// time ÷ the time taken, per Region), throttled responses and failed Regions. None includes seeding the emulator.
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { awsCliPath, isolatedAwsEnv, loadCompiled, median, runProcess, writeResults } from './lib.mjs';

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

const ROLES = ['web', 'app', 'db', 'bastion', 'lambda', 'eks-nodes', 'alb', 'vpc-endpoints', 'batch', 'legacy'];
const PORTS = [443, 80, 22, 5432, 3306, 6379, 8080, 3389];

/** A Region's security groups as accounts have them: named by role, rules from other groups, the VPC and the world. */
function groups(count, r) {
  return Array.from({ length: count }, (_, i) => {
    const port = PORTS[(i + r) % PORTS.length];
    const source =
      i % 7 === 0
        ? { ipRanges: [{ cidrIp: '0.0.0.0/0', description: 'temporary' }] }
        : { ipRanges: [{ cidrIp: '10.0.0.0/16' }] };
    return {
      groupId: `sg-${(r * 4096 + i).toString(16).padStart(17, '0')}`,
      groupName: `${ROLES[i % ROLES.length]}-${Math.floor(i / ROLES.length)}`,
      description: `${ROLES[i % ROLES.length]} tier`,
      ownerId: '111122223333',
      vpcId: `vpc-0abc0abc0abc0abc${r % 10}`,
      ipPermissions: [{ ipProtocol: 'tcp', fromPort: port, toPort: port, ...source }],
      ipPermissionsEgress: [{ ipProtocol: '-1', ipRanges: [{ cidrIp: '0.0.0.0/0' }] }],
      tagSet: [{ key: 'team', value: ['platform', 'data', 'payments'][i % 3] }],
    };
  });
}

/** Pages in a Region: from about 2/3 to 4/3 of PAGES_PER_REGION, busiest first. */
const pagesIn = r => Math.round(PAGES_PER_REGION * (4 / 3 - (2 / 3) * (r / (REGIONS.length - 1))));
const TOTAL_GROUPS = REGIONS.reduce((n, _, r) => n + pagesIn(r) * PAGE, 0);

async function seededEmulator() {
  const emulator = await startEmulator({ apiRates: { ec2: RATE } });
  REGIONS.forEach((region, r) =>
    emulator.seedInventory({ region, ec2: { securityGroupInfo: groups(pagesIn(r) * PAGE, r) } }),
  );
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
  // One row per rule: count the groups, as the other clients' answers are counted.
  const seen = new Set();
  let userErrors = 0;
  try {
    for await (const page of handle.pages) {
      const at = page.columns.findIndex(c => c.name === 'group_id');
      for (const row of page.rows) seen.add(row[at]);
    }
  } catch {
    userErrors++;
  }
  const metadata = await handle.metadata;
  if (metadata.context.failedRegions) userErrors += metadata.context.failedRegions.split(',').length;
  const result = {
    seconds: (Date.now() - began) / 1000,
    rows: seen.size,
    userErrors,
    ...counts(emulator),
    regionsSkipped: metadata.context.regionsNotEnabled ?? '',
    partialReason: metadata.partialReason ?? '',
  };
  session.destroy();
  await emulator.close();
  return result;
}

/** The SDK on its own at its best settings: adaptive retry (client-side rate limiting), 10 attempts, all at once. */
async function sdkOnlyRun() {
  const emulator = await seededEmulator();
  const began = Date.now();
  let rows = 0;
  let userErrors = 0;
  await Promise.all(
    REGIONS.map(async region => {
      const client = new EC2Client({
        region,
        endpoint: emulator.endpoint,
        credentials: DEFAULT_CREDENTIALS,
        retryMode: 'adaptive',
        maxAttempts: 10,
      });
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

const AWS = awsCliPath();
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'irp-bench-inventory-'));

/** `aws ec2 describe-security-groups` in every Region at once, one process each, pages of PAGE. */
async function awsCliRun() {
  const emulator = await seededEmulator();
  const began = Date.now();
  const outcomes = await Promise.all(
    REGIONS.map(async region => {
      const file = path.join(work, `${region}.json`);
      const args = ['ec2', 'describe-security-groups', '--region', region, '--page-size', String(PAGE)];
      args.push('--endpoint-url', emulator.endpoint, '--output', 'json');
      const r = await runProcess(AWS, args, isolatedAwsEnv(work, emulator.endpoint, DEFAULT_CREDENTIALS_ENV), file);
      return r.code === 0 ? JSON.parse(fs.readFileSync(file, 'utf8')).SecurityGroups.length : -1;
    }),
  );
  const result = {
    seconds: (Date.now() - began) / 1000,
    rows: outcomes.filter(n => n >= 0).reduce((a, b) => a + b, 0),
    userErrors: outcomes.filter(n => n < 0).length,
    ...counts(emulator),
  };
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
const skippedComparisons = [];
const cli = [];
if (AWS) for (let i = 0; i < 2; i++) cli.push(await awsCliRun());
else {
  console.log('aws ec2 describe-security-groups: skipped: awscli not installed (apt-get install awscli)');
  skippedComparisons.push('awscli not installed');
}
fs.rmSync(work, { recursive: true, force: true });

const worst = r => Math.min(...Object.values(r.shareOfLimit));
const summary = {
  bench: 'aws-inventory',
  setup: {
    regions: REGIONS.length,
    pagesPerRegion: REGIONS.map((_, r) => pagesIn(r)),
    groups: TOTAL_GROUPS,
    pageSize: PAGE,
    limit: RATE,
    runs: RUNS,
  },
  ours: {
    medianSeconds: median(ours.map(r => r.seconds)),
    medianShareOfLimitWorstRegion: median(ours.map(worst)),
    medianShareOfLimitMedianRegion: median(ours.map(r => median(Object.values(r.shareOfLimit)))),
    regionsFailed: ours.reduce((n, r) => n + r.userErrors, 0),
    throttledResponsesTotal: ours.reduce((n, r) => n + r.throttledResponses, 0),
    runs: ours,
  },
  cold: { ...ours[0], shareOfLimitWorstRegion: worst(ours[0]) },
  warm: ours[1] ? { ...ours[1], shareOfLimitWorstRegion: worst(ours[1]) } : null,
  baselineSdkAdaptive: { ...baseline, shareOfLimitWorstRegion: worst(baseline) },
  awsCli: cli.map(r => ({ ...r, shareOfLimitWorstRegion: worst(r) })),
  skippedComparisons,
  goals: { shareOfLimit: 0.9, regionsFailed: 0 },
};
writeResults('aws-inventory', summary);
const line = (name, r) =>
  console.log(
    `  ${name}: ${r.seconds.toFixed(1)} s, ${r.rows} of ${TOTAL_GROUPS} groups, worst Region at ` +
      `${(worst(r) * 100).toFixed(1)}% of the limit, ${r.throttledResponses} throttled responses, ` +
      `${r.userErrors} Region(s) failed`,
  );
console.log(
  `EC2 inventory, ${REGIONS.length} Regions × ${pagesIn(REGIONS.length - 1)} to ${pagesIn(0)} pages of ${PAGE}, ` +
    `limit ${RATE.perSecond}/s burst ${RATE.burst} per Region:`,
);
line('engine, cold (first run in the process)', ours[0]);
if (ours[1]) line('engine, warm (second run)', ours[1]);
line('SDK alone, adaptive retry, 10 attempts', baseline);
cli.forEach((r, i) => line(`aws ec2 describe-security-groups, ${i ? 'warm' : 'cold'}`, r));
