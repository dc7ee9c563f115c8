#!/usr/bin/env node
// Runs the integration suite (out/test/integration/suite/index.js) inside a real VS Code extension host.
// Offline (here and in CI): code-server's Node extension host, driven by headless Chromium.
// With VSCODE_TEST_RUNNER=electron (a machine that can download VS Code): @vscode/test-electron, same version.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  REPO_ROOT,
  codeServerInstalled,
  freshTestWorkspace,
  launchChromium,
  startCodeServer,
  workbenchUrl,
} from '../vscode/host.mjs';

const VSCODE_VERSION = '1.100.3';
const suite = path.join(REPO_ROOT, 'out/test/integration/suite/index.js');
const started = Date.now();
const log = m => console.log(`[integration +${((Date.now() - started) / 1000).toFixed(1)}s] ${m}`);

/**
 * VS Code keeps the display language English unless a language pack for it is installed (code-server's `--locale`
 * alone gives `vscode.env.language === 'en'`). No pack can be downloaded here, so the Chinese pass registers an empty
 * one in the user-data folder, where VS Code looks for packs: VS Code's own texts stay English (the pack translates
 * nothing), and the display language becomes zh-cn, which is all the extension's own translations depend on.
 */
function registerEmptyLanguagePack(serverDir, language) {
  const userData = path.join(serverDir, 'user-data');
  fs.mkdirSync(userData, { recursive: true });
  const translations = path.join(serverDir, `empty-language-pack-${language}.json`);
  fs.writeFileSync(translations, JSON.stringify({ contents: {} }));
  fs.writeFileSync(
    path.join(userData, 'languagepacks.json'),
    JSON.stringify({
      [language]: {
        hash: `irp-empty-${language}`,
        label: language,
        translations: { vscode: translations },
        extensions: [{ extensionIdentifier: { id: `irp-test.empty-language-pack-${language}` }, version: '0.0.0' }],
      },
    }),
  );
}

/**
 * A workspace that keeps its reports in another folder than `incidents/` (the `irPlaybook.reportsFolder` setting) and
 * its playbook outside `playbooks/`: none of the `workspaceContains` activation events matches it.
 */
function reportsElsewhereWorkspace() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'irp-reports-elsewhere-'));
  fs.mkdirSync(path.join(dir, '.vscode'));
  fs.writeFileSync(
    path.join(dir, '.vscode/settings.json'),
    JSON.stringify({ 'irPlaybook.reportsFolder': 'casework/reports' }),
  );
  fs.mkdirSync(path.join(dir, 'casework/reports'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'runbooks'));
  fs.copyFileSync(
    path.join(REPO_ROOT, 'playbooks/unauthorized-network-changes.md'),
    path.join(dir, 'runbooks/unauthorized-network-changes.md'),
  );
  return dir;
}

/**
 * The whole suite in English; then, in a host whose display language is Chinese, locale.test, and activation.test
 * on a workspace whose reports are elsewhere (it shares that pass, since a pass costs a code-server start).
 */
const PASSES = [
  { name: 'en', args: [], env: { IRP_TEST_FILTER: process.env.IRP_TEST_FILTER ?? '^(?!activation\\.test)' } },
  {
    name: 'zh-cn, reports folder elsewhere',
    args: ['--locale', 'zh-cn'],
    env: { IRP_TEST_FILTER: '^(activation|locale)\\.test', IRP_EXPECT_LANGUAGE: 'zh-cn' },
    prepare: dir => registerEmptyLanguagePack(dir, 'zh-cn'),
    workspace: reportsElsewhereWorkspace,
  },
];

