#!/usr/bin/env node
// Reading a 100,000-row Athena result (100 pages of 1,000 rows) through the engine, against the emulator: time from
// SUCCEEDED to the first rows and to the last page, and per page round trip. Baseline, same run: the bare SDK paging
// GetQueryResults for the same query (no header detection, typing or row conversion), whose time per round trip
// is what any client pays.
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { loadCompiled, median, writeResults } from './lib.mjs';

const require = createRequire(import.meta.url);
const { AwsSession, AthenaEngine } = loadCompiled('src/core/aws/index.js');
const { startEmulator, DEFAULT_CREDENTIALS_ENV } = loadCompiled('test/emulator/index.js');
const {
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
  GetQueryExecutionCommand,
} = require('@aws-sdk/client-athena');

const ROWS = 100_000;
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

/** The bare SDK: start, wait, then page GetQueryResults and do nothing with the rows. */
async function sdkRun() {
  const client = session.athena();
  const { QueryExecutionId } = await client.send(
    new StartQueryExecutionCommand({
      QueryString: 'SELECT * FROM bench_flows',
      WorkGroup: 'primary',
      QueryExecutionContext: { Database: 'flows' },
    }),
  );
  for (;;) {
    const r = await client.send(new GetQueryExecutionCommand({ QueryExecutionId }));
    if (r.QueryExecution?.Status?.State === 'SUCCEEDED') break;
    await new Promise(resolve => setTimeout(resolve, 50));
  }
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

const ours = [];
const bare = [];
await engineRun(); // warm-up: JIT, sockets
for (let i = 0; i < RUNS; i++) {
  bare.push(await sdkRun());
  ours.push(await engineRun());
}
session.destroy();
await emulator.close();

const med = runs =>
  Object.fromEntries(
    ['toFirstRowsMs', 'toLastPageMs', 'perRoundTripMs', 'roundTrips'].map(k => [k, median(runs.map(r => r[k]))]),
  );
const summary = {
  bench: 'athena',
  setup: { rows: ROWS, pageSize: 1000, runs: RUNS },
  ours: med(ours),
  baselineBareSdk: med(bare),
  ratios: {
    perRoundTripOursOverBareSdk: median(ours.map(r => r.perRoundTripMs)) / median(bare.map(r => r.perRoundTripMs)),
    firstRowsInRoundTrips: median(ours.map(r => r.toFirstRowsMs)) / median(bare.map(r => r.perRoundTripMs)),
  },
  runs: { ours, bare },
};
writeResults('athena', summary);
console.log(`Athena result of ${ROWS} rows (${summary.ours.roundTrips} pages), median of ${RUNS} runs:`);
console.log(
  `  SUCCEEDED → first rows ${summary.ours.toFirstRowsMs.toFixed(0)} ms ` +
    `(${summary.ratios.firstRowsInRoundTrips.toFixed(2)} bare round trips), → last page ${summary.ours.toLastPageMs.toFixed(0)} ms`,
);
console.log(
  `  per round trip: ours ${summary.ours.perRoundTripMs.toFixed(1)} ms vs bare SDK ${summary.baselineBareSdk.perRoundTripMs.toFixed(1)} ms ` +
    `(ratio ${summary.ratios.perRoundTripOursOverBareSdk.toFixed(2)})`,
);
