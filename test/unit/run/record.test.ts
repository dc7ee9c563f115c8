import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Column, QueryRequest, ResultPage, Row } from '../../../src/core/engine/types';
import { appendRun, applyEdits, parseReport, renderReport } from '../../../src/core/report';
import { isTemporaryFile } from '../../../src/core/fs/atomicWrite';
import { csvField, executeAndRecord, verifyEvidence } from '../../../src/core/run';
import { filledState, playbook } from '../report/fixtures';
import { ScriptedEngine } from './scriptedEngine';

const request: QueryRequest = {
  engine: 'athena',
  queryId: 'sg-changes',
  text: 'SELECT * FROM t WHERE a = {{x}}',
  parameters: { x: '1' },
  definitions: [],
};
const clock = () => new Date('2026-11-29T10:00:00.123Z');

function pagesOf(columns: string[], rows: Row[], perPage: number): ResultPage[] {
  const cols: Column[] = columns.map(name => ({ name, type: 'varchar' }));
  const pages: ResultPage[] = [];
  for (let i = 0; i < rows.length; i += perPage) pages.push({ columns: cols, rows: rows.slice(i, i + perPage) });
  return pages;
}

function sha256(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

describe('executeAndRecord', () => {
  let dir: string;
  let reportPath: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'irp-run-'));
    reportPath = path.join(dir, '2026-11-29-pb-abc123.md');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('streams every row to a CSV next to the report and records its SHA-256 and size', async () => {
    const rows: Row[] = Array.from({ length: 25 }, (_, i) => [`row ${i}`, i, i % 2 === 0, null]);
    rows[3] = ['=HYPERLINK("http://evil")', -5, false, '+1'];
    rows[4] = ['multi\nline, "quoted"', 1.5, true, '@sum'];
    rows[5] = ['\ttab', 0, true, '-2 text'];
    rows[6] = ['中文 😀', 7, false, '\rcr'];
    const engine = new ScriptedEngine('athena', pagesOf(['name', 'n', 'flag', 'extra'], rows, 10));
    const pages: number[] = [];
    const record = await executeAndRecord(engine, request, {
      reportPath,
      stepId: 'review-sg',
      summaryRowCap: 5,
      signal: new AbortController().signal,
      now: clock,
      onPage: p => pages.push(p.rows.length),
    });
    assert.deepEqual(pages, [10, 10, 5]);
    assert.equal(record.rowCount, 25);
    assert.equal(record.partial, false);
    assert.equal(record.error, undefined);
    assert.equal(record.queryText, 'SELECT * FROM t WHERE a = ?');
    assert.deepEqual(record.context, { profile: 'test', region: 'eu-west-1' });
    assert.equal(record.evidence.length, 1);
    const [csv] = record.evidence;
    assert.equal(csv.path, '2026-11-29-pb-abc123.evidence/review-sg-sg-changes-20261129T100000123Z.csv');
    const file = path.join(dir, csv.path);
    assert.equal(csv.sha256, sha256(file));
    assert.equal(csv.bytes, statSync(file).size);
    const lines = readFileSync(file, 'utf8').split('\r\n');
    assert.equal(lines[0], 'name,n,flag,extra');
    assert.equal(lines[1], 'row 0,0,true,');
    assert.equal(lines[4], `"'=HYPERLINK(""http://evil"")",-5,false,'+1`);
    assert.equal(lines[5], '"multi\nline, ""quoted""",1.5,true,\'@sum');
    assert.equal(lines[6], "'\ttab,0,true,'-2 text");
    assert.equal(lines[7], '中文 😀,7,false,"\'\rcr"');
    assert.deepEqual(record.summary, {
      columns: ['name', 'n', 'flag', 'extra'],
      truncated: true,
      rows: [
        ['row 0', '0', 'true', ''],
        ['row 1', '1', 'false', ''],
        ['row 2', '2', 'true', ''],
        ['=HYPERLINK("http://evil")', '-5', 'false', '+1'],
        ['multi\nline, "quoted"', '1.5', 'true', '@sum'],
      ],
    });
  });

  it('writes the raw CloudTrail events to a JSONL file beside the CSV', async () => {
    const event =
      '{"eventName":"AuthorizeSecurityGroupIngress","requestParameters":{"cidrIp":"0.0.0.0/0"},"n":12345678901234567890}';
    const rows: Row[] = [
      ['e1', event],
      ['e2', '{\n  "eventName": "RunInstances"\n}'],
      ['e3', 'not json'],
      ['e4', null],
    ];
    const engine = new ScriptedEngine('cloudtrail', pagesOf(['EventId', 'CloudTrailEvent'], rows, 3));
    const record = await executeAndRecord(
      engine,
      { ...request, engine: 'cloudtrail' },
      { reportPath, stepId: 's', summaryRowCap: 10, signal: new AbortController().signal, now: clock },
    );
    const jsonl = record.evidence.find(e => e.format === 'jsonl');
    assert.ok(jsonl);
    const file = path.join(dir, jsonl.path);
    assert.equal(jsonl.sha256, sha256(file));
    assert.equal(jsonl.bytes, statSync(file).size);
    assert.equal(readFileSync(file, 'utf8'), `${event}\n{   "eventName": "RunInstances" }\n"not json"\nnull\n`);
  });

  it('writes JSONL for any engine whose rows carry a CloudTrailEvent column, and not otherwise', async () => {
    const local = new ScriptedEngine('local', pagesOf(['cloudtrailevent'], [['{"a":1}']], 1));
    const withEvents = await executeAndRecord(local, request, {
      reportPath,
      stepId: 's',
      summaryRowCap: 1,
      signal: new AbortController().signal,
    });
    assert.deepEqual(
      withEvents.evidence.map(e => e.format),
      ['csv', 'jsonl'],
    );
    const athena = new ScriptedEngine('athena', pagesOf(['a'], [['x']], 1));
    const without = await executeAndRecord(athena, request, {
      reportPath,
      stepId: 's',
      summaryRowCap: 1,
      signal: new AbortController().signal,
    });
    assert.deepEqual(
      without.evidence.map(e => e.format),
      ['csv'],
    );
  });

  it('keeps the rows received before a cancel, and says the run is partial', async () => {
    const rows: Row[] = Array.from({ length: 50 }, (_, i) => [`r${i}`]);
    const controller = new AbortController();
    let seen = 0;
    const record = await executeAndRecord(new ScriptedEngine('athena', pagesOf(['c'], rows, 10)), request, {
      reportPath,
      stepId: 's',
      summaryRowCap: 100,
      signal: controller.signal,
      now: clock,
      onPage: page => {
        seen += page.rows.length;
        if (seen >= 20) controller.abort();
      },
    });
    assert.equal(record.rowCount, 20);
    assert.equal(record.partial, true);
    assert.equal(record.partialReason, 'cancelled');
    assert.equal(record.error, undefined);
    const csv = readFileSync(path.join(dir, record.evidence[0].path), 'utf8').split('\r\n').filter(Boolean);
    assert.equal(csv.length, 21);
    assert.equal(csv[20], 'r19');
    assert.equal(record.evidence[0].sha256, sha256(path.join(dir, record.evidence[0].path)));
  });

  it('records a failure mid-run with the error, keeping the rows already written', async () => {
    const rows: Row[] = Array.from({ length: 30 }, (_, i) => [`r${i}`]);
    const record = await executeAndRecord(
      new ScriptedEngine('athena', pagesOf(['c'], rows, 10), { failAtPage: 2 }),
      request,
      {
        reportPath,
        stepId: 's',
        summaryRowCap: 5,
        signal: new AbortController().signal,
        now: clock,
      },
    );
    assert.equal(record.rowCount, 20);
    assert.equal(record.partial, true);
    assert.deepEqual(record.error, { code: 'Boom', message: 'The engine failed half way; retry the run.' });
    assert.equal(record.partialReason, 'failed');
    assert.equal(
      readFileSync(path.join(dir, record.evidence[0].path), 'utf8').split('\r\n').filter(Boolean).length,
      21,
    );
  });

  it('never overwrites earlier evidence of the same query', async () => {
    const engine = new ScriptedEngine('athena', pagesOf(['c'], [['x']], 1));
    const opts = { reportPath, stepId: 's', summaryRowCap: 1, signal: new AbortController().signal, now: clock };
    const first = await executeAndRecord(engine, request, opts);
    const second = await executeAndRecord(engine, request, opts);
    assert.notEqual(first.evidence[0].path, second.evidence[0].path);
    assert.match(second.evidence[0].path, /-2\.csv$/);
  });

  it('shows evidence under its name only once it is complete, and never replaces a file of that name', async () => {
    const folder = path.join(dir, '2026-11-29-pb-abc123.evidence');
    mkdirSync(folder);
    // Another run of the same query, same millisecond, already took the first name (its CSV only).
    writeFileSync(path.join(folder, 's-sg-changes-20261129T100000123Z.csv'), 'earlier evidence');
    const seen: string[][] = [];
    const record = await executeAndRecord(
      new ScriptedEngine('cloudtrail', pagesOf(['CloudTrailEvent'], [['{}'], ['{}']], 1)),
      request,
      {
        reportPath,
        stepId: 's',
        summaryRowCap: 1,
        signal: new AbortController().signal,
        now: clock,
        onPage: () => seen.push(readdirSync(folder).filter(n => !isTemporaryFile(n))),
      },
    );
    assert.deepEqual(
      seen,
      [['s-sg-changes-20261129T100000123Z.csv'], ['s-sg-changes-20261129T100000123Z.csv']],
      'while rows arrive, only temporary files are written',
    );
    assert.equal(readFileSync(path.join(folder, 's-sg-changes-20261129T100000123Z.csv'), 'utf8'), 'earlier evidence');
    assert.deepEqual(
      readdirSync(folder).sort(),
      [
        's-sg-changes-20261129T100000123Z-2.csv',
        's-sg-changes-20261129T100000123Z-2.jsonl',
        's-sg-changes-20261129T100000123Z-2.manifest.json',
        's-sg-changes-20261129T100000123Z.csv',
      ],
      'one set of names, no temporary file left',
    );

    assert.deepEqual(record.manifest, {
      path: '2026-11-29-pb-abc123.evidence/s-sg-changes-20261129T100000123Z-2.manifest.json',
      sha256: sha256(path.join(folder, 's-sg-changes-20261129T100000123Z-2.manifest.json')),
    });
    assert.deepEqual(
      JSON.parse(readFileSync(path.join(folder, 's-sg-changes-20261129T100000123Z-2.manifest.json'), 'utf8')),
      {
        format: 1,
        runId: record.runId,
        files: record.evidence.map(e => ({
          name: path.basename(e.path),
          format: e.format,
          bytes: e.bytes,
          sha256: e.sha256,
        })),
      },
    );
  });

  it('records into the report, reads back exactly, and verifies the evidence hashes', async () => {
    const pb = playbook();
    const state = filledState();
    let text = renderReport(pb, state);
    const rows: Row[] = [
      ['|pipe|', '<script>x</script>'],
      ['`tick`', '-->'],
      ['a\nb', ''],
    ];
    const record = await executeAndRecord(new ScriptedEngine('athena', pagesOf(['a|b', '<c>'], rows, 2)), request, {
      reportPath,
      stepId: 'review-nacl',
      summaryRowCap: 10,
      signal: new AbortController().signal,
      now: clock,
    });
    text = applyEdits(text, appendRun(text, pb, 'review-nacl', record));
    writeFileSync(reportPath, text);
    const parsed = parseReport(text).state;
    assert.deepStrictEqual(parsed.steps['review-nacl'].runs, [record]);
    const checks = await verifyEvidence(reportPath, {
      ...parsed,
      steps: { 'review-nacl': parsed.steps['review-nacl'] },
    });
    assert.ok(record.manifest, 'the run records its evidence manifest');
    assert.deepEqual(checks, [
      { path: record.evidence[0].path, ok: true },
      { path: record.manifest.path, ok: true },
    ]);
    writeFileSync(path.join(dir, record.evidence[0].path), 'tampered');
    const tampered = (await verifyEvidence(reportPath, parsed)).find(c => c.path === record.evidence[0].path);
    assert.equal(tampered?.ok, false);
    assert.match(tampered?.problem ?? '', /size/);
    writeFileSync(path.join(dir, record.evidence[0].path), Buffer.alloc(record.evidence[0].bytes, 0x41));
    const sameSize = (await verifyEvidence(reportPath, parsed)).find(c => c.path === record.evidence[0].path);
    assert.match(sameSize?.problem ?? '', /SHA-256/);
  });

  it("flags missing evidence and paths outside the report's evidence folder, links followed", async () => {
    const state = filledState();
    mkdirSync(path.join(dir, '2026-11-29-pb-abc123.evidence'));
    writeFileSync(path.join(dir, 'beside-the-report.csv'), 'x');
    symlinkSync(path.join(dir, 'beside-the-report.csv'), path.join(dir, '2026-11-29-pb-abc123.evidence/link.csv'));
    state.steps['review-sg'].runs[0].evidence = [
      { path: '2026-11-29-pb-abc123.evidence/gone.csv', sha256: 'x', bytes: 1, format: 'csv' },
      { path: '../../etc/passwd', sha256: 'x', bytes: 1, format: 'csv' },
      { path: 'beside-the-report.csv', sha256: 'x', bytes: 1, format: 'csv' },
      { path: '2026-11-29-pb-abc123.evidence/link.csv', sha256: 'x', bytes: 1, format: 'csv' },
    ];
    delete state.steps['review-sg'].runs[0].manifest;
    const checks = await verifyEvidence(reportPath, state);
    assert.deepEqual(
      checks.map(c => [
        c.ok,
        /missing/.test(c.problem ?? ''),
        /not inside the report's evidence folder/.test(c.problem ?? ''),
      ]),
      [
        [false, true, false],
        [false, false, true],
        [false, false, true],
        [false, false, true],
      ],
    );
  });
});