async function runInElectron(workspace, resultsFile, pass) {
  const { runTests } = await import('@vscode/test-electron');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'irp-electron-'));
  pass.prepare?.(dir);
  // Unverified here (no Electron VS Code offline): the pack is registered in a user-data folder of the pass's own.
  const userData = pass.prepare ? [`--user-data-dir=${path.join(dir, 'user-data')}`] : [];
  await runTests({
    version: VSCODE_VERSION,
    extensionDevelopmentPath: REPO_ROOT,
    extensionTestsPath: suite,
    launchArgs: [workspace, '--disable-extensions', ...userData, ...pass.args],
    extensionTestsEnv: { IRP_TEST_RESULTS: resultsFile, ...pass.env },
  }).finally(() => fs.rmSync(dir, { recursive: true, force: true }));
  return 0;
}

async function runInCodeServer(workspace, resultsFile, pass) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'irp-code-server-'));
  pass.prepare?.(dir);
  const server = await startCodeServer({
    env: { IRP_TEST_RESULTS: resultsFile, AWS_EC2_METADATA_DISABLED: 'true', ...pass.env },
    args: pass.args,
    log,
    keepDir: dir,
  });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const verdict = new Promise(resolve => {
      // The workbench reports the extension host's output and the suite's exit code through these two hooks.
      page.exposeFunction('codeAutomationLog', (type, args) => {
        const line = Array.isArray(args)
          ? args.map(a => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ')
          : String(args);
        if (
          /^(\[perf\]|Resolving connection token|Resolved connection token|Creating a socket|\[Service Worker\]|Started local extension host|Ignoring fetching additional builtin|Updating additional builtin|ChatSessionStore)/.test(
            line,
          )
        )
          return;
        console.log(type === 'info' ? line : `[${type}] ${line}`);
      });
      page.exposeFunction('codeAutomationExit', code => resolve(code));
    });
    page.on('pageerror', e => log(`page error: ${e.message}`));
    await page.goto(
      workbenchUrl(server.url, { folder: workspace, extensionDevelopmentPath: REPO_ROOT, extensionTestsPath: suite }),
    );
    const timeoutMinutes = Number(process.env.IRP_INTEGRATION_TIMEOUT_MIN || 15);
    const code = await Promise.race([
      verdict,
      new Promise(r => setTimeout(() => r('timeout'), timeoutMinutes * 60_000)),
    ]);
    await page.screenshot({ path: path.join(REPO_ROOT, '.vscode-test/integration-end.png') }).catch(() => {});
    if (code === 'timeout')
      throw new Error(`the suite did not finish within ${timeoutMinutes} minutes; see ${server.logFile}`);
    return code;
  } finally {
    await browser.close().catch(() => {});
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const runner = process.env.VSCODE_TEST_RUNNER || (codeServerInstalled() ? 'code-server' : 'electron');
fs.mkdirSync(path.join(REPO_ROOT, '.vscode-test'), { recursive: true });
const resultsFile = path.join(REPO_ROOT, '.vscode-test/integration-results.json');
// Each run gets a fresh copy of the test workspace, so reports written by the tests never touch the repo.
const workspace = freshTestWorkspace();
log(`runner ${runner}, workspace ${workspace}`);
let exitCode = 0;
try {
  for (const pass of PASSES) {
    fs.rmSync(resultsFile, { force: true });
    log(`pass ${pass.name}`);
    const folder = pass.workspace?.() ?? workspace;
    const code = await (
      runner === 'electron' ? runInElectron(folder, resultsFile, pass) : runInCodeServer(folder, resultsFile, pass)
    ).finally(() => folder !== workspace && fs.rmSync(folder, { recursive: true, force: true }));
    // The workbench reports 0 even when the extension host died mid-run: only the suite's own results file counts.
    if (!fs.existsSync(resultsFile)) throw new Error('the suite wrote no results file (did the extension host crash?)');
    const results = JSON.parse(fs.readFileSync(resultsFile, 'utf8'));
    if (!(code === 0 && results.failures === 0 && results.passes > 0)) exitCode = 1;
    console.log(`${pass.name}: ${results.passes} passed, ${results.failures} failed`);
  }
} catch (e) {
  exitCode = 1;
  log(`error: ${e instanceof Error ? e.stack : e}`);
} finally {
  fs.rmSync(workspace, { recursive: true, force: true });
}
process.exit(exitCode);
