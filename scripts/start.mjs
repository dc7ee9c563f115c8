#!/usr/bin/env node
// `npm start`: builds the extension, lays out a sample workspace holding the bundled tabletop scenario with its
// generated data (local engine selected), and opens VS Code on it: desktop VS Code when `code` is on PATH,
// otherwise code-server on 127.0.0.1 (installed into .vscode-test/ on first use), printing the URL to open.
// `--check` starts, waits until the workbench shows the extension's view, and stops (used by the test suite).
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const check = process.argv.includes('--check');
const workspace = path.resolve(process.env.IRP_SAMPLE_WORKSPACE || path.join(root, 'sample-workspace'));
const say = m => console.log(`[irp start] ${m}`);
const portFile = path.join(root, '.vscode-test/start-port');

/** The port of the last start when it is free again, so a bookmarked URL keeps working; else a new one, remembered. */
async function lastPort(freePort) {
  const last = Number(fs.existsSync(portFile) ? fs.readFileSync(portFile, 'utf8') : 0);
  const free =
    last > 0 &&
    (await new Promise(resolve => {
      const probe = net.createServer().once('error', () => resolve(false));
      probe.listen(last, '127.0.0.1', () => probe.close(() => resolve(true)));
    }));
  const port = free ? last : await freePort();
  fs.mkdirSync(path.dirname(portFile), { recursive: true });
  fs.writeFileSync(portFile, String(port));
  return port;
}

execFileSync(process.execPath, [path.join(root, 'scripts/build.mjs')], { cwd: root, stdio: 'inherit' });

// The sample workspace is prepared by core code; bundle that one module for Node on the fly.
const preparer = path.join(root, '.vscode-test/prepare-sample-workspace.cjs');
await esbuild.build({
  entryPoints: [path.join(root, 'src/core/tabletop/sampleWorkspace.ts')],
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  outfile: preparer,
  logLevel: 'warning',
  external: ['@duckdb/node-api'],
});
const { prepareSampleWorkspace } = await import(preparer);
await prepareSampleWorkspace(workspace, { repoRoot: root });
say(`sample workspace ready: ${workspace}`);

const hasCode = !check && spawnSync('code', ['--version'], { stdio: 'ignore' }).status === 0;
if (hasCode) {
  say('opening desktop VS Code with the extension loaded from source');
  spawn('code', [`--extensionDevelopmentPath=${root}`, workspace], { stdio: 'inherit' }).on('exit', c =>
    process.exit(c ?? 0),
  );
} else {
  const install = path.join(root, 'test/vscode/install-code-server.sh');
  execFileSync('sh', [install], { stdio: 'inherit' });
  const { startCodeServer, workbenchUrl, launchChromium, freePort } = await import('../test/vscode/host.mjs');
  const port = Number(process.env.IRP_PORT || 0) || (check ? undefined : await lastPort(freePort));
  const server = await startCodeServer({ port, log: say, settings: { 'workbench.startupEditor': 'none' } });
  const url = workbenchUrl(server.url, { folder: workspace, extensionDevelopmentPath: root });
  const stop = async code => {
    await server.stop();
    fs.rmSync(server.dir, { recursive: true, force: true });
    process.exit(code);
  };
  process.on('SIGINT', () => stop(0));
  process.on('SIGTERM', () => stop(0));
  if (check) {
    let ok = false;
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      page.setDefaultTimeout(90_000);
      await page.goto(url);
      await page.locator('.monaco-workbench .part.statusbar').waitFor({ state: 'visible' });
      await page
        .getByRole('tab', { name: /IR Playbook/ })
        .first()
        .waitFor();
      const shot = path.join(root, '.vscode-test/start-check.png');
      await page.screenshot({ path: shot });
      say(`workbench ready with the IR Playbook view; screenshot ${shot}`);
      ok = true;
    } catch (e) {
      say(`workbench did not become ready: ${e instanceof Error ? e.message : e}`);
    } finally {
      await browser.close().catch(() => {});
    }
    await stop(ok ? 0 : 1);
  } else {
    say(`open this URL in a browser (Ctrl-C stops the server):\n\n  ${url}\n`);
  }
}
