#!/usr/bin/env node
// A responder's first question to CloudTrail event history: everything one user did in the last three days, in four
// Regions, while the emulator enforces LookupEvents' 2 requests/s per account and Region. The user looked up has
// thousands of events among other users' and services' (USER_EVENTS per Region, of EVENTS per Region), so the answer
// takes many pages. Measured in the same run, each against a fresh emulator (full token buckets):
// - `irp lookup` as a new process, twice: cold (first process of the run) and warm (second; OS caches warm);
// - the engine inside an already loaded process (the extension's case);
// - the AWS SDK alone with adaptive retry (client-side rate limiting), 10 attempts, 50 events a page, Regions at once;
// - `aws cloudtrail lookup-events` from the Debian awscli package, one process per Region at once, cold and warm.
// Figures: time to the complete answer, rows returned of those expected, throttled responses, Regions that failed,
// and each Region's request rate as a share of the limit. None includes seeding the emulator.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { awsCliPath, isolatedAwsEnv, loadCompiled, ROOT, runProcess, timed, writeResults } from './lib.mjs';

const require = createRequire(import.meta.url);
const { AwsSession, CloudTrailEngine } = loadCompiled('src/core/aws/index.js');
const { startEmulator, DEFAULT_CREDENTIALS, DEFAULT_CREDENTIALS_ENV } = loadCompiled('test/emulator/index.js');
const { CloudTrailClient, paginateLookupEvents } = require('@aws-sdk/client-cloudtrail');

const REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2', 'sa-east-1'];
const EVENTS_PER_REGION = Number(process.env.EVENTS ?? 12_000);
const USER_EVENTS_PER_REGION = Number(process.env.USER_EVENTS ?? 2_000);
const LIMIT = 2;
const SUSPECT = 'ci-deployer';
const CLI = path.join(ROOT, 'dist/cli.js');
const AWS = awsCliPath();
process.env.AWS_EC2_METADATA_DISABLED = 'true';

