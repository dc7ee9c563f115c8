#!/usr/bin/env node
// The UI test: a real VS Code workbench (code-server) with the extension loaded from source, driven by headless
// Chromium as a person would: click the activity-bar icon, start an incident, open a step in the tree, type an answer
// in the step's webview, and find it in the report file on disk; restart code-server and find the incident open
// again; then play the bundled tabletop (tabletop.mjs). Then `npm start --check` must reach a ready workbench on the
// sample workspace. Screenshots go to .vscode-test/.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { checkRun, until } from '../vscode/checks.mjs';
import { REPO_ROOT, freshTestWorkspace, launchChromium, startCodeServer, workbenchUrl } from '../vscode/host.mjs';
import { tabletopWalk } from './tabletop.mjs';
import { answerPrompt, pane, runCommand, setPaneExpanded } from '../vscode/workbench.mjs';

const { log, check: checkNamed, fail, finish } = checkRun('e2e');
const shots = path.join(REPO_ROOT, '.vscode-test');
fs.mkdirSync(shots, { recursive: true });

function findReport(workspace) {
  const dir = path.join(workspace, 'incidents');
  const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter(f => f.endsWith('.md')) : [];
  return files.length === 1 ? path.join(dir, files[0]) : undefined;
}

const PHASES = [
  'Preparation',
  'Detection and Analysis',
  'Containment and Eradication',
  'Recovery',
  'Post-Incident Activity',
];

/** Every phase of the open incident in the tree (the Timeline view folded, so that the tree has the height). */
async function phasesShown(page) {
  await setPaneExpanded(page, 'Timeline', false);
  for (const phase of PHASES) {
    await pane(page, 'Incident')
      .getByRole('treeitem', { name: new RegExp(`^${phase}`) })
      .first()
      .waitFor();
  }
}

async function walkthrough() {
  const workspace = freshTestWorkspace('irp-e2e-');
  // One playbook, so "Start incident from playbook" opens it without asking which edition.
  fs.rmSync(path.join(workspace, 'playbooks/unauthorized-network-changes.zh-cn.md'));
  const env = { AWS_EC2_METADATA_DISABLED: 'true' };
  let server = await startCodeServer({ log, env });
  const browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  page.setDefaultTimeout(60_000);
  page.on('pageerror', e => log(`page error: ${e.message}`));
  const answer = 'Pager bridge <script>alert(1)</script> | `chat` --> 値班';
  const shot = async name => {
    await page.screenshot({ path: path.join(shots, name) });
    log(`screenshot ${path.join(shots, name)}`);
  };
  // A failed check leaves the screen as it was when it failed.
  let failures = 0;
  const check = (name, fn) =>
    checkNamed(name, fn).then(async ok => {
      if (!ok) await shot(`e2e-failure-${++failures}.png`).catch(() => {});
      return ok;
    });
  try {
    await page.goto(workbenchUrl(server.url, { folder: workspace, extensionDevelopmentPath: REPO_ROOT }));
    await page.locator('.monaco-workbench .part.statusbar').waitFor({ state: 'visible' });
    const ok = await check('activity-bar icon opens the IR Playbook view with its welcome content', async () => {
      await page
        .getByRole('tab', { name: /IR Playbook/ })
        .first()
        .click();
      await page.getByRole('button', { name: 'Start incident from playbook' }).first().waitFor();
    });
    if (!ok) throw new Error('the view did not open');
    await check(
      'starting an incident asks its facts in the quick input, writes a report and fills the tree',
      async () => {
        await page.getByRole('button', { name: 'Start incident from playbook' }).first().click();
        // The four questions, answered in VS Code's own quick input as a person would (Enter skips one).
        await answerPrompt(page, 'Start incident (1/4)', 'SSH open to the world');
        await answerPrompt(page, 'Start incident (2/4)', 'High');
        await answerPrompt(page, 'Start incident (3/4)', '');
        await answerPrompt(page, 'Start incident (4/4)', 'Dana');
        const report = await until('the report file', () => findReport(workspace));
        const text = fs.readFileSync(report, 'utf8');
        for (const fact of ['SSH open to the world', '**Severity:** high', '**Lead:** Dana'])
          if (!text.includes(fact)) throw new Error(`the report does not hold "${fact}"`);
        await phasesShown(page);
      },
    );
    const question = 'Who is notified when an alert fires?';
    await check('clicking a step in the tree opens its webview', async () => {
      const step = page.getByRole('treeitem', { name: new RegExp('Define, document and rehearse escalation') }).first();
      await step.waitFor();
      await step.click();
      const frame = page.frameLocator('iframe.webview.ready').last().frameLocator('iframe#active-frame');
      await frame.getByLabel(question).waitFor();
    });
    await check('an answer typed in the webview reaches the report file, as text', async () => {
      const frame = page.frameLocator('iframe.webview.ready').last().frameLocator('iframe#active-frame');
      const field = frame.getByLabel(question);
      await field.click();
      await field.pressSequentially(answer, { delay: 5 });
      const report = findReport(workspace);
      const text = await until('the answer in the report', () => {
        const t = fs.readFileSync(report, 'utf8');
        return t.includes('値班') ? t : undefined;
      });
      if (text.includes('<script>')) throw new Error('the answer was written to the report as raw HTML');
      // The webview shows the answer as typed: attacker-shaped text is text, not markup.
      if ((await field.inputValue()) !== answer) throw new Error('the field does not hold the typed answer');
    });
    await page.waitForTimeout(500);
    await shot('e2e-step.png');
    await check(
      'after code-server restarts on the same workspace, the last open incident opens again by itself',
      async () => {
        // No editor left open: the report must come back from what the extension remembered, not from a restored tab.
        await runCommand(page, 'View: Close All Editors');
        await page.locator('.tabs-container .tab').first().waitFor({ state: 'detached' });
        await server.stop();
        // Same port and browser: the workbench keeps its state in the page's origin, as for a person's bookmark.
        server = await startCodeServer({ log, env, port: server.port, keepDir: server.dir });
        await page.goto(workbenchUrl(server.url, { folder: workspace, extensionDevelopmentPath: REPO_ROOT }));
        await page.locator('.monaco-workbench .part.statusbar').waitFor({ state: 'visible' });
        await phasesShown(page);
        if (await page.getByText('No incident is open').first().isVisible())
          throw new Error('the view says "No incident is open"');
        await shot('e2e-restored.png');
      },
    );
    await tabletopWalk({ page, workspace, check, log, shot });
  } catch (e) {
    fail('walkthrough', e);
    await page.screenshot({ path: path.join(shots, 'e2e-failure.png') }).catch(() => {});
  } finally {
    await browser.close().catch(() => {});
    await server.stop();
    fs.rmSync(server.dir, { recursive: true, force: true });
    fs.rmSync(workspace, { recursive: true, force: true });
  }
}

async function startReachesWorkbench() {
  await checkNamed('npm start reaches a ready workbench on the sample workspace, then stops', async () => {
    const sample = fs.mkdtempSync(path.join(os.tmpdir(), 'irp-sample-'));
    try {
      execFileSync(process.execPath, [path.join(REPO_ROOT, 'scripts/start.mjs'), '--check'], {
        cwd: REPO_ROOT,
        stdio: 'inherit',
        env: { ...process.env, IRP_SAMPLE_WORKSPACE: sample },
      });
    } finally {
      fs.rmSync(sample, { recursive: true, force: true });
    }
  });
}

await walkthrough();
await startReachesWorkbench();
finish();
