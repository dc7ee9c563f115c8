#!/usr/bin/env node
// Reopening a step: showing a query's last result again from its evidence file (streamed, SHA-256 checked, at most
// the row cap kept; src/core/run/recordedResult.ts) against running the same query again on the local engine (cache
// already built, evidence written as the panel does), in the same run. The result has 100,000 rows
// (BENCH_REOPEN_ROWS). Imports compiled code from out/ and runs the bundled worker dist/local-engine-worker.js.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadCompiled, median, ROOT, writeResults } from './lib.mjs';

const ROWS = Number(process.env.BENCH_REOPEN_ROWS ?? 100_000);
const RUNS = 5;
const DATA_DIR = path.join(ROOT, `bench/data/reopen-flows-${ROWS}`);
const WORKER = path.join(ROOT, 'dist/local-engine-worker.js');
const sec = ms => Math.round(ms) / 1000;

function ensureData() {
  const done = path.join(DATA_DIR, '.complete');
  if (fs.existsSync(done)) return;
  fs.rmSync(DATA_DIR, { recursive: true, force: true });
  const { flowRows, writeFlowLog, DEFAULT_FIELDS, DAY_START, flowLogKey } = loadCompiled(
    'test/fixtures/local/generate.js',
  );
  // A little more than the result needs, in two files, so the LIMIT is what stops the query.
  const half = Math.ceil((ROWS * 1.2) / 2);
  for (let i = 0; i < 2; i++) {
    const rows = flowRows(half, 500 + i, DAY_START + i * 43_200, 43_200, 5_000);
    writeFlowLog(
      path.join(DATA_DIR, flowLogKey(String(i).padStart(4, '0')).replace(/\.gz$/, '')),
      rows,
      DEFAULT_FIELDS,
    );
  }
  fs.writeFileSync(done, '');
}

async function main() {
  ensureData();
  const { LocalEngine } = loadCompiled('src/core/local/index.js');
  const { executeAndRecord } = loadCompiled('src/core/run/index.js');
  const { readRecordedResult } = loadCompiled('src/core/run/recordedResult.js');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'irp-bench-reopen-'));
  const engine = new LocalEngine({ dataSources: [DATA_DIR], cacheDir: path.join(dir, 'cache'), workerScript: WORKER });
  const request = {
    engine: 'athena',
    queryId: 'all-flows',
    text: `SELECT * FROM vpc_flow_logs ORDER BY start, srcaddr LIMIT ${ROWS}`,
    parameters: {},
    definitions: [],
    rowCap: ROWS,
  };
  const options = { reportPath: path.join(dir, 'report.md'), stepId: 'bench', summaryRowCap: 20 };
  try {
    // The first run builds the engine's cache (ingest); both sides below start from a warm engine.
    const first = await executeAndRecord(engine, request, { ...options, signal: new AbortController().signal });
    if (first.error) throw new Error(first.error.message);
    if (first.rowCount !== ROWS) throw new Error(`the query returned ${first.rowCount} rows, not ${ROWS}`);
    const rerun = [];
    const reopen = [];
    let record = first;
    for (let i = 0; i < RUNS; i++) {
      let t = performance.now();
      record = await executeAndRecord(engine, request, { ...options, signal: new AbortController().signal });
      rerun.push(performance.now() - t);
      t = performance.now();
      const read = await readRecordedResult(options.reportPath, record, ROWS);
      reopen.push(performance.now() - t);
      if (!read?.ok || read.rows.length !== ROWS) throw new Error(`reopen read ${JSON.stringify(read?.ok)} rows`);
    }
    const results = {
      rows: ROWS,
      evidenceBytes: record.evidence.find(e => e.format === 'csv').bytes,
      runs: RUNS,
      rerunMedianS: sec(median(rerun)),
      reopenMedianS: sec(median(reopen)),
      rerunOverReopen: Math.round((median(rerun) / median(reopen)) * 10) / 10,
      excludes: 'postMessage to the page and drawing the grid (the same for both); the first run (ingest) is not timed',
    };
    console.log(
      `${ROWS} rows (${Math.round(results.evidenceBytes / 1e6)} MB of CSV): re-run on the local engine ` +
        `${results.rerunMedianS} s, reopen from the checked evidence ${results.reopenMedianS} s ` +
        `(median of ${RUNS}): reopening is ${results.rerunOverReopen}x faster`,
    );
    console.log(`results: ${writeResults('reopen', results)}`);
  } finally {
    await engine.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

await main();
