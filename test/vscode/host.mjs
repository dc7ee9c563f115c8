// Starts an isolated code-server (real VS Code server + workbench) and a headless Chromium that opens it.
// Used by the integration suite, the UI test and `npm start`. Everything a run writes stays in one temp folder.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CODE_SERVER_VERSION = '4.100.3';
export const CODE_SERVER_ENTRY =
  process.env.CODE_SERVER_ENTRY ||
  path.join(REPO_ROOT, `.vscode-test/code-server-${CODE_SERVER_VERSION}/node_modules/code-server/out/node/entry.js`);
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

// Settings that keep a test workbench quiet and offline.
const QUIET_SETTINGS = {
  'workbench.startupEditor': 'none',
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'workbench.enableExperiments': false,
  'workbench.tips.enabled': false,
  'git.enabled': false,
  'chat.disableAIFeatures': true,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
};

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

export function codeServerInstalled() {
  return fs.existsSync(CODE_SERVER_ENTRY);
}

/**
 * Starts code-server bound to loopback with auth off. `env` reaches the extension host (like extensionTestsEnv);
 * `args` are further command-line options (`--locale zh-cn`).
 * Resolves once /healthz answers; `stop()` kills the whole process group.
 */
export async function startCodeServer({
  env = {},
  settings = {},
  log = () => {},
  port,
  host = '127.0.0.1',
  keepDir,
  args = [],
} = {}) {
  if (!codeServerInstalled()) {
    throw new Error(`code-server is not installed at ${CODE_SERVER_ENTRY}; run test/vscode/install-code-server.sh`);
  }
  const dir = keepDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'irp-code-server-'));
  const userData = path.join(dir, 'user-data');
  fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'extensions'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'tmp'), { recursive: true });
  fs.writeFileSync(
    path.join(userData, 'User', 'settings.json'),
    JSON.stringify({ ...QUIET_SETTINGS, ...settings }, null, 2),
  );
  const config = path.join(dir, 'config.yaml');
  fs.writeFileSync(config, 'auth: none\ncert: false\n');
  port ??= await freePort();
  const logFile = path.join(dir, 'code-server.log');
  const out = fs.openSync(logFile, 'a');
  const proc = spawn(
    process.execPath,
    [
      CODE_SERVER_ENTRY,
      '--bind-addr',
      `${host}:${port}`,
      '--auth',
      'none',
      '--config',
      config,
      '--user-data-dir',
      userData,
      '--extensions-dir',
      path.join(dir, 'extensions'),
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      '--ignore-last-opened',
      ...args,
    ],
    {
      env: {
        ...process.env,
        // Keep VS Code's own files (device id, sockets, caches) inside the run folder, not in $HOME.
        XDG_CONFIG_HOME: path.join(dir, 'xdg-config'),
        XDG_DATA_HOME: path.join(dir, 'xdg-data'),
        XDG_CACHE_HOME: path.join(dir, 'xdg-cache'),
        TMPDIR: path.join(dir, 'tmp'),
        EXTENSIONS_GALLERY: '{}', // no marketplace: the machine is offline
        ...env,
      },
      stdio: ['ignore', out, out],
      detached: true,
    },
  );
  const url = `http://${host}:${port}`;
  const started = Date.now();
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`code-server exited with ${proc.exitCode}; see ${logFile}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() - started > 90_000) throw new Error(`code-server did not answer within 90 s; see ${logFile}`);
    await new Promise(r => setTimeout(r, 100));
  }
  log(`code-server ${url} ready (pid ${proc.pid}, folder ${dir})`);
  const stop = async () => {
    if (proc.exitCode !== null) return;
    try {
      process.kill(-proc.pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
    for (let i = 0; i < 50 && proc.exitCode === null; i++) await new Promise(r => setTimeout(r, 100));
    if (proc.exitCode === null) {
      try {
        process.kill(-proc.pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }
  };
  return { url, port, proc, dir, logFile, stop };
}

export async function launchChromium() {
  const { chromium } = await import('playwright-core');
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'irp-chromium-'));
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // Playwright hides scrollbars in headless mode; real ones take room (a grid's last row can hide under one).
    ignoreDefaultArgs: ['--hide-scrollbars'],
    env: { ...process.env, XDG_CONFIG_HOME: path.join(profile, 'config'), XDG_CACHE_HOME: path.join(profile, 'cache') },
    // Background networking would try to reach Google's hosts, which this network refuses.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
  browser.on('disconnected', () => fs.rmSync(profile, { recursive: true, force: true }));
  return browser;
}

/** The workbench URL that opens `folder` with our extension loaded from source (and, optionally, a test suite). */
export function workbenchUrl(base, { folder, extensionDevelopmentPath, extensionTestsPath }) {
  const authority = new URL(base).host;
  const remote = p => `vscode-remote://${authority}${p}`;
  // Bare paths or file:// URIs in the payload are ignored by the web workbench: they must be vscode-remote URIs.
  const payload = [
    ['skipWelcome', 'true'],
    ['skipReleaseNotes', 'true'],
  ];
  if (extensionDevelopmentPath) payload.unshift(['extensionDevelopmentPath', remote(extensionDevelopmentPath)]);
  if (extensionTestsPath) payload.push(['extensionTestsPath', remote(extensionTestsPath)]);
  const query = new URLSearchParams();
  if (folder) query.set('folder', folder);
  query.set('payload', JSON.stringify(payload));
  return `${base}/?${query}`;
}

/**
 * A fresh temporary workspace for a test run: `test/workspace` plus the shipped playbooks and tabletop scenarios,
 * copied from where the extension ships them so the tests never run on a stale copy. Reports land in the copy.
 */
export function freshTestWorkspace(prefix = 'irp-workspace-') {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  fs.cpSync(path.join(REPO_ROOT, 'test/workspace'), dir, { recursive: true });
  fs.mkdirSync(path.join(dir, 'playbooks'), { recursive: true });
  for (const file of fs
    .readdirSync(path.join(REPO_ROOT, 'playbooks'))
    .filter(f => f.endsWith('.md') && f !== 'FORMAT.md')) {
    fs.copyFileSync(path.join(REPO_ROOT, 'playbooks', file), path.join(dir, 'playbooks', file));
  }
  fs.cpSync(path.join(REPO_ROOT, 'tabletops'), path.join(dir, 'tabletops'), { recursive: true });
  return dir;
}