describe('CSV fields', () => {
  it('quotes per RFC 4180 and neutralises formulas in text only', () => {
    assert.equal(csvField('plain'), 'plain');
    assert.equal(csvField('a,b'), '"a,b"');
    assert.equal(csvField('say "hi"'), '"say ""hi"""');
    assert.equal(csvField('=1+1'), "'=1+1");
    assert.equal(csvField('-cmd'), "'-cmd");
    assert.equal(csvField('@x'), "'@x");
    assert.equal(csvField('+x'), "'+x");
    assert.equal(csvField('\rx'), `"'\rx"`);
    assert.equal(csvField(-3), '-3');
    assert.equal(csvField(null), '');
    assert.equal(csvField(true), 'true');
  });
});

describe('executeAndRecord limits and failures', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'irp-run-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps the evidence within the row cap even when an engine overshoots it', async () => {
    const rows: Row[] = Array.from({ length: 30 }, (_, i) => [`r${i}`]);
    const record = await executeAndRecord(
      new ScriptedEngine('local', pagesOf(['c'], rows, 20), { ignoresRowCap: true }),
      { ...request, rowCap: 25 },
      { reportPath: path.join(dir, 'r.md'), stepId: 's', summaryRowCap: 5, signal: new AbortController().signal },
    );
    assert.equal(record.rowCount, 25);
    assert.equal(record.partial, true);
    assert.equal(record.partialReason, 'row-cap');
    assert.equal(
      readFileSync(path.join(dir, record.evidence[0].path), 'utf8').split('\r\n').filter(Boolean).length,
      26,
    );
  });

  it('stops with a clear error when the evidence cannot be written', async () => {
    writeFileSync(path.join(dir, 'r.evidence'), 'a file where the evidence folder should be');
    const record = await executeAndRecord(new ScriptedEngine('athena', pagesOf(['c'], [['x']], 1)), request, {
      reportPath: path.join(dir, 'r.md'),
      stepId: 's',
      summaryRowCap: 5,
      signal: new AbortController().signal,
    });
    assert.equal(record.partial, true);
    assert.equal(record.error?.code, 'EvidenceWriteFailed');
    assert.match(record.error?.message ?? '', /Could not write the evidence files in .*r\.evidence.*writable/);
    assert.deepEqual(record.evidence, []);
  });
});
