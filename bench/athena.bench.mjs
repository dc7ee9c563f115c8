#!/usr/bin/env node
// Reading a 100,000-row Athena result (100 pages of 1,000 rows: VPC flow-log rows) once the query has SUCCEEDED,
// against the emulator. Measured in the same run: the engine's first run in this process (cold: nothing loaded,
// no socket open) and its later runs (warm; time to the first rows and to the last page, per round trip); the bare
// SDK with adaptive retry paging GetQueryResults and doing nothing with the rows (no header detection, typing or row
// conversion: the floor any client pays); and `aws athena get-query-results` from the Debian awscli package, which
// pages the same result and prints it as JSON, cold and warm. None includes starting the query or waiting for it.
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { awsCliPath, isolatedAwsEnv, loadCompiled, median, runProcess, timed, writeResults } from './lib.mjs';

const require = createRequire(import.meta.url);
const { AwsSession, AthenaEngine } = loadCompiled('src/core/aws/index.js');
const { startEmulator, DEFAULT_CREDENTIALS, DEFAULT_CREDENTIALS_ENV } = loadCompiled('test/emulator/index.js');
const {
  AthenaClient,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
  GetQueryExecutionCommand,
} = require('@aws-sdk/client-athena');

const ROWS = Number(process.env.ROWS ?? 100_000);
const RUNS = Number(process.env.RUNS ?? 5);
process.env.AWS_EC2_METADATA_DISABLED = 'true';

const COLUMNS = [
  { name: 'srcaddr', type: 'varchar' },
  { name: 'dstaddr', type: 'varchar' },
  { name: 'dstport', type: 'integer' },
  { name: 'bytes', type: 'bigint' },
  { name: 'action', type: 'varchar' },
  { name: 'start', type: 'bigint' },
];
const row = i => [
  `10.0.${(i >> 8) & 255}.${i & 255}`,
  `198.51.100.${i % 250}`,
  String([22, 443, 3389, 80][i % 4]),
  String(1000 + i * 7),
  i % 5 ? 'ACCEPT' : 'REJECT',
  i % 97 ? String(1795871378 + i) : null,
];

const emulator = await startEmulator();
emulator.seedQuery('FROM bench_flows', {
  columns: COLUMNS,
  rows: { count: ROWS, row },
  runningPolls: 1,
  dataScannedBytes: 3 * 1024 ** 3,
});
const session = await AwsSession.open({
  region: 'us-east-1',
  endpoint: emulator.endpoint,
  env: DEFAULT_CREDENTIALS_ENV,
});
const engine = new AthenaEngine(
  session,
  { workgroup: 'primary', database: 'flows', pricePerTerabyteUsd: 5 },
  async () => false,
);

async function engineRun() {
  const before = emulator.calls.length;
  let succeededAt;
  const handle = engine.run(
    { engine: 'athena', queryId: 'bench', text: 'SELECT * FROM bench_flows', parameters: {}, definitions: [] },
    new AbortController().signal,
    p => {
      if (succeededAt === undefined && p.message.startsWith('SUCCEEDED')) succeededAt = performance.now();
    },
  );
  let firstRowsAt;
  let rows = 0;
  for await (const page of handle.pages) {
    if (firstRowsAt === undefined && page.rows.length) firstRowsAt = performance.now();
    rows += page.rows.length;
  }
  const lastPageAt = performance.now();
  await handle.metadata;
  const roundTrips = emulator.calls.slice(before).filter(c => c.action === 'GetQueryResults').length;
  if (rows !== ROWS) throw new Error(`expected ${ROWS} rows, read ${rows}`);
  return {
    toFirstRowsMs: firstRowsAt - succeededAt,
    toLastPageMs: lastPageAt - succeededAt,
    roundTrips,
    perRoundTripMs: (lastPageAt - succeededAt) / roundTrips,
  };
}

const AWS = awsCliPath();
/** The bare SDK at its best settings for a long paging: adaptive retry, 10 attempts. */
const client = new AthenaClient({
  region: 'us-east-1',
  endpoint: emulator.endpoint,
  credentials: DEFAULT_CREDENTIALS,
  retryMode: 'adaptive',
  maxAttempts: 10,
});

/** Starts the query and waits until it has SUCCEEDED; the id of its execution. */
async function succeededQuery() {
  const { QueryExecutionId } = await client.send(
    new StartQueryExecutionCommand({
      QueryString: 'SELECT * FROM bench_flows',
      WorkGroup: 'primary',
      QueryExecutionContext: { Database: 'flows' },
    }),
  );
  for (;;) {
    const r = await client.send(new GetQueryExecutionCommand({ QueryExecutionId }));
    if (r.QueryExecution?.Status?.State === 'SUCCEEDED') return QueryExecutionId;
    await new Promise(resolve => setTimeout(resolve, 50));
  }
}

