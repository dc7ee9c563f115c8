#!/usr/bin/env node
// Browser tests of the step webview: the built page (dist/webview) in headless Chromium under the extension's own
// HTML and CSP, driven through the message contract of src/shared/messages.ts. Needs `npm run build` first.
//   node test/webview/run.mjs [name filter]
// Prints `N passed, N failed` last; exits 1 on any failure. Screenshots go to .vscode-test/webview-<theme>.png.
import { startHarness } from './harness.mjs';
import { loadThemes } from './themes.mjs';
import renderSuite from './suites/render.mjs';
import hostileSuite from './suites/hostile.mjs';
import bigTableSuite from './suites/bigTable.mjs';
import stateSuite from './suites/state.mjs';
import themeSuite from './suites/themes.mjs';
import exportSuite from './suites/export.mjs';
import resultsSuite from './suites/results.mjs';
import panelLayoutSuite from './suites/panelLayout.mjs';

const only = process.argv[2];
const started = Date.now();
const log = m => console.log(`[webview +${((Date.now() - started) / 1000).toFixed(1)}s] ${m}`);
const themes = loadThemes();
const tests = [];
const test = (name, fn) => {
  if (!only || name.includes(only)) tests.push({ name, fn });
};
for (const suite of [
  renderSuite,
  hostileSuite,
  bigTableSuite,
  stateSuite,
  resultsSuite,
  themeSuite,
  exportSuite,
  panelLayoutSuite,
])
  suite(test, { themes, log });

const harness = await startHarness();
const results = { passed: 0, failed: 0 };
try {
  for (const { name, fn } of tests) {
    const contexts = [];
    // Each test gets fresh browser contexts (Dark+ unless it asks for another theme); all are closed after it.
    const open = async options => {
      const panel = await harness.openPanel({ theme: themes[1], ...options });
      contexts.push(panel.context);
      return panel;
    };
    try {
      await fn({ open, reopen: harness.reopenPanel, log });
      results.passed++;
      log(`ok   ${name}`);
    } catch (e) {
      results.failed++;
      log(`FAIL ${name}\n${e instanceof Error ? e.stack : e}`);
    } finally {
      for (const context of contexts) await context.close().catch(() => {});
    }
  }
} finally {
  await harness.close();
}
console.log(`${results.passed} passed, ${results.failed} failed`);
process.exit(results.failed ? 1 : 0);
