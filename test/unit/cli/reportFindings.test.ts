// `irp report add-finding` and `irp report timeline`: the finding lands in the report with its evidence hash, bad
// flags are named, and log text reaches the terminal escaped.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseReport, renderReport } from '../../../src/core/report';
import { filledState, playbook } from '../report/fixtures';
import { runCli } from '../runCli';

const CLI = path.resolve(__dirname, '../../../src/cli/main.js');
const SUMMARY = 'AuthorizeSecurityGroupIngress by ci-deploy from 203.0.113.77 opened tcp/22 to 0.0.0.0/0';

describe('irp report add-finding / timeline', () => {
  let dir: string;
  let report: string;
  let original: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'irp-add-finding-'));
    report = path.join(dir, 'r.md');
    original = renderReport(playbook(), filledState());
    fs.writeFileSync(report, original);
    fs.mkdirSync(path.join(dir, 'r.evidence'));
    fs.writeFileSync(path.join(dir, 'r.evidence', 'rows.csv'), 'EventId,EventName\ne1,AuthorizeSecurityGroupIngress\n');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const add = (...args: string[]) => runCli(['report', 'add-finding', 'r.md', ...args], dir);

  it('records the finding with the evidence file, its row and SHA-256, and prints it as JSON', async () => {
    const r = await add(
      '--time',
      '2026-11-29T10:02:11Z',
      '--summary',
      SUMMARY,
      '--kind',
      'attacker-action',
      '--indicator',
      'ip=203.0.113.77',
      '--indicator',
      'security-group=sg-0c3f9a12e4b7d6850',
      '--evidence',
      'r.evidence/rows.csv#1',
      '--json',
    );
    assert.equal(r.code, 0, r.stderr);
    const sha256 = createHash('sha256')
      .update(fs.readFileSync(path.join(dir, 'r.evidence', 'rows.csv')))
      .digest('hex');
    const printed = JSON.parse(r.stdout) as { id: string; evidence: unknown };
    assert.equal(printed.id, 'f1');
    assert.deepEqual(printed.evidence, { path: 'r.evidence/rows.csv', row: '1', sha256 });
    const text = fs.readFileSync(report, 'utf8');
    const tail = (t: string) => t.slice(t.indexOf('<!-- /irp:findings -->'));
    assert.equal(tail(text), tail(original), 'the report after the findings section is unchanged');
    const [finding] = parseReport(text).state.findings ?? [];
    assert.equal(finding.summary, SUMMARY);
    assert.equal(finding.eventTime, '2026-11-29T10:02:11.000Z');
    assert.deepEqual(finding.evidence, { path: 'r.evidence/rows.csv', row: '1', sha256 });
    assert.deepEqual(finding.indicators, [
      { type: 'ip', value: '203.0.113.77' },
      { type: 'security-group', value: 'sg-0c3f9a12e4b7d6850' },
    ]);
    assert.ok(text.includes(`- **Evidence SHA-256:** ${sha256}`));

    const t = await runCli(['report', 'timeline', 'r.md', '--json'], dir);
    assert.equal(t.code, 0, t.stderr);
    const timeline = JSON.parse(t.stdout) as { entries: { time: string; side: string }[]; indicators: unknown[] };
    assert.deepEqual(timeline.entries[0], {
      time: '2026-11-29T10:02:11.000Z',
      side: 'incident',
      what: `Attacker action (f1): ${SUMMARY}`,
      source: { type: 'finding', id: 'f1' },
    });
    const times = timeline.entries.map(e => Date.parse(e.time));
    assert.deepEqual(
      times,
      [...times].sort((a, b) => a - b),
      'sorted by time',
    );
    assert.equal(timeline.indicators.length, 2);
  });

  it('names the flag that is wrong', async () => {
    const cases: [string[], RegExp][] = [
      [['--summary', 'x'], /--time is required/],
      [['--time', 'yesterday', '--summary', 'x'], /--time "yesterday" is not an ISO 8601 time/],
      [['--time', '2026-11-29T10:00:00', '--summary', 'x'], /--time .* with a zone/],
      [['--time', '2026-11-29T10:00:00Z'], /--summary is required/],
      [
        ['--time', '2026-11-29T10:00:00Z', '--summary', 'x', '--kind', 'bad'],
        /--kind "bad" is not one of attacker-action/,
      ],
      [['--time', '2026-11-29T10:00:00Z', '--summary', 'x', '--indicator', 'colour=red'], /--indicator "colour=red"/],
      [['--time', '2026-11-29T10:00:00Z', '--summary', 'x', '--indicator', 'ip='], /--indicator "ip=" has no value/],
      [['--time', '2026-11-29T10:00:00Z', '--summary', 'x', '--evidence', 'nope.csv'], /--evidence: .*does not exist/],
      [
        ['--time', '2026-11-29T10:00:00Z', '--summary', 'x', '--evidence', '../outside.csv'],
        /--evidence: .*does not exist/,
      ],
    ];
    fs.writeFileSync(path.join(dir, '..', `outside-${path.basename(dir)}.csv`), 'x');
    cases.push([
      ['--time', '2026-11-29T10:00:00Z', '--summary', 'x', '--evidence', `../outside-${path.basename(dir)}.csv`],
      /--evidence: .*is not inside the report's folder/,
    ]);
    try {
      for (const [args, message] of cases) {
        const r = await add(...args);
        assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
        assert.match(r.stderr, message);
      }
    } finally {
      fs.rmSync(path.join(dir, '..', `outside-${path.basename(dir)}.csv`));
    }
    assert.equal(fs.readFileSync(report, 'utf8'), original, 'nothing was written');
  });

  it('prints log text in the timeline escaped, from the built CLI', async () => {
    const hostile = 'ConsoleLogin by \u001b[2Jmallory\u202e from 198.51.100.23\n# <!-- irp:step -->';
    assert.equal(
      (await add('--time', '2026-11-29T11:00:00Z', '--summary', hostile, '--indicator', 'email=\u001b]0;x@e.com')).code,
      0,
    );
    const out = execFileSync(process.execPath, [CLI, 'report', 'timeline', 'r.md'], { cwd: dir }).toString('utf8');
    assert.ok(!out.includes('\u001b') && !out.includes('\u202e'), JSON.stringify(out));
    assert.ok(out.includes('\\u001b[2Jmallory\\u202e from 198.51.100.23\\u000a# <!-- irp:step -->'), out);
    assert.match(out, /email {2}\\u001b\]0;x@e\.com/);
    // The report holds it escaped too: one finding, no marker or heading forged by the summary.
    const parsed = parseReport(fs.readFileSync(report, 'utf8'));
    assert.deepEqual(parsed.diagnostics, []);
    assert.equal(parsed.state.findings?.[0].summary, hostile);
  });
});
