#!/usr/bin/env node
// The packaging test: package this checkout with vsce for the machine's platform, check what the .vsix holds, install
// it into a fresh code-server with `--install-extension` (as a user would, no extensionDevelopmentPath), and see it
// activate in the workbench; then run a local SQL query through the installed copy's CLI so DuckDB's native binary
// is loaded from the installed extension. The checkout itself is never written: vsce runs in a copy of it.
// Usage: node test/package/run.mjs [--keep]   (--keep leaves the temp folder with the .vsix and logs)
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { checkRun, until } from '../vscode/checks.mjs';
import { CODE_SERVER_ENTRY, REPO_ROOT, launchChromium, startCodeServer, workbenchUrl } from '../vscode/host.mjs';
import { DUCKDB_BINDING_BY_TARGET, missingFiles, packagesIn, unresolvedRequires, unwantedFiles } from './contents.mjs';
import { listZip, readZipEntry } from './zip.mjs';
import { answerPrompt } from '../vscode/workbench.mjs';

const { log, check, fail, failed, finish } = checkRun('package');
const keep = process.argv.includes('--keep');

function assertNone(problems, what) {
  if (problems.length) throw new Error(`${what}:\n    - ${problems.join('\n    - ')}`);
}

/** The vsce target of this machine (Alpine and other musl Linuxes are vsce's `alpine-*`). */
function hostTarget() {
  const musl = process.platform === 'linux' && !process.report.getReport().header.glibcVersionRuntime;
  const target = `${musl ? 'alpine' : process.platform}-${process.arch}`;
  if (!DUCKDB_BINDING_BY_TARGET[target]) throw new Error(`DuckDB publishes no Node binding for ${target}`);
  return target;
}

const mb = bytes => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** The options of the `package` npm script, so this test packages the way `npm run package` does. */
function packageScriptFlags(manifest) {
  const script = manifest.scripts?.package ?? '';
  if (!/^vsce package(\s|$)/.test(script)) throw new Error(`the "package" script is not \`vsce package …\`: ${script}`);
  return script.split(/\s+/).slice(2).filter(Boolean);
}

/**
 * What would stop `npm run package` from running unattended, each with its fix, and the flags that let this run go
 * on regardless. vsce asks "continue? [y/N]" for a missing LICENSE or repository and stops on README links it cannot
 * rewrite without a repository.
 */
function packagingBlockers(manifest, scriptFlags) {
  const has = flag => scriptFlags.some(f => f === flag || f.startsWith(`${flag}=`));
  const blockers = [];
  const flags = [];
  const block = (problem, flag) => {
    blockers.push(problem);
    flags.push(flag);
  };
  const licensed = ['LICENSE', 'LICENSE.md', 'LICENSE.txt'].some(f => fs.existsSync(path.join(REPO_ROOT, f)));
  if (!licensed && !has('--skip-license'))
    block(`no LICENSE file (package.json says "${manifest.license}"): add one`, '--skip-license');
  if (!manifest.repository && !has('--allow-missing-repository')) {
    block(
      'package.json has no "repository" and the script no --allow-missing-repository',
      '--allow-missing-repository',
    );
  }
  const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
  const relative = [...readme.matchAll(/\]\(([^)\s]+)/g)].map(m => m[1]).filter(l => !/^([a-z]+:|#)/i.test(l));
  const rewritable = manifest.repository || has('--no-rewrite-relative-links') || has('--baseContentUrl');
  if (relative.length && !rewritable) {
    block(
      `README.md has relative links vsce cannot rewrite without a repository (${relative.slice(0, 3).join(', ')})`,
      '--no-rewrite-relative-links',
    );
  }
  return { blockers, flags: [...scriptFlags, ...flags] };
}

function run(command, args, options) {
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...options });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
  if (result.status !== 0) {
    throw new Error(
      `${path.basename(command)} ${args.join(' ')} exited ${result.status ?? result.signal}:\n${output.trim().split('\n').slice(-15).join('\n')}`,
    );
  }
  return { stdout: result.stdout ?? '', output };
}

/** A copy of the working tree (tracked and new files, not ignored ones) with node_modules linked, for vsce to build in. */
function stageCheckout(stage) {
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: REPO_ROOT,
  })
    .toString()
    .split('\0')
    .filter(Boolean);
  for (const file of files) {
    const from = path.join(REPO_ROOT, file);
    if (!fs.existsSync(from)) continue; // deleted in the working tree but not yet committed
    fs.mkdirSync(path.dirname(path.join(stage, file)), { recursive: true });
    fs.copyFileSync(from, path.join(stage, file));
    fs.chmodSync(path.join(stage, file), fs.statSync(from).mode);
  }
  fs.symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(stage, 'node_modules'), 'dir');
  return files.length;
}

