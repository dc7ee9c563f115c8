#!/usr/bin/env node
// Extension activation: time to activate (module load + activate()) in a real extension host, against VS Code's
// built-in markdown extension activated in the same host as the baseline; and the size of what activation loads.
// Each run is a fresh code-server + workbench, so every figure is cold (the module cache is empty every time);
// activation happens once per window, so there is no warm case to measure.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT, codeServerInstalled, launchChromium, startCodeServer, workbenchUrl } from '../test/vscode/host.mjs';
import { median, skipBench, writeResults } from './lib.mjs';

const RUNS = Number(process.env.BENCH_RUNS || 5);

if (!codeServerInstalled()) skipBench('activation', 'code-server not installed (test/vscode/install-code-server.sh)');

async function oneRun() {
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'irp-bench-empty-'));
  const out = path.join(workspace, '..', `${path.basename(workspace)}.json`);
  const server = await startCodeServer({ env: { IRP_BENCH_OUT: out } });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    const done = new Promise(resolve => {
      page.exposeFunction('codeAutomationLog', () => {});
      page.exposeFunction('codeAutomationExit', code => resolve(code));
    });
    await page.goto(
      workbenchUrl(server.url, {
        folder: workspace,
        extensionDevelopmentPath: REPO_ROOT,
        extensionTestsPath: path.join(REPO_ROOT, 'bench/activation/suite.cjs'),
      }),
    );
    await Promise.race([
      done,
      new Promise((_, reject) => setTimeout(() => reject(new Error('no result within 120 s')), 120_000)),
    ]);
    return JSON.parse(fs.readFileSync(out, 'utf8'));
  } finally {
    await browser.close().catch(() => {});
    await server.stop();
    fs.rmSync(server.dir, { recursive: true, force: true });
    fs.rmSync(workspace, { recursive: true, force: true });
    fs.rmSync(out, { force: true });
  }
}

const runs = [];
for (let i = 0; i < RUNS; i++) runs.push(await oneRun());
const size = f => fs.statSync(path.join(REPO_ROOT, 'dist', f)).size;
const result = {
  runs: RUNS,
  activationMs: median(runs.map(r => r.oursMs)),
  baselineMarkdownActivationMs: median(runs.map(r => r.baselineMs)),
  bundleBytes: {
    extension: size('extension.js'),
    awsLoadedOnFirstQuery: size('aws.js'),
    localEngineLoadedOnFirstQuery: size('local-engine.js'),
  },
};
result.ratioToBaseline = result.activationMs / result.baselineMarkdownActivationMs;
const packageJson = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
result.activationEvents = packageJson.activationEvents;
writeResults('activation', result);
console.log(
  `activation: ${result.activationMs.toFixed(1)} ms (median of ${RUNS}); built-in markdown extension in the same host: ` +
    `${result.baselineMarkdownActivationMs.toFixed(1)} ms; ratio ${result.ratioToBaseline.toFixed(2)}`,
);
console.log(
  `bundle loaded at activation: ${(result.bundleBytes.extension / 1024).toFixed(0)} KiB (AWS SDK ${(result.bundleBytes.awsLoadedOnFirstQuery / 1024).toFixed(0)} KiB and local engine load on first query)`,
);
console.log(`activation events: ${result.activationEvents.join(', ')}`);
