// A data folder holding good files and a hostile-log corpus, loaded through the real engine: every hostile file costs
// bounded memory, is skipped (or has only its bad part skipped) and named with the reason, and the rest loads.
import assert from 'node:assert/strict';
import path from 'node:path';
import { LocalEngine } from '../../../src/core/local';
import { DEFAULT_LIMITS, IngestLimits } from '../../../src/core/local/ingest/limits';
import type { RunMetadata } from '../../../src/core/engine/types';
import { HostileCorpus, writeHostileCorpus } from '../../fixtures/hostile/logs/generate';
import { WORKER, objects, request, rowsOf, tempDir } from './helpers';

const MiB = 1024 * 1024;
/** Low limits, so the corpus stays small; production defaults are in ingest/limits.ts. */
const LIMITS: IngestLimits = {
  ...DEFAULT_LIMITS,
  maxFileBytes: 8 * MiB,
  maxLineBytes: 1 * MiB,
  maxDocumentBytes: 4 * MiB,
};
/** Decompressed output arrives in chunks of at most this much, so reading stops within one chunk past a limit. */
const CHUNK = 1 * MiB;
/**
 * The worker's peak RSS stays below this although each bomb expands to 1 GiB: DuckDB and Node took 160 MB on the
 * build machine
 * here, and a bomb read whole would add the full GiB.
 */
const PEAK_RSS_BOUND_MB = 400;

describe('local engine: hostile logs', function () {
  let engine: LocalEngine;
  let corpus: HostileCorpus;
  let first: RunMetadata;
  type FileRow = {
    records: number;
    skipped_records: number;
    failed: boolean;
    problems: string;
    bytes_read: number;
    invalid_utf8: number;
  };
  let files: Map<string, FileRow>;

  before(async () => {
    const data = tempDir();
    corpus = await writeHostileCorpus(data, LIMITS);
    engine = new LocalEngine({ dataSources: [data], cacheDir: tempDir(), workerScript: WORKER, ingestLimits: LIMITS });
    first = (await rowsOf(engine, request('local', 'SELECT count(*) FROM cloudtrail'))).metadata;
    const manifest = await rowsOf(
      engine,
      request('local', 'SELECT path, records, skipped_records, failed, problems, bytes_read, invalid_utf8 FROM _files'),
    );
    files = new Map(objects(manifest).map(o => [path.basename(String(o.path)), o as unknown as FileRow]));
  });
  after(() => engine.dispose());

  const problems = (name: string) => (JSON.parse(files.get(name)?.problems ?? '[]') as string[]).join('\n');

  it('loads every row of the good files beside the hostile ones', async () => {
    assert.equal(first.error, undefined);
    assert.equal(first.context.cloudTrailEvents, String(corpus.cloudTrailEvents));
    assert.equal(first.context.flowRecords, String(corpus.flowRecords));
    const ids = await rowsOf(
      engine,
      request('athena', "SELECT eventid FROM cloudtrail_logs WHERE eventid NOT LIKE '0000%' ORDER BY eventid"),
    );
    assert.deepEqual(
      ids.rows.map(r => r[0]),
      ['deep-ok', 'long-1', 'long-2'],
    );
    assert.equal(first.context.skippedFiles, '4');
  });

  it("skips a gzip bomb at the size limit, by the worker's own accounting, and names it with the reason", () => {
    const doc = files.get('bomb.json.gz');
    assert.equal(doc?.failed, true);
    assert.equal(doc?.records, 0);
    assert.match(
      problems('bomb.json.gz'),
      /bomb\.json\.gz: decompresses to a JSON document of more than 4 MiB, the limit for a document read whole; /,
    );
    const stoppedAt = (bytes: number, limit: number) => bytes > limit && bytes <= limit + CHUNK;
    assert.ok(stoppedAt(doc.bytes_read, LIMITS.maxDocumentBytes), String(doc.bytes_read));

    const lines = files.get('bomb-lines.log.gz');
    assert.equal(lines?.failed, true);
    assert.equal(lines?.records, 0);
    assert.match(
      problems('bomb-lines.log.gz'),
      /bomb-lines\.log\.gz: decompresses to more than 8 MiB, the limit for one file; file skipped/,
    );
    assert.ok(stoppedAt(lines.bytes_read, LIMITS.maxFileBytes), String(lines.bytes_read));

    assert.ok(corpus.bombBytes >= 1024 * MiB);
    const peak = Number(first.context.enginePeakRssMB);
    assert.ok(peak > 0 && peak < PEAK_RSS_BOUND_MB, `engine peak RSS ${peak} MB`);
  });

  it('skips a line over the limit, counts it, and loads the rest of its file', () => {
    const file = files.get('long-line.jsonl');
    assert.deepEqual([file?.records, file?.skipped_records, file?.failed], [2, 1, false]);
    assert.match(
      problems('long-line.jsonl'),
      /long-line\.jsonl: line 2: longer than 1 MiB, the limit for a line; line skipped/,
    );
  });

  it('skips a record nested thousands deep, naming it, and keeps the rest of the file', () => {
    const file = files.get('deep-record.json');
    assert.deepEqual([file?.records, file?.skipped_records], [1, 1]);
    assert.match(
      problems('deep-record.json'),
      /deep-record\.json: Records\[1\]: nested deeper than 64 levels; record skipped/,
    );
  });

  it('skips Parquet that is no flow log or that DuckDB cannot read, and names every skipped file in the run', () => {
    assert.match(
      problems('unrelated.parquet'),
      /unrelated\.parquet: a Parquet file that has none of the VPC flow log fields .*; file skipped/,
    );
    assert.match(
      problems('corrupt-pages.parquet'),
      /corrupt-pages\.parquet: DuckDB cannot load it \(.*\); file skipped/,
    );
    assert.equal(files.get('corrupt-pages.parquet')?.records, 0);
    const reported = first.context.loadProblems ?? '';
    for (const name of ['bomb.json.gz', 'bomb-lines.log.gz', 'unrelated.parquet', 'corrupt-pages.parquet']) {
      assert.match(reported, new RegExp(`${name.replace(/\./g, '\\.')}: .*file skipped`), name);
    }
  });

  it('counts invalid UTF-8 per file and in the run, and leaves valid text as it is', async () => {
    assert.equal(files.get('invalid-utf8.log')?.invalid_utf8, corpus.invalidUtf8);
    assert.match(problems('invalid-utf8.log'), /invalid-utf8\.log: 4 invalid UTF-8 sequence\(s\) replaced by U\+FFFD/);
    assert.equal(first.context.invalidUtf8, String(corpus.invalidUtf8));
    for (const [name, row] of files) if (name !== 'invalid-utf8.log') assert.equal(row.invalid_utf8, 0, name);
    const status = await rowsOf(
      engine,
      request('athena', "SELECT log_status FROM vpc_flow_logs WHERE log_status LIKE 'OK_%'"),
    );
    const replaced = ['OK\uFFFD', 'OK\uFFFD', 'OK\uFFFDé', 'OK\uFFFD\uFFFD'];
    assert.deepEqual(status.rows.map(r => r[0]).sort(), replaced);
  });

  it('remembers the skipped files: the next run loads nothing again and reports the same', async () => {
    const again = (await rowsOf(engine, request('local', 'SELECT count(*) FROM cloudtrail'))).metadata;
    assert.equal(again.context.loadedFiles, '0');
    for (const key of ['cloudTrailEvents', 'flowRecords', 'skippedFiles', 'skippedRecords', 'invalidUtf8']) {
      assert.equal(again.context[key], first.context[key], key);
    }
  });
});
