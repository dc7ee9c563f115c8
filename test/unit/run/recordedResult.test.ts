import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { CellValue, QueryRequest, Row } from '../../../src/core/engine/types';
import type { RunRecord } from '../../../src/core/report/model';
import { executeAndRecord } from '../../../src/core/run';
import { readRecordedResult } from '../../../src/core/run/recordedResult';
import { ScriptedEngine } from './scriptedEngine';

const request: QueryRequest = { engine: 'local', queryId: 'q', text: 'SELECT 1', parameters: {}, definitions: [] };
const COLUMNS = ['name', 'n', 'flag', 'extra'].map(name => ({ name, type: 'varchar' }));
/** What a cell reads back as: the CSV keeps text, so every value comes back as its text ('' for null). */
const text = (v: CellValue) => (v === null ? '' : String(v));

describe('readRecordedResult', () => {
  let dir: string;
  let reportPath: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'irp-recorded-'));
    reportPath = path.join(dir, 'report.md');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  async function record(rows: Row[]): Promise<RunRecord> {
    const pages = [];
    for (let i = 0; i < rows.length; i += 7) pages.push({ columns: COLUMNS, rows: rows.slice(i, i + 7) });
    return executeAndRecord(new ScriptedEngine('local', pages), request, {
      reportPath,
      stepId: 'step',
      summaryRowCap: 3,
      signal: new AbortController().signal,
    });
  }

  it('reads back every row exactly, log data that looks like formulas, quotes and line breaks included', async () => {
    const rows: Row[] = [
      ['=HYPERLINK("http://evil")', -5, false, '+1'],
      ['multi\nline, "quoted"', 1.5, true, '@sum'],
      ['\ttab', 0, true, '-2 text'],
      ['中文 😀', 7, false, '\rcr'],
      ['ends with cr\r', null, null, ''],
      ['"', ',', '""', "'quoted already"],
    ];
    const run = await record(rows);
    const result = await readRecordedResult(reportPath, run, 100);
    assert.ok(result?.ok, JSON.stringify(result));
    assert.deepEqual(
      result.columns.map(c => c.name),
      ['name', 'n', 'flag', 'extra'],
    );
    assert.deepEqual(
      result.rows,
      rows.map(r => r.map(text)),
    );
    assert.equal(result.rowCount, rows.length);
  });

  it('keeps only the first rowCap rows of a big file, still checking the whole file, across read chunks', async () => {
    // Rows wider than one read chunk, with multi-byte characters, so records and characters span chunk boundaries.
    const wide = '€'.repeat(100_000);
    const rows: Row[] = Array.from({ length: 30 }, (_, i) => [`row ${i}`, i, true, `${wide}${i}`]);
    const run = await record(rows);
    const result = await readRecordedResult(reportPath, run, 4);
    assert.ok(result?.ok, JSON.stringify(result));
    assert.deepEqual(
      result.rows,
      rows.slice(0, 4).map(r => r.map(text)),
    );
    assert.equal(result.rowCount, 30);
    // A change after the rows kept is still caught: the whole file is hashed.
    appendFileSync(path.join(dir, run.evidence[0].path), 'x');
    const changed = await readRecordedResult(reportPath, run, 4);
    assert.ok(changed && !changed.ok);
    assert.match(changed.problem, /changed since it was recorded/);
  });

  it('shows no rows of a changed file, and says what differs', async () => {
    const run = await record([['a', 1, true, 'x']]);
    const file = path.join(dir, run.evidence[0].path);
    appendFileSync(file, 'forged,1,true,x\r\n');
    const result = await readRecordedResult(reportPath, run, 100);
    assert.deepEqual(Object.keys(result ?? {}).sort(), ['ok', 'path', 'problem']);
    assert.equal(result?.path, run.evidence[0].path);
    assert.ok(result && !result.ok);
    assert.match(
      result.problem,
      new RegExp(`the report says ${run.evidence[0].bytes} bytes and ${run.evidence[0].sha256}`),
    );
  });

  it('says the file is missing, and refuses a path outside the evidence folder', async () => {
    const run = await record([['a', 1, true, 'x']]);
    unlinkSync(path.join(dir, run.evidence[0].path));
    assert.deepEqual(await readRecordedResult(reportPath, run, 100), {
      ok: false,
      path: run.evidence[0].path,
      problem: 'the file is missing',
    });
    const outside = { ...run, evidence: [{ ...run.evidence[0], path: '../etc/passwd' }] };
    const refused = await readRecordedResult(reportPath, outside, 100);
    assert.ok(refused && !refused.ok);
    assert.match(refused.problem, /not inside the report's evidence folder/);
  });

  it('has nothing to show for a run without CSV evidence', async () => {
    const run = await record([]);
    assert.equal(await readRecordedResult(reportPath, { ...run, evidence: [] }, 100), undefined);
  });
});