/** Opens the workbench on a workspace with the shipped playbook and drives the installed extension's view. */
async function checkWorkbench(codeServerDir, extensionId) {
  const workspace = path.join(codeServerDir, '..', 'workspace');
  fs.mkdirSync(path.join(workspace, 'playbooks'), { recursive: true });
  fs.copyFileSync(
    path.join(REPO_ROOT, 'playbooks/unauthorized-network-changes.md'),
    path.join(workspace, 'playbooks/unauthorized-network-changes.md'),
  );
  const server = await startCodeServer({ keepDir: codeServerDir, log, env: { AWS_EC2_METADATA_DISABLED: 'true' } });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    page.setDefaultTimeout(60_000);
    await page.goto(workbenchUrl(server.url, { folder: workspace }));
    await page.locator('.monaco-workbench .part.statusbar').waitFor({ state: 'visible' });
    const opened = await check(
      'the installed extension\'s activity-bar tab "IR Playbook" opens its view with the welcome button',
      async () => {
        await page
          .getByRole('tab', { name: /IR Playbook/ })
          .first()
          .click();
        await page.getByRole('button', { name: 'Start incident from playbook' }).first().waitFor();
      },
    );
    await check('the installed extension activates (its data-source status-bar item appears)', async () => {
      // Only activate() creates this item; the view and its welcome text come from package.json alone.
      await page.locator(`.part.statusbar [id="${extensionId}.irPlaybook.dataSource"]`).waitFor({ state: 'visible' });
    });
    if (opened) {
      await check(
        '"Start incident from playbook" writes a report and fills the tree (bundled core works)',
        async () => {
          await page.getByRole('button', { name: 'Start incident from playbook' }).first().click();
          // Enter through the four questions: each is skipped.
          for (let n = 1; n <= 4; n++) await answerPrompt(page, `Start incident (${n}/4)`, '');
          await until('a report in incidents/', () => {
            const dir = path.join(workspace, 'incidents');
            return fs.existsSync(dir) && fs.readdirSync(dir).some(f => f.endsWith('.md'));
          });
          await page
            .getByRole('treeitem', { name: /^Preparation/ })
            .first()
            .waitFor();
        },
      );
    }
    await check('the extension host log records the activation and no error from the extension', async () => {
      const logsDir = path.join(codeServerDir, 'user-data', 'logs');
      const lines = fs
        .readdirSync(logsDir, { recursive: true })
        .filter(f => /(^|\/)remoteexthost\.log$|(^|\/)exthost\.log$/.test(f))
        .flatMap(f => fs.readFileSync(path.join(logsDir, f), 'utf8').split('\n'))
        .filter(l => l.includes(extensionId));
      if (!lines.some(l => l.includes('_doActivateExtension')))
        throw new Error(`no activation of ${extensionId} in ${logsDir}`);
      assertNone(
        lines.filter(l => /\[error\]/i.test(l)),
        'errors',
      );
    });
  } finally {
    await browser.close();
    await server.stop();
  }
}

