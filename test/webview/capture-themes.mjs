#!/usr/bin/env node
// Records what a real VS Code webview receives in each of the three default themes (the `--vscode-*` variables, the
// body's theme data and VS Code's default webview styles), so the harness paints the panel as VS Code would. Run once per VS Code update:
//   node test/webview/capture-themes.mjs     (needs code-server: test/vscode/install-code-server.sh)
// It opens a markdown preview (a built-in webview) in code-server and reads the variables off its document element.
/* global document -- these run inside the page (page.evaluate) */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT, launchChromium, startCodeServer, workbenchUrl } from '../vscode/host.mjs';
import { THEMES, THEMES_FILE } from './themes.mjs';

// Themes already recorded are kept; delete themes.json to record all three again.
const captured = fs.existsSync(THEMES_FILE) ? JSON.parse(fs.readFileSync(THEMES_FILE, 'utf8')) : {};
for (const theme of THEMES.filter(t => !captured[t.id])) {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'irp-theme-'));
  fs.writeFileSync(path.join(folder, 'README.md'), '# Theme capture\n');
  const server = await startCodeServer({ settings: { 'workbench.colorTheme': theme.vscodeName } });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.setDefaultTimeout(60_000);
    await page.goto(workbenchUrl(server.url, { folder }));
    await page.locator('.monaco-workbench .part.statusbar').waitFor({ state: 'visible' });
    // The explorer shows the folder; its markdown preview is a webview without any extension of ours.
    const file = page.getByRole('treeitem', { name: /README\.md/ }).first();
    if (!(await file.isVisible())) await page.keyboard.press('Control+Shift+E');
    await file.waitFor().catch(async e => {
      await page.screenshot({ path: path.join(REPO_ROOT, '.vscode-test', 'capture-themes-failure.png') });
      throw e;
    });
    await file.click();
    await page.locator('.monaco-editor .view-lines').first().click();
    let found;
    for (let i = 0; i < 240 && !found; i++) {
      // Markdown: Open Preview; pressed again now and then in case the markdown extension was not up yet.
      if (i % 40 === 0) {
        await page
          .locator('.monaco-editor .view-lines')
          .first()
          .click()
          .catch(() => {});
        await page.keyboard.press('Control+Shift+V');
      }
      for (const frame of page.frames()) {
        const value = await frame
          .evaluate(() => {
            const style = document.documentElement.style;
            if (!style.getPropertyValue('--vscode-foreground')) return undefined;
            const vars = {};
            for (let j = 0; j < style.length; j++) {
              const name = style.item(j);
              if (name.startsWith('--vscode-')) vars[name] = style.getPropertyValue(name).trim();
            }
            const body = document.body.dataset;
            return {
              vars,
              bodyClass: document.body.className,
              kind: body.vscodeThemeKind ?? '',
              themeName: body.vscodeThemeName ?? '',
              themeId: body.vscodeThemeId ?? '',
              defaultStyles: document.getElementById('_defaultStyles')?.textContent ?? '',
            };
          })
          .catch(() => undefined);
        if (value) {
          found = value;
          break;
        }
      }
      if (!found) await page.waitForTimeout(250);
    }
    if (!found) {
      await page.screenshot({ path: path.join(REPO_ROOT, '.vscode-test', 'capture-themes-failure.png') });
      throw new Error(`no webview frame with theme variables for ${theme.vscodeName}`);
    }
    captured[theme.id] = { vscodeName: theme.vscodeName, ...found };
    fs.writeFileSync(THEMES_FILE, `${JSON.stringify(captured, null, 1)}\n`);
    console.log(`${theme.id}: ${Object.keys(found.vars).length} variables, body class "${found.bodyClass}"`);
  } finally {
    await browser.close().catch(() => {});
    await server.stop();
    fs.rmSync(server.dir, { recursive: true, force: true });
    fs.rmSync(folder, { recursive: true, force: true });
  }
}
console.log(`${THEMES_FILE} holds ${Object.keys(captured).join(', ')}`);
