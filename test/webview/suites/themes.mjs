// The panel in Light+, Dark+ and High Contrast: a screenshot of each for a person to look at, and the checks a
// machine can make: text contrast (WCAG AA, 4.5:1), a visible keyboard focus outline, statuses that look different.
/* global getComputedStyle, document, window -- these run inside the page (page.evaluate) */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../../vscode/host.mjs';
import { QUERY_ID, SECOND_QUERY_ID, stepView } from '../fixtures.mjs';
import { settle, streamGeneratedRows, waitForCount } from '../table.mjs';

const SHOTS = path.join(REPO_ROOT, '.vscode-test');
const BODY_TEXT_MIN_CONTRAST = 4.5;
const ASSERTED = ['body', 'title', 'cell', 'input', 'guidanceCode', 'evidenceCode', 'queryText'];
const STATUSES = ['in-progress', 'done', 'skipped', 'not-started'];

/** Text elements whose contrast is measured; those in ASSERTED must reach 4.5:1, the rest are reported. */
const SAMPLES = {
  body: '.question label',
  guidanceCode: '.guidance code',
  evidenceCode: '.evidence code',
  queryText: '.query-text pre code',
  title: 'h1',
  muted: '.step-header p.muted',
  cell: '.results-table tbody tr:not(.spacer) td:not(.is-null)',
  input: '.question textarea',
  primaryButton: 'button.primary:not(:disabled)',
  secondaryButton: 'button.secondary',
  link: 'button.link',
  badge: '.badge',
  status: '.status',
  error: '.problem p',
};

/** WCAG contrast of each sample's text against the background it is painted on (alpha composited). */
function measureContrast(samples) {
  const parse = text => {
    const m = text.match(/rgba?\(([^)]+)\)/);
    if (!m) return undefined;
    const [r, g, b, a = 1] = m[1]
      .split(/[ ,/]+/)
      .filter(Boolean)
      .map(Number);
    return { r, g, b, a };
  };
  const over = (top, bottom) => ({
    r: top.r * top.a + bottom.r * (1 - top.a),
    g: top.g * top.a + bottom.g * (1 - top.a),
    b: top.b * top.a + bottom.b * (1 - top.a),
    a: 1,
  });
  const backgroundOf = el => {
    const layers = [];
    for (let node = el; node; node = node.parentElement) {
      const c = parse(getComputedStyle(node).backgroundColor);
      if (c && c.a > 0) {
        layers.push(c);
        if (c.a >= 1) break;
      }
    }
    return layers.reduceRight((acc, layer) => over(layer, acc), { r: 255, g: 255, b: 255, a: 1 });
  };
  const luminance = ({ r, g, b }) => {
    const ch = v => {
      const s = v / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * ch(r) + 0.7152 * ch(g) + 0.0722 * ch(b);
  };
  const result = {};
  for (const [name, selector] of Object.entries(samples)) {
    const el = document.querySelector(selector);
    if (!el) continue;
    const background = backgroundOf(el);
    const style = getComputedStyle(el);
    const foreground = over(parse(style.color), background);
    const [hi, lo] = [luminance(foreground), luminance(background)].sort((a, b) => b - a);
    result[name] = {
      ratio: Math.round(((hi + 0.05) / (lo + 0.05)) * 100) / 100,
      color: style.color,
      opacity: style.opacity,
    };
  }
  return result;
}

export default function themeSuite(test, { themes, log }) {
  for (const theme of themes) {
    test(`${theme.vscodeName}: screenshot, body text contrast >= ${BODY_TEXT_MIN_CONTRAST}, visible focus outline`, async ({
      open,
    }) => {
      const view = await stepView();
      const { page, host } = await open({ theme, view, viewport: { width: 1000, height: 1400 } });
      await streamGeneratedRows(page, QUERY_ID, 40);
      await waitForCount(page, QUERY_ID, 40);
      await host.send({ type: 'runStarted', queryId: SECOND_QUERY_ID });
      await host.send({
        type: 'runEnded',
        queryId: SECOND_QUERY_ID,
        phase: 'failed',
        rowCount: 0,
        error: { code: 'AccessDeniedException', message: 'User is not authorized to perform cloudtrail:LookupEvents.' },
      });
      await page.locator('.query-text summary').first().click();
      // Keyboard focus on the first status button, as a person tabbing through the header would have it.
      await page.locator('body').click({ position: { x: 1, y: 1 } });
      let focused = '';
      for (let i = 0; i < 10 && focused !== 'Mark done'; i++) {
        await page.keyboard.press('Tab');
        focused = await page.evaluate(() => document.activeElement?.textContent ?? '');
      }
      await settle(page);
      const shot = path.join(SHOTS, `webview-${theme.id}.png`);
      fs.mkdirSync(SHOTS, { recursive: true });
      await page.screenshot({ path: shot, fullPage: true });
      log(`  screenshot ${path.relative(REPO_ROOT, shot)}`);

      const checks = await page.evaluate(() => ({
        bodyClass: document.body.className,
        focus: (() => {
          const s = getComputedStyle(document.activeElement);
          return { style: s.outlineStyle, width: s.outlineWidth, color: s.outlineColor };
        })(),
      }));
      const contrast = await page.evaluate(measureContrast, SAMPLES);
      const status = {};
      const statusLooks = [];
      for (const value of STATUSES) {
        await page.evaluate(v => {
          document.querySelector('.status').dataset.status = v;
        }, value);
        status[value] = (await page.evaluate(measureContrast, { status: '.status' })).status;
        statusLooks.push(
          await page.evaluate(() => {
            const badge = document.querySelector('.status');
            const s = getComputedStyle(badge);
            return [
              s.color,
              s.backgroundColor,
              s.borderTopColor,
              s.borderTopStyle,
              getComputedStyle(badge, '::before').color,
              getComputedStyle(badge, '::before').content,
            ].join(' ');
          }),
        );
      }
      log(
        `  ${theme.id} contrast: ${Object.entries(contrast)
          .map(([k, v]) => `${k} ${v.ratio}`)
          .join(', ')}; ` +
          `status ${Object.entries(status)
            .map(([k, v]) => `${k} ${v.ratio} (${v.color})`)
            .join(', ')}`,
      );
      assert.ok(checks.bodyClass.includes(theme.bodyClass));
      assert.equal(focused, 'Mark done', 'Tab reaches the status buttons');
      assert.notEqual(checks.focus.style, 'none', 'the focused button has an outline');
      assert.notEqual(checks.focus.width, '0px');
      assert.notEqual(checks.focus.color, 'rgba(0, 0, 0, 0)');
      assert.equal(
        new Set(statusLooks).size,
        STATUSES.length,
        `each status looks different: ${statusLooks.join(' | ')}`,
      );
      const tooFaint = [
        ...ASSERTED.map(name => [name, contrast[name]]),
        ...STATUSES.map(v => [`status ${v}`, status[v]]),
      ]
        .filter(([, c]) => c.ratio < BODY_TEXT_MIN_CONTRAST)
        .map(([name, c]) => `${name} ${c.ratio}:1 (${c.color})`);
      assert.deepEqual(tooFaint, [], `text below ${BODY_TEXT_MIN_CONTRAST}:1 against its background`);
      assert.deepEqual(await page.evaluate(() => window.__irpCspViolations), []);
    });
  }
}
