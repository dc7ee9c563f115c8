import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { renderReport } from '../../../../src/core/report';
import { exportReportHtml, writeExport } from '../../../../src/core/report/export/index';
import { runCli } from '../../runCli';
import { filledState, playbook } from '../fixtures';

const EXPORTED_AT = '2026-12-07T06:00:00.000Z';

function report(): string {
  const state = filledState();
  state.steps['review-sg'].notes = 'Attacker 203.0.113.77 <script>alert(1)</script>';
  state.steps['contain'].answers['q-iso'] = 'A quoted marker <!-- irp:notes --> stays text';
  // A hand-written image: the file must not fetch it when opened.
  return `${renderReport(playbook(), state)}\n![x](https://tracker.example/p.png)\n`;
}

describe('report export: HTML', () => {
  it('renders the report without its markers, without any script, and with print styles', () => {
    const { html, replacements } = exportReportHtml(report(), { exportedAt: EXPORTED_AT });
    assert.deepEqual(replacements, []);
    assert.ok(!/<!--\s*\/?irp:/.test(html), 'a marker comment survived');
    assert.ok(!/<script/i.test(html), 'a script element is in the file');
    assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    // The marker someone quoted in an answer is shown as they wrote it.
    assert.match(html, /A quoted marker &lt;!-- irp:notes --&gt; stays text/);
    assert.match(html, /<h1>EXERCISE: Incident a1b2c3: Unauthorized network changes<\/h1>/);
    assert.match(html, /<title>EXERCISE: Incident a1b2c3: Unauthorized network changes<\/title>/);
    assert.match(html, /@media print/);
    assert.match(html, /Content-Security-Policy" content="default-src 'none'/);
    // Images would be fetched when the file opens: they become links.
    assert.ok(!/<img/i.test(html));
    assert.match(html, /<a href="https:\/\/tracker.example\/p.png">x<\/a>/);
    // Checklists read as boxes, not "[x]".
    assert.match(html, /<li class="task"><span class="box">\u2611<\/span> Do c1/);
    assert.match(html, /203\.0\.113\.77/);
  });

  it('redacts, and lists what it replaced only in the result, not in the file', () => {
    const { html, replacements } = exportReportHtml(report(), { redact: true, exportedAt: EXPORTED_AT });
    for (const original of ['203.0.113.77', '123456789012', 'AKIAIOSFODNN7EXAMPLE', 'arn:aws:iam::']) {
      assert.ok(!html.includes(original), original);
    }
    const ip = replacements.find(r => r.original === '203.0.113.77');
    assert.equal(ip?.placeholder, 'IP-1');
    assert.ok(html.includes('Attacker IP-1'));
    assert.ok(replacements.some(r => r.original === 'AKIAIOSFODNN7EXAMPLE' && r.placeholder === 'ACCESS-KEY-1'));
  });
});

describe('irp report export', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'irp-export-'));
    writeFileSync(path.join(dir, 'r.md'), report());
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the HTML file and prints the replacements to stderr only', async () => {
    const { code, stdout, stderr } = await runCli(['report', 'export', 'r.md', '--html', 'out.html', '--redact'], dir);
    assert.equal(code, 0, stderr);
    assert.match(stdout, /^Wrote out\.html \(\d+ bytes\)/);
    assert.match(stderr, /IP-1 +203\.0\.113\.77 +\(1x\)/);
    const html = readFileSync(path.join(dir, 'out.html'), 'utf8');
    assert.ok(!html.includes('203.0.113.77'));
    assert.ok(!html.includes('Redaction replaced'));
    // The atomic writer left no temporary file behind.
    assert.deepEqual(readdirSync(dir).sort(), ['out.html', 'r.md']);
  });

  it('prints the result as JSON with --json', async () => {
    const { code, stdout } = await runCli(['report', 'export', 'r.md', '--html', 'o.html', '--json'], dir);
    assert.equal(code, 0);
    const result = JSON.parse(stdout);
    assert.equal(result.output, 'o.html');
    assert.equal(result.redacted, false);
    assert.deepEqual(result.replacements, []);
    assert.equal(result.bytes, readFileSync(path.join(dir, 'o.html')).length);
  });

  it('refuses to overwrite the report, directly or through a link, and leaves it whole', async () => {
    const before = readFileSync(path.join(dir, 'r.md'), 'utf8');
    symlinkSync(path.join(dir, 'r.md'), path.join(dir, 'link.html'));
    for (const out of ['r.md', './r.md', 'link.html']) {
      const { code, stderr } = await runCli(['report', 'export', 'r.md', '--html', out], dir);
      assert.equal(code, 1);
      assert.match(stderr, /would replace the report/);
    }
    assert.equal(readFileSync(path.join(dir, 'r.md'), 'utf8'), before);
    await assert.rejects(writeExport(path.join(dir, 'r.md'), path.join(dir, 'r.md'), 'x'), /would replace/);
  });

  it('says what is missing', async () => {
    const noOut = await runCli(['report', 'export', 'r.md'], dir);
    assert.equal(noOut.code, 2);
    assert.match(noOut.stderr, /--html <out\.html> is required/);
    const missing = await runCli(['report', 'export', 'nope.md', '--html', 'o.html'], dir);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /cannot read "nope\.md"/);
    assert.ok(!existsSync(path.join(dir, 'o.html')));
  });
});
