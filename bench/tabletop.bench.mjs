#!/usr/bin/env node
// Writing the bundled tabletop scenario's logs: time at scale 1 (the sample workspace's quick start) and scale 4,
// the first generation in this process (cold: nothing compiled by the JIT yet, what Start tabletop costs once) and
// the median of the later ones (warm).
// Baseline, same run: gzip and write the very bytes the generator produced (the floor any generator pays for the
// output), so the ratio shows what generating the records costs on top.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import zlib from 'node:zlib';
import { loadCompiled, median, ROOT, writeResults } from './lib.mjs';

const { loadScenario, generateScenarioData } = loadCompiled('src/core/tabletop/index.js');

const RUNS = Number(process.env.RUNS ?? 3);
const { scenario } = loadScenario(path.join(ROOT, 'tabletops/leaked-key-open-ssh'));
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'irp-bench-tabletop-'));

function generate(scale) {
  const dir = path.join(work, `gen-${scale}`);
  const t = performance.now();
  const summary = generateScenarioData(scenario, dir, { scale, replace: true });
  return { ms: performance.now() - t, summary, dir };
}

function rewrite(dir, summary) {
  const plain = summary.files.map(f => zlib.gunzipSync(fs.readFileSync(path.join(dir, f.path))));
  const target = path.join(work, 'baseline');
  fs.rmSync(target, { recursive: true, force: true });
  const t = performance.now();
  summary.files.forEach((f, i) => {
    const file = path.join(target, f.path);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, zlib.gzipSync(plain[i], { level: 6 }));
  });
  return performance.now() - t;
}

try {
  const results = {};
  for (const scale of [1, 4]) {
    const first = generate(scale);
    const runs = Array.from({ length: RUNS }, () => generate(scale));
    const last = runs[runs.length - 1];
    const baseline = Array.from({ length: RUNS }, () => rewrite(last.dir, last.summary));
    const gen = median(runs.map(r => r.ms));
    const base = median(baseline);
    results[`scale${scale}`] = {
      coldGenerateMs: Math.round(first.ms),
      generateMs: Math.round(gen),
      gzipAndWriteMs: Math.round(base),
      ratio: Number((gen / base).toFixed(2)),
      cloudTrailEvents: last.summary.cloudTrailEvents,
      flowRecords: last.summary.flowRecords,
      files: last.summary.files.length,
      gzipBytes: last.summary.files.reduce((s, f) => s + f.bytes, 0),
    };
    const r = results[`scale${scale}`];
    console.log(
      `scale ${scale}: ${r.cloudTrailEvents} CloudTrail events + ${r.flowRecords} flow records in ${r.files} files ` +
        `(${(r.gzipBytes / 1e6).toFixed(1)} MB gz): generate cold ${r.coldGenerateMs} ms, warm ${r.generateMs} ms, gzip+write only ${r.gzipAndWriteMs} ms, ratio ${r.ratio}x (median of ${RUNS})`,
    );
  }
  writeResults('tabletop', { runs: RUNS, ...results });
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
