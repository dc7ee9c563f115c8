import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseReport, renderReport } from '../../../src/core/report';
import { runCli } from '../runCli';
import { filledState, playbook } from './fixtures';

async function irp(args: string[], cwd: string): Promise<{ code: number; out: string; err: string }> {
  const { code, stdout, stderr } = await runCli(args, cwd);
  return { code, out: stdout, err: stderr };
}

describe('irp report parse', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'irp-cli-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the state the extension would restore as JSON', async () => {
    const text = renderReport(playbook(), filledState());
    writeFileSync(path.join(dir, 'r.md'), text);
    const { code, out, err } = await irp(['report', 'parse', 'r.md', '--json'], dir);
    assert.equal(code, 0, err);
    assert.deepStrictEqual(JSON.parse(out), JSON.parse(JSON.stringify(parseReport(text).state)));
    assert.equal(JSON.parse(out).steps['review-sg'].answers['q-who'], 'arn:aws:iam::123456789012:user/mallory');
  });

  it('prints a readable summary per step, with control characters shown rather than sent', async () => {
    const state = filledState();
    state.steps['review-sg'].notes = 'evil \u001b[2J clear';
    writeFileSync(path.join(dir, 'r.md'), renderReport(playbook(), state));
    const { code, out } = await irp(['report', 'parse', 'r.md'], dir);
    assert.equal(code, 0);
    assert.match(out, /^EXERCISE incident a1b2c3: Unauthorized network changes/);
    assert.match(out, /\[done\] prep-contacts \(started 2026-11-29T12:01:00Z, completed 2026-11-29T12:05:00Z\)/);
    assert.match(out, /checklist: 1\/2 ticked/);
    assert.match(out, /run sg-changes on athena at .*: 2 row\(s\), complete, 1 evidence file\(s\)/);
    assert.ok(!out.includes('\u001b'));
    assert.match(out, /evil \\u001b\[2J clear/);
  });

  it('exits 1 and lists diagnostics with their lines when the report is damaged', async () => {
    const text = renderReport(playbook(), filledState()).replace('<!-- /irp:notes -->', '');
    writeFileSync(path.join(dir, 'r.md'), text);
    const { code, err } = await irp(['report', 'parse', 'r.md', '--json'], dir);
    assert.equal(code, 1);
    assert.match(err, /^r\.md:\d+:1: error: The notes region opened here has no closing marker/m);
  });

  it('exits 2 on usage errors and unreadable files', async () => {
    assert.equal((await irp(['report', 'parse'], dir)).code, 2);
    assert.equal((await irp(['report', 'parse', 'missing.md'], dir)).code, 2);
    assert.equal((await irp(['report', 'parse', 'a.md', '--yaml'], dir)).code, 2);
  });
});

describe('a report edited by hand in another editor', () => {
  it('reads back (BOM, CRLF, other bullets, loose markers, no padding lines)', async () => {
    const root = path.resolve(__dirname, '../../../..');
    const fixtures = path.join(root, 'test/fixtures/report');
    const { code, out, err } = await irp(['report', 'parse', 'hand-edited.md', '--json'], fixtures);
    assert.equal(code, 0, err);
    assert.deepStrictEqual(
      JSON.parse(out),
      JSON.parse(readFileSync(path.join(fixtures, 'hand-edited.expected.json'), 'utf8')),
    );
  });
});
