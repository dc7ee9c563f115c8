// The exported report (irp report export, from the built dist/cli.js) opened in real Chromium: no marker, no script,
// no request of any kind while it loads, a PDF when printed; redacted, none of the original ids is left and one value
// always has the same placeholder.
/* global document, NodeFilter -- these run inside the page (page.evaluate) */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT, launchChromium } from '../../vscode/host.mjs';

const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');

/** Values the redaction must replace; the attacker's address three times, to see it keep one placeholder. */
const ORIGINALS = {
  ip: '203.0.113.77',
  ipv6: '2001:db8:4::17',
  account: '444455556666',
  key: 'AKIAWX3N7QGT5LKE2HVR',
  arn: 'arn:aws:iam::777788889999:user/ci-deploy',
  email: 'maria.lopez@example.com',
};

const HAND_WRITTEN = `
## Summary

The key ${ORIGINALS.key} of account ${ORIGINALS.account} was used from ${ORIGINALS.ip} and ${ORIGINALS.ipv6}.
Later ${ORIGINALS.ip} logged in again as ${ORIGINALS.arn}; ${ORIGINALS.email} deleted the key.

| who | from |
| --- | --- |
| attacker | ${ORIGINALS.ip} |

![tracking pixel](https://tracker.example/pixel.png)
`;

function exportReport(dir, args) {
  const out = execFileSync(process.execPath, [CLI, 'report', 'export', 'report.md', ...args, '--json'], {
    cwd: dir,
    encoding: 'utf8',
  });
  return JSON.parse(out);
}

/** Loads the HTML into a fresh page with every request routed (and refused), and returns the page and the log. */
async function openExport(browser, html) {
  const context = await browser.newContext();
  const requests = [];
  await context.route('**/*', route => {
    requests.push(route.request().url());
    return route.abort();
  });
  const page = await context.newPage();
  page.on('request', r => requests.push(r.url()));
  await page.setContent(html, { waitUntil: 'load' });
  return { context, page, requests };
}

function pageFacts(page) {
  return page.evaluate(() => {
    const comments = [];
    const walker = document.createTreeWalker(document, NodeFilter.SHOW_COMMENT);
    while (walker.nextNode()) comments.push(walker.currentNode.nodeValue);
    return {
      scripts: document.querySelectorAll('script').length,
      images: document.querySelectorAll('img, iframe, object, embed, link').length,
      comments,
      text: document.body.innerText,
      h1: document.querySelector('h1')?.textContent,
      printRules: [...document.styleSheets].some(s =>
        [...s.cssRules].some(r => r.constructor.name === 'CSSMediaRule' && r.media.mediaText === 'print'),
      ),
    };
  });
}

export default function exportSuite(test) {
  test('the exported report, with and without redaction, in Chromium', async ({ log }) => {
    if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing; run npm run build`);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'irp-export-'));
    const browser = await launchChromium();
    try {
      const fixture = fs.readFileSync(path.join(REPO_ROOT, 'test/fixtures/report/english-before-languages.md'), 'utf8');
      fs.writeFileSync(path.join(dir, 'report.md'), `${fixture}\n${HAND_WRITTEN}`);

      const plain = exportReport(dir, ['--html', 'plain.html']);
      assert.deepEqual(plain.replacements, []);
      const plainHtml = fs.readFileSync(path.join(dir, 'plain.html'), 'utf8');
      assert.ok(!plainHtml.includes('irp:'), 'a marker is in the file');
      const a = await openExport(browser, plainHtml);
      const facts = await pageFacts(a.page);
      assert.equal(facts.scripts, 0);
      assert.equal(facts.images, 0, 'nothing the page would load');
      assert.deepEqual(facts.comments, []);
      assert.ok(!facts.text.includes('irp:'));
      assert.ok(facts.printRules, 'no print styles');
      assert.match(facts.h1 ?? '', /Incident a1b2c3/);
      assert.ok(facts.text.includes(ORIGINALS.ip));
      const pdf = await a.page.pdf({ format: 'A4', printBackground: false });
      assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
      assert.ok(pdf.length > 5000, `a PDF of ${pdf.length} bytes`);
      assert.deepEqual(a.requests, [], 'the page asked for something while loading or printing');
      await a.context.close();
      log(`plain export: ${plainHtml.length} bytes of HTML, ${pdf.length} bytes of PDF`);

      const redacted = exportReport(dir, ['--html', 'redacted.html', '--redact']);
      const redactedHtml = fs.readFileSync(path.join(dir, 'redacted.html'), 'utf8');
      const b = await openExport(browser, redactedHtml);
      const text = (await pageFacts(b.page)).text;
      for (const original of [...Object.values(ORIGINALS), '777788889999', 'AKIAIOSFODNN7EXAMPLE']) {
        assert.ok(!redactedHtml.includes(original), `${original} is still in the file`);
        assert.ok(!text.includes(original), `${original} is still on the page`);
      }
      const ip = redacted.replacements.find(r => r.original === ORIGINALS.ip);
      assert.ok(ip, JSON.stringify(redacted.replacements));
      assert.equal(ip.count, 3);
      assert.equal(text.split(ip.placeholder).length - 1, 3, 'one value, one placeholder');
      assert.equal(new Set(redacted.replacements.map(r => r.placeholder)).size, redacted.replacements.length);
      for (const r of redacted.replacements) assert.ok(!redactedHtml.includes(r.original));
      assert.ok(!redactedHtml.includes('replaced ('), 'the list of replacements is in the file');
      const redactedPdf = await b.page.pdf({ format: 'A4' });
      assert.equal(redactedPdf.subarray(0, 5).toString('latin1'), '%PDF-');
      assert.deepEqual(b.requests, []);
      await b.context.close();
      log(`redacted export: ${redacted.replacements.length} values replaced`);
    } finally {
      await browser.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
}
