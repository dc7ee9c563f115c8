// What every benchmark shares: where the repo and the compiled code are, loading that code, the median, and writing
// bench/results/<name>.json.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** The compiled sources and tests (`npm run compile-tests`); IRP_OUT_DIR names another folder, e.g. your own out-*. */
export const OUT = path.resolve(ROOT, process.env.IRP_OUT_DIR ?? 'out');

const require = createRequire(import.meta.url);

/** A compiled module from OUT, by its path there (e.g. `src/core/report/index.js`). */
export function loadCompiled(relative) {
  return require(path.join(OUT, relative));
}

/** The middle value (the mean of the two middle ones for an even count); medians keep one slow run from counting. */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Writes `results` to bench/results/<name>.json and returns that path. */
export function writeResults(name, results) {
  const file = path.join(ROOT, 'bench', 'results', `${name}.json`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  return file;
}

/** The exit code of a bench that could not run at all (what it needs is missing); bench/run.mjs counts it as skipped. */
export const SKIPPED_EXIT = 3;

/** Ends a bench that cannot run: says so, records why in its results, and exits with SKIPPED_EXIT. */
export function skipBench(name, reason) {
  console.log(`skipped: ${reason}`);
  writeResults(name, { bench: name, skipped: reason });
  process.exit(SKIPPED_EXIT);
}

/** The Debian `awscli` package's `aws` (AWSCLI names another), or undefined when it is not installed. */
export function awsCliPath() {
  const candidate = process.env.AWSCLI ?? '/usr/bin/aws';
  return fs.existsSync(candidate) ? candidate : undefined;
}

/** Time of `fn` in ms, with what it returned. */
export async function timed(fn) {
  const began = performance.now();
  const value = await fn();
  return { ms: performance.now() - began, value };
}

/**
 * Runs a command without blocking this process (an emulator in it must keep answering), its stdout written to
 * `stdoutFile`; resolves with the exit code and stderr once it has ended.
 */
export function runProcess(command, args, env, stdoutFile) {
  return new Promise((resolve, reject) => {
    const out = fs.openSync(stdoutFile, 'w');
    const child = spawn(command, args, { env, stdio: ['ignore', out, 'pipe'] });
    let stderr = '';
    child.stderr.on('data', d => (stderr += d));
    child.on('error', reject);
    child.on('close', code => {
      fs.closeSync(out);
      resolve({ code, stderr });
    });
  });
}

/** An environment for an AWS client process: the given keys and endpoint, none of the user's own AWS set-up. */
export function isolatedAwsEnv(home, endpoint, keys) {
  return {
    PATH: process.env.PATH,
    HOME: home,
    AWS_CONFIG_FILE: path.join(home, 'none'),
    AWS_SHARED_CREDENTIALS_FILE: path.join(home, 'none'),
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_ENDPOINT_URL: endpoint,
    AWS_PAGER: '',
    ...keys,
  };
}
