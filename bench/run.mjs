#!/usr/bin/env node
// `npm run bench`: builds, then runs every bench/*.bench.mjs in its own process, one after another (they measure
// time and memory, so they must not compete), and prints the summary each one wrote to bench/results/.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

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
let failed = 0;
for (const file of benches) {
  console.log(`\n=== ${file} ===`);
  const r = spawnSync(process.execPath, ['--expose-gc', path.join(root, 'bench', file)], {
    cwd: root,
    stdio: 'inherit',
  });
  if (r.status !== 0) {
    failed++;
    console.log(`${file} failed with exit code ${r.status}`);
  }
}
console.log(`\n${benches.length - failed} of ${benches.length} benchmarks completed; results in bench/results/`);
process.exit(failed ? 1 : 0);
