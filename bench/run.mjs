#!/usr/bin/env node
// `npm run bench`: builds, then runs every bench/*.bench.mjs in its own process, one after another (they measure
// time and memory, so they must not compete), and prints what became of each: completed, skipped (and why), or
// failed. A skipped bench, or a bench that skipped a comparison it promises, is not counted as completed.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SKIPPED_EXIT } from './lib.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const only = process.argv.slice(2);
execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
execFileSync('npm', ['run', 'compile-tests'], { cwd: root, stdio: 'inherit' });
fs.mkdirSync(path.join(root, 'bench/results'), { recursive: true });

const benches = fs
  .readdirSync(path.join(root, 'bench'))
  .filter(f => f.endsWith('.bench.mjs'))
  .filter(f => only.length === 0 || only.some(o => f.includes(o)))
  .sort();

/** What the bench wrote this time (a results file left from an earlier run says nothing about this one). */
function resultsOf(file) {
  const results = path.join(root, 'bench/results', file.replace(/\.bench\.mjs$/, '.json'));
  try {
    return JSON.parse(fs.readFileSync(results, 'utf8'));
  } catch {
    return undefined;
  }
}

const outcomes = [];
for (const file of benches) {
  console.log(`\n=== ${file} ===`);
  fs.rmSync(path.join(root, 'bench/results', file.replace(/\.bench\.mjs$/, '.json')), { force: true });
  const r = spawnSync(process.execPath, ['--expose-gc', path.join(root, 'bench', file)], {
    cwd: root,
    stdio: 'inherit',
  });
  const results = resultsOf(file);
  if (r.status === SKIPPED_EXIT)
    outcomes.push({ file, outcome: 'skipped', why: results?.skipped ?? 'no reason given' });
  else if (r.status !== 0) outcomes.push({ file, outcome: 'failed', why: `exit code ${r.status ?? r.signal}` });
  else if (results?.skippedComparisons?.length)
    outcomes.push({ file, outcome: 'incomplete', why: `skipped: ${results.skippedComparisons.join('; ')}` });
  else outcomes.push({ file, outcome: 'completed' });
}

console.log('\nSummary:');
for (const o of outcomes) console.log(`  ${o.file}: ${o.outcome}${o.why ? ` (${o.why})` : ''}`);
const count = kind => outcomes.filter(o => o.outcome === kind).length;
console.log(
  `${count('completed')} of ${benches.length} benchmarks completed; ${count('skipped')} skipped, ` +
    `${count('incomplete')} ran with comparisons skipped, ${count('failed')} failed; results in bench/results/`,
);
process.exit(count('failed') ? 1 : 0);
