#!/usr/bin/env node
// The UI test: a real VS Code workbench (code-server) with the extension loaded from source, driven by headless
// Chromium as a person would: click the activity-bar icon, start an incident, open a step in the tree, type an answer
// in the step's webview, and find it in the report file on disk. Then `npm start --check` must reach a ready
// workbench on the sample workspace. Screenshots go to .vscode-test/.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { checkRun, until } from '../vscode/checks.mjs';
import { REPO_ROOT, freshTestWorkspace, launchChromium, startCodeServer, workbenchUrl } from '../vscode/host.mjs';

const { log, check, fail, finish } = checkRun('e2e');
const shots = path.join(REPO_ROOT, '.vscode-test');
fs.mkdirSync(shots, { recursive: true });

function findReport(workspace) {
  const dir = path.join(workspace, 'incidents');
  const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter(f => f.endsWith('.md')) : [];
  return files.length === 1 ? path.join(dir, files[0]) : undefined;
}

async function walkthrough() {
  const workspace = freshTestWorkspace('irp-e2e-');
  // One playbook, so "Start incident from playbook" opens it without asking which edition.
  fs.rmSync(path.join(workspace, 'playbooks/unauthorized-network-changes.zh-cn.md'));
  const server = await startCodeServer({ log, env: { AWS_EC2_METADATA_DISABLED: 'true' } });
  const browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  page.setDefaultTimeout(60_000);
  page.on('pageerror', e => log(`page error: ${e.message}`));
  const answer = 'Pager bridge <script>alert(1)</script> | `chat` --> 値班';
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
        const quickInput = page.locator('.quick-input-widget');
        const answerPrompt = async (title, text) => {
          await quickInput.locator('.quick-input-title', { hasText: title }).waitFor();
          const box = quickInput.locator('input').first();
          if (text) await box.fill(text);
          await box.press('Enter');
          await quickInput.locator('.quick-input-title', { hasText: title }).waitFor({ state: 'hidden' });
        };
        await answerPrompt('Start incident (1/4)', 'SSH open to the world');
        await answerPrompt('Start incident (2/4)', 'High');
        await answerPrompt('Start incident (3/4)', '');
        await answerPrompt('Start incident (4/4)', 'Dana');
        const report = await until('the report file', () => findReport(workspace));
        const text = fs.readFileSync(report, 'utf8');
        for (const fact of ['SSH open to the world', '**Severity:** high', '**Lead:** Dana'])
          if (!text.includes(fact)) throw new Error(`the report does not hold "${fact}"`);
        // The tree is virtualised: rows out of view are not in the page, so scroll it as a person would (the wheel).
        const first = page.getByRole('treeitem', { name: /^Preparation/ }).first();
        await first.waitFor();
        await first.hover();
        for (const phase of [
          'Preparation',
          'Detection and Analysis',
          'Containment and Eradication',
          'Recovery',
          'Post-Incident Activity',
        ]) {
          const row = page.getByRole('treeitem', { name: new RegExp(`^${phase}`) }).first();
          await until(`the ${phase} phase in the tree`, async () => {
            if (await row.isVisible()) return true;
            await page.mouse.wheel(0, 120);
            return undefined;
          });
        }
        await page.mouse.wheel(0, -5000);
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
    await page.screenshot({ path: path.join(shots, 'e2e-step.png') });
    log(`screenshot ${path.join(shots, 'e2e-step.png')}`);
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
  await check('npm start reaches a ready workbench on the sample workspace, then stops', async () => {
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