/** The bare SDK: page GetQueryResults and do nothing with the rows. */
async function sdkRun() {
  const QueryExecutionId = await succeededQuery();
  const began = performance.now();
  let token;
  let roundTrips = 0;
  let firstAt;
  do {
    const page = await client.send(
      new GetQueryResultsCommand({ QueryExecutionId, NextToken: token, MaxResults: 1000 }),
    );
    firstAt ??= performance.now();
    roundTrips++;
    token = page.NextToken;
  } while (token);
  const total = performance.now() - began;
  return { toFirstRowsMs: firstAt - began, toLastPageMs: total, roundTrips, perRoundTripMs: total / roundTrips };
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'irp-bench-athena-'));
/** `aws athena get-query-results` of a succeeded query, its JSON written to a file as a terminal would receive it. */
async function awsCliRun() {
  const QueryExecutionId = await succeededQuery();
  const file = path.join(work, 'result.json');
  const args = ['athena', 'get-query-results', '--query-execution-id', QueryExecutionId, '--region', 'us-east-1'];
  // This awscli predates AWS_ENDPOINT_URL: the endpoint goes on the command line.
  args.push('--endpoint-url', emulator.endpoint);
  const { ms, value: r } = await timed(() =>
    runProcess(AWS, args, isolatedAwsEnv(work, emulator.endpoint, DEFAULT_CREDENTIALS_ENV), file),
  );
  if (r.code !== 0) throw new Error(`aws athena get-query-results failed: ${r.stderr}`);
  const rows = JSON.parse(fs.readFileSync(file, 'utf8')).ResultSet.Rows.length - 1;
  if (rows !== ROWS) throw new Error(`awscli read ${rows} rows, expected ${ROWS}`);
  return { toLastPageMs: ms };
}

const cold = await engineRun(); // the first run of this process: modules, JIT and sockets all new
const ours = [];
const bare = [];
const cli = [];
const skippedComparisons = [];
for (let i = 0; i < RUNS; i++) {
  bare.push(await sdkRun());
  ours.push(await engineRun());
}
if (AWS) {
  for (let i = 0; i < 2; i++) cli.push(await awsCliRun());
} else {
  console.log('aws athena get-query-results: skipped: awscli not installed (apt-get install awscli)');
  skippedComparisons.push('awscli not installed');
}
client.destroy();
session.destroy();
await emulator.close();
fs.rmSync(work, { recursive: true, force: true });

const med = runs =>
  Object.fromEntries(
    ['toFirstRowsMs', 'toLastPageMs', 'perRoundTripMs', 'roundTrips'].map(k => [k, median(runs.map(r => r[k]))]),
  );
const summary = {
  bench: 'athena',
  setup: { rows: ROWS, pageSize: 1000, runs: RUNS },
  oursCold: cold,
  ours: med(ours),
  baselineBareSdk: med(bare),
  awsCli: cli.length ? { coldToLastPageMs: cli[0].toLastPageMs, warmToLastPageMs: cli[1].toLastPageMs } : null,
  skippedComparisons,
  ratios: {
    coldToLastPageOverAwsCliCold: cli.length ? cold.toLastPageMs / cli[0].toLastPageMs : null,
    warmToLastPageOverAwsCliWarm: cli.length ? median(ours.map(r => r.toLastPageMs)) / cli[1].toLastPageMs : null,
    perRoundTripOursOverBareSdk: median(ours.map(r => r.perRoundTripMs)) / median(bare.map(r => r.perRoundTripMs)),
    firstRowsInRoundTrips: median(ours.map(r => r.toFirstRowsMs)) / median(bare.map(r => r.perRoundTripMs)),
  },
  runs: { ours, bare },
};
writeResults('athena', summary);
console.log(`Athena result of ${ROWS} rows (${summary.ours.roundTrips} pages), warm: median of ${RUNS} runs:`);
console.log(
  `  cold (first run in the process): first rows ${cold.toFirstRowsMs.toFixed(0)} ms, last page ${cold.toLastPageMs.toFixed(0)} ms`,
);
if (summary.awsCli)
  console.log(
    `  aws athena get-query-results: cold ${summary.awsCli.coldToLastPageMs.toFixed(0)} ms, warm ` +
      `${summary.awsCli.warmToLastPageMs.toFixed(0)} ms to the whole result; ours/awscli cold ` +
      `${summary.ratios.coldToLastPageOverAwsCliCold.toFixed(2)}, warm ${summary.ratios.warmToLastPageOverAwsCliWarm.toFixed(2)}`,
  );
console.log(
  `  SUCCEEDED → first rows ${summary.ours.toFirstRowsMs.toFixed(0)} ms ` +
    `(${summary.ratios.firstRowsInRoundTrips.toFixed(2)} bare round trips), → last page ${summary.ours.toLastPageMs.toFixed(0)} ms`,
);
console.log(
  `  per round trip: ours ${summary.ours.perRoundTripMs.toFixed(1)} ms vs bare SDK ${summary.baselineBareSdk.perRoundTripMs.toFixed(1)} ms ` +
    `(ratio ${summary.ratios.perRoundTripOursOverBareSdk.toFixed(2)})`,
);
