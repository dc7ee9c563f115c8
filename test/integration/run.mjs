#!/usr/bin/env node
// Runs the integration suite (out/test/integration/suite/index.js) inside a real VS Code extension host.
// Offline (here and in CI): code-server's Node extension host, driven by headless Chromium.
// With VSCODE_TEST_RUNNER=electron (a machine that can download VS Code): @vscode/test-electron, same version.
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT, codeServerInstalled, freshTestWorkspace, launchChromium, startCodeServer, workbenchUrl } from '../vscode/host.mjs';

const VSCODE_VERSION = '1.100.3';
const suite = path.join(REPO_ROOT, 'out/test/integration/suite/index.js');
const started = Date.now();
const log = m => console.log(`[integration +${((Date.now() - started) / 1000).toFixed(1)}s] ${m}`);


async function runInElectron(workspace, resultsFile) {
  const { runTests } = await import('@vscode/test-electron');
  await runTests({
    version: VSCODE_VERSION,
    extensionDevelopmentPath: REPO_ROOT,
    extensionTestsPath: suite,
    launchArgs: [workspace, '--disable-extensions'],
    extensionTestsEnv: { IRP_TEST_RESULTS: resultsFile },
  });
  return 0;
}

async function runInCodeServer(workspace, resultsFile) {
  const server = await startCodeServer({ env: { IRP_TEST_RESULTS: resultsFile, AWS_EC2_METADATA_DISABLED: 'true' }, log });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const verdict = new Promise(resolve => {
      // The workbench reports the extension host's output and the suite's exit code through these two hooks.
      page.exposeFunction('codeAutomationLog', (type, args) => {
        const line = Array.isArray(args) ? args.map(a => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ') : String(args);
        if (/^(\[perf\]|Resolving connection token|Resolved connection token|Creating a socket|\[Service Worker\]|Started local extension host|Ignoring fetching additional builtin|Updating additional builtin|ChatSessionStore)/.test(line)) return;
        console.log(type === 'info' ? line : `[${type}] ${line}`);
      });
      page.exposeFunction('codeAutomationExit', code => resolve(code));
    });
    page.on('pageerror', e => log(`page error: ${e.message}`));
    await page.goto(workbenchUrl(server.url, { folder: workspace, extensionDevelopmentPath: REPO_ROOT, extensionTestsPath: suite }));
    const timeoutMinutes = Number(process.env.IRP_INTEGRATION_TIMEOUT_MIN || 15);
    const code = await Promise.race([verdict, new Promise(r => setTimeout(() => r('timeout'), timeoutMinutes * 60_000))]);
    await page.screenshot({ path: path.join(REPO_ROOT, '.vscode-test/integration-end.png') }).catch(() => {});
    if (code === 'timeout') throw new Error(`the suite did not finish within ${timeoutMinutes} minutes; see ${server.logFile}`);
    return code;
  } finally {
    await browser.close().catch(() => {});
    await server.stop();
  }
}

const runner = process.env.VSCODE_TEST_RUNNER || (codeServerInstalled() ? 'code-server' : 'electron');
fs.mkdirSync(path.join(REPO_ROOT, '.vscode-test'), { recursive: true });
const resultsFile = path.join(REPO_ROOT, '.vscode-test/integration-results.json');
fs.rmSync(resultsFile, { force: true });
// Each run gets a fresh copy of the test workspace, so reports written by the tests never touch the repo.
const workspace = freshTestWorkspace();
log(`runner ${runner}, workspace ${workspace}`);
let exitCode = 1;
try {
  const code = runner === 'electron' ? await runInElectron(workspace, resultsFile) : await runInCodeServer(workspace, resultsFile);
  // The workbench reports 0 even when the extension host died mid-run: only the suite's own results file counts.
  if (!fs.existsSync(resultsFile)) throw new Error('the suite wrote no results file (did the extension host crash?)');
  const results = JSON.parse(fs.readFileSync(resultsFile, 'utf8'));
  exitCode = code === 0 && results.failures === 0 && results.passes > 0 ? 0 : 1;
  console.log(`${results.passes} passed, ${results.failures} failed`);
} catch (e) {
  log(`error: ${e instanceof Error ? e.stack : e}`);
} finally {
  fs.rmSync(workspace, { recursive: true, force: true });
}
process.exit(exitCode);