async function main() {
  const target = hostTarget();
  const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
  const extensionId = `${manifest.publisher}.${manifest.name}`;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'irp-package-'));
  const vsix = path.join(tmp, `${manifest.name}-${target}.vsix`);
  log(`target ${target}, work folder ${tmp}`);

  const scriptFlags = packageScriptFlags(manifest);
  const { blockers, flags } = packagingBlockers(manifest, scriptFlags);
  await check(`\`npm run package\` (vsce package ${scriptFlags.join(' ')}) runs without prompts`, () =>
    assertNone(
      blockers,
      `vsce would prompt or stop; this run adds ${flags.slice(scriptFlags.length).join(' ')} to go on`,
    ),
  );

  await check('`vsce ls` on this checkout lists nothing a checkout should keep out of the package', () => {
    const listed = run('npx', ['vsce', 'ls'], { cwd: REPO_ROOT })
      .stdout.split('\n')
      .map(l => l.trim())
      .filter(l => l && !/^(WARNING|INFO|ERROR)\b/.test(l));
    assertNone(unwantedFiles(listed, target), 'it would ship');
  });

  const stage = path.join(tmp, 'stage');
  const copied = stageCheckout(stage);
  log(`staged ${copied} files of the working tree`);
  const packaged = await check(
    `\`vsce package --target ${target}\` builds the .vsix (prepublish runs the production build)`,
    () => {
      fs.writeFileSync(
        path.join(tmp, 'vsce.log'),
        run('npx', ['vsce', 'package', '--target', target, '--out', vsix, ...flags], { cwd: stage }).output,
      );
      if (!fs.existsSync(vsix)) throw new Error(`vsce exited 0 but wrote no ${vsix}`);
    },
  );
  if (!packaged) return tmp;

  const entries = listZip(vsix);
  const paths = entries.filter(e => e.name.startsWith('extension/')).map(e => e.name.slice('extension/'.length));
  const unpacked = entries.reduce((sum, e) => sum + e.size, 0);
  const largest = [...entries]
    .sort((a, b) => b.size - a.size)
    .slice(0, 3)
    .map(e => `${e.name.slice(10)} ${mb(e.size)}`);
  log(
    `.vsix ${mb(fs.statSync(vsix).size)} (${entries.length} entries, ${mb(unpacked)} unpacked; largest: ${largest.join(', ')})`,
  );

  await check(
    `the .vsix holds the bundles, manifest files, playbooks, tabletops, walkthrough and DuckDB for ${target}`,
    () => assertNone(missingFiles(paths, manifest, target), 'problems'),
  );
  await check(
    'the .vsix holds nothing else (no sources, tests, maps, out*/, dev tools, AWS SDK, other platforms)',
    () => assertNone(unwantedFiles(paths, target), 'it ships'),
  );
  await check(`the .vsix manifest declares TargetPlatform ${target}`, () => {
    const xml = readZipEntry(vsix, 'extension.vsixmanifest').toString('utf8');
    const declared = /TargetPlatform="([^"]*)"/.exec(xml)?.[1];
    if (declared !== target) throw new Error(`TargetPlatform is ${declared ?? 'absent'}`);
  });
  await check('every module the bundles require is built into Node, is vscode, or is shipped in node_modules', () => {
    const shipped = packagesIn(paths);
    const problems = paths
      .filter(p => /^dist\/[^/]+\.js$/.test(p))
      .flatMap(bundle =>
        unresolvedRequires(readZipEntry(vsix, `extension/${bundle}`).toString('utf8'), shipped).map(
          m => `${bundle} requires ${m}`,
        ),
      );
    assertNone(problems, 'not shipped');
  });

  const codeServerDir = path.join(tmp, 'code-server');
  const extensionsDir = path.join(codeServerDir, 'extensions');
  let installed;
  await check('code-server --install-extension installs the .vsix into a fresh extensions folder', () => {
    fs.mkdirSync(extensionsDir, { recursive: true });
    const { output } = run(
      process.execPath,
      [
        CODE_SERVER_ENTRY,
        '--install-extension',
        vsix,
        '--extensions-dir',
        extensionsDir,
        '--user-data-dir',
        path.join(codeServerDir, 'user-data'),
      ],
      {
        env: {
          ...process.env,
          XDG_CONFIG_HOME: path.join(tmp, 'xdg-config'),
          XDG_DATA_HOME: path.join(tmp, 'xdg-data'),
          EXTENSIONS_GALLERY: '{}',
        },
      },
    );
    if (!/successfully installed/i.test(output)) throw new Error(`unexpected output: ${output.trim()}`);
    const folder = fs.readdirSync(extensionsDir).find(f => f.startsWith(`${extensionId}-${manifest.version}`));
    if (!folder) throw new Error(`no ${extensionId}-${manifest.version}* folder in ${extensionsDir}`);
    installed = path.join(extensionsDir, folder);
  });
  if (!installed) return tmp;

  await check('the installed extension resolves DuckDB and its native binding inside its own folder', () => {
    const api = createRequire(path.join(installed, 'dist', 'local-engine-worker.js')).resolve('@duckdb/node-api');
    const binding = createRequire(path.join(installed, 'node_modules/@duckdb/node-bindings/duckdb.js')).resolve(
      `@duckdb/${DUCKDB_BINDING_BY_TARGET[target]}/duckdb.node`,
    );
    for (const found of [api, binding]) {
      if (!found.startsWith(installed + path.sep)) throw new Error(`${found} is outside ${installed}`);
    }
  });
  await check('the installed CLI generates tabletop logs and queries them with the packaged DuckDB', () => {
    const cli = path.join(installed, 'dist', 'cli.js');
    const scenario = fs.readdirSync(path.join(installed, 'tabletops'))[0];
    const data = path.join(tmp, 'tabletop-data');
    const env = { ...process.env, NODE_PATH: '' };
    run(process.execPath, [cli, 'tabletop', 'generate', path.join(installed, 'tabletops', scenario), '--out', data], {
      cwd: tmp,
      env,
    });
    const out = run(process.execPath, [cli, 'sql', '--data', data, '--json', 'SELECT count(*) AS n FROM cloudtrail'], {
      cwd: tmp,
      env,
    }).stdout;
    const count = Number(JSON.parse(out).rows?.[0]?.n);
    if (!(count > 0)) throw new Error(`expected CloudTrail events, got ${out.slice(0, 300)}`);
    log(`    ${count} CloudTrail events from ${scenario} counted by the installed extension's DuckDB`);
    // More than a page of rows to a pipe: formatted by the CLI's second thread (dist/rowsFormatWorker.js).
    const many = run(process.execPath, [cli, 'sql', '--data', data, '--json', 'SELECT range AS n FROM range(3000)'], {
      cwd: tmp,
      env,
    }).stdout;
    const rows = JSON.parse(many).rows;
    if (rows.length !== 3000 || rows[2999].n !== 2999) throw new Error(`3,000 rows expected, got ${many.slice(-300)}`);
  });

  await checkWorkbench(codeServerDir, extensionId);
  return tmp;
}

let tmp;
try {
  tmp = await main();
} catch (e) {
  fail('the package test could not run', e);
}
if (tmp && (keep || failed())) log(`kept ${tmp} (the .vsix, vsce.log, code-server logs)`);
else if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
finish();