if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build (npm run bench does)`);

const now = Date.now();
const WINDOW = { start: new Date(now - 3 * 86_400_000), end: new Date(now) };

/** What an account's trail holds: a few people, CI, and AWS services acting on the account's behalf. */
const OTHERS = ['maria.lopez', 'j.okafor', 'terraform-ci', 'backup-operator', 'data-pipeline', 'k.tanaka'];
const CALLS = [
  ['ec2.amazonaws.com', 'DescribeInstances'],
  ['ec2.amazonaws.com', 'DescribeSecurityGroups'],
  ['ec2.amazonaws.com', 'AuthorizeSecurityGroupIngress'],
  ['ec2.amazonaws.com', 'RunInstances'],
  ['s3.amazonaws.com', 'ListBuckets'],
  ['sts.amazonaws.com', 'GetCallerIdentity'],
  ['iam.amazonaws.com', 'ListUsers'],
  ['iam.amazonaws.com', 'ListAccessKeys'],
  ['ssm.amazonaws.com', 'GetParameter'],
  ['kms.amazonaws.com', 'Decrypt'],
  ['logs.amazonaws.com', 'CreateLogStream'],
  ['lambda.amazonaws.com', 'ListFunctions20150331'],
];

/** A seeded, repeatable sequence in [0, 1). */
function random(seed) {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

function records(region, seed) {
  const next = random(seed);
  const span = WINDOW.end - WINDOW.start - 60_000;
  return Array.from({ length: EVENTS_PER_REGION }, (_, i) => {
    const suspect = i < USER_EVENTS_PER_REGION;
    const user = suspect ? SUSPECT : OTHERS[Math.floor(next() * OTHERS.length)];
    const [eventSource, eventName] = CALLS[Math.floor(next() * CALLS.length)];
    return {
      eventVersion: '1.09',
      eventTime: new Date(WINDOW.start.getTime() + 30_000 + next() * span).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      eventSource,
      eventName,
      awsRegion: region,
      sourceIPAddress: suspect ? `203.0.113.${Math.floor(next() * 250)}` : `10.20.${Math.floor(next() * 250)}.7`,
      userAgent: suspect ? 'aws-cli/2.15.0 Python/3.11.6 Linux/5.15' : 'Boto3/1.34.0 Python/3.11',
      eventID: `${region}-${seed}-${i}`,
      userIdentity: {
        type: 'IAMUser',
        arn: `arn:aws:iam::111122223333:user/${user}`,
        accountId: '111122223333',
        userName: user,
        accessKeyId: suspect ? 'AKIAEXAMPLEKEY000001' : `AKIAEXAMPLEKEY${String(i % 97).padStart(6, '0')}`,
      },
      requestParameters: eventName === 'AuthorizeSecurityGroupIngress' ? { groupId: 'sg-0c3f9a12e4b7d6850' } : null,
      readOnly: /^(Describe|List|Get)/.test(eventName),
    };
  });
}

async function seededEmulator() {
  const emulator = await startEmulator({ lookupRatePerSecond: LIMIT });
  REGIONS.forEach((region, i) => emulator.seedEvents(region, records(region, i + 1)));
  return emulator;
}

/** Per Region: requests answered per second ÷ the limit, from the emulator's own arrival times. */
function shareOfLimit(calls) {
  return Object.fromEntries(
    REGIONS.map(region => {
      const at = calls.filter(c => c.action === 'LookupEvents' && c.region === region).map(c => c.at);
      const rate = at.length > 1 ? (at.length - 1) / ((at[at.length - 1] - at[0]) / 1000) : 0;
      return [region, Math.min(1, rate / LIMIT)];
    }),
  );
}

/** Runs `fn(emulator)` against a fresh emulator and adds what the emulator saw. */
async function measured(name, fn) {
  const emulator = await seededEmulator();
  try {
    const { ms, value } = await timed(() => fn(emulator));
    const lookups = emulator.calls.filter(c => c.action === 'LookupEvents');
    const share = shareOfLimit(emulator.calls);
    const result = {
      name,
      seconds: ms / 1000,
      rows: value.rows,
      expectedRows: REGIONS.length * USER_EVENTS_PER_REGION,
      regionsFailed: value.regionsFailed,
      requests: lookups.length,
      throttledResponses: lookups.filter(c => c.errorCode === 'ThrottlingException').length,
      worstRegionShareOfLimit: Math.min(...Object.values(share)),
    };
    console.log(
      `  ${name}: ${result.seconds.toFixed(1)} s, ${result.rows} of ${result.expectedRows} events, ` +
        `${result.regionsFailed} Region(s) failed, ${result.throttledResponses} throttled responses, worst Region at ` +
        `${(result.worstRegionShareOfLimit * 100).toFixed(0)}% of the limit`,
    );
    return result;
  } finally {
    await emulator.close();
  }
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'irp-bench-cloudtrail-'));
/** A clean environment: the emulator's keys, no profile files, nothing of the user's own AWS set-up. */
const childEnv = endpoint => isolatedAwsEnv(work, endpoint, DEFAULT_CREDENTIALS_ENV);

async function irpProcess(emulator) {
  const args = [CLI, 'lookup', '--region', REGIONS.join(','), '--attribute', `Username=${SUSPECT}`];
  args.push('--start', WINDOW.start.toISOString(), '--end', WINDOW.end.toISOString(), '--csv');
  const r = await runProcess(process.execPath, args, childEnv(emulator.endpoint), path.join(work, 'irp.csv'));
  const rows = Number(/^(\d+) row\(s\)/m.exec(r.stderr)?.[1] ?? 0);
  const failed = /failedRegions|no events from ([^:]+):/.exec(r.stderr)?.[1];
  if (r.code !== 0 && !failed) throw new Error(`irp lookup failed (${r.code}): ${r.stderr}`);
  return { rows, regionsFailed: failed ? failed.split(',').length : 0 };
}

async function engineInProcess(emulator) {
  const session = await AwsSession.open({
    region: REGIONS[0],
    endpoint: emulator.endpoint,
    env: DEFAULT_CREDENTIALS_ENV,
  });
  try {
    const text =
      `attribute: Username=${SUSPECT}\nstart: ${WINDOW.start.toISOString()}\nend: ${WINDOW.end.toISOString()}\n` +
      `regions: ${REGIONS.join(',')}`;
    const handle = new CloudTrailEngine(session).run(
      { engine: 'cloudtrail', queryId: 'bench', text, parameters: {}, definitions: [] },
      new AbortController().signal,
    );
    let rows = 0;
    for await (const page of handle.pages) rows += page.rows.length;
    const metadata = await handle.metadata;
    return { rows, regionsFailed: metadata.context.failedRegions?.split(',').length ?? 0 };
  } finally {
    session.destroy();
  }
}

async function sdkAdaptive(emulator) {
  let rows = 0;
  let regionsFailed = 0;
  await Promise.all(
    REGIONS.map(async region => {
      const client = new CloudTrailClient({
        region,
        endpoint: emulator.endpoint,
        credentials: DEFAULT_CREDENTIALS,
        retryMode: 'adaptive',
        maxAttempts: 10,
      });
      try {
        const input = {
          LookupAttributes: [{ AttributeKey: 'Username', AttributeValue: SUSPECT }],
          StartTime: WINDOW.start,
          EndTime: WINDOW.end,
        };
        for await (const page of paginateLookupEvents({ client, pageSize: 50 }, input)) rows += page.Events.length;
      } catch {
        regionsFailed++;
      } finally {
        client.destroy();
      }
    }),
  );
  return { rows, regionsFailed };
}

async function awsCli(emulator) {
  const results = await Promise.all(
    REGIONS.map(async region => {
      const file = path.join(work, `aws-${region}.json`);
      const args = ['cloudtrail', 'lookup-events', '--region', region, '--endpoint-url', emulator.endpoint];
      args.push('--lookup-attributes', `AttributeKey=Username,AttributeValue=${SUSPECT}`);
      args.push('--start-time', WINDOW.start.toISOString(), '--end-time', WINDOW.end.toISOString(), '--output', 'json');
      const r = await runProcess(AWS, args, childEnv(emulator.endpoint), file);
      if (r.code !== 0) return { rows: 0, failed: true, why: r.stderr.trim().split('\n').pop() };
      return { rows: JSON.parse(fs.readFileSync(file, 'utf8')).Events.length, failed: false };
    }),
  );
  const why = results.find(r => r.failed)?.why;
  if (why) console.log(`  awscli: a Region failed: ${why}`);
  return { rows: results.reduce((n, r) => n + r.rows, 0), regionsFailed: results.filter(r => r.failed).length };
}

console.log(
  `CloudTrail lookup of one user (${USER_EVENTS_PER_REGION} of ${EVENTS_PER_REGION} events per Region) in ` +
    `${REGIONS.length} Regions, limit ${LIMIT} requests/s per Region:`,
);
const skippedComparisons = [];
const results = {};
try {
  results.irpCold = await measured('irp lookup, cold (first process)', irpProcess);
  results.irpWarm = await measured('irp lookup, warm (second process)', irpProcess);
  results.engineLoaded = await measured('engine in a loaded process (extension)', engineInProcess);
  results.sdkAdaptive = await measured('SDK alone, adaptive retry, 10 attempts', sdkAdaptive);
  if (AWS) {
    results.awsCliCold = await measured('aws cloudtrail lookup-events, cold', awsCli);
    results.awsCliWarm = await measured('aws cloudtrail lookup-events, warm', awsCli);
  } else {
    console.log('  aws cloudtrail lookup-events: skipped: awscli not installed (apt-get install awscli)');
    skippedComparisons.push('awscli not installed');
  }
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}

const ratio = (a, b) => (a && b ? Number((a.seconds / b.seconds).toFixed(2)) : null);
const summary = {
  bench: 'cloudtrail',
  setup: {
    regions: REGIONS,
    eventsPerRegion: EVENTS_PER_REGION,
    userEventsPerRegion: USER_EVENTS_PER_REGION,
    limitPerRegionPerSecond: LIMIT,
    awsCli: AWS ?? null,
  },
  results,
  ratios: {
    irpColdOverAwsCliCold: ratio(results.irpCold, results.awsCliCold),
    irpWarmOverAwsCliWarm: ratio(results.irpWarm, results.awsCliWarm),
    engineLoadedOverSdkAdaptive: ratio(results.engineLoaded, results.sdkAdaptive),
  },
  skippedComparisons,
};
writeResults('cloudtrail', summary);
console.log(
  `  ratios (time): irp cold / awscli cold ${summary.ratios.irpColdOverAwsCliCold ?? 'n/a'}, irp warm / awscli warm ` +
    `${summary.ratios.irpWarmOverAwsCliWarm ?? 'n/a'}, engine / SDK adaptive ${summary.ratios.engineLoadedOverSdkAdaptive}`,
);
