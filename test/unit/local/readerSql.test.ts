// The readers' SQL for a trail's worth of small files: no list literal (DuckDB parses one at about 5 KB a path), no
// argument per file anywhere (a spread of 150,000 values overflows the stack), and a folder's files as one pattern.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { readerPatterns } from '../../../src/core/local/directViews';
import type { BulkFile } from '../../../src/core/local/ingest/bulkLoad';
import { DEFAULT_LIMITS } from '../../../src/core/local/ingest/limits';
import { cloudTrailSelect, pathList } from '../../../src/core/local/ingest/readerSql';
import { tempDir } from './helpers';

const files: BulkFile[] = Array.from({ length: 200_000 }, (_, i) => ({
  file: { path: `/logs/AWSLogs/111122223333/CloudTrail/eu-west-1/2026/11/20/f${i}.json.gz`, size: 900, mtimeMs: 0 },
  form: 'cloudtrail',
  gzip: true,
  statedBytes: 4000 + (i % 7),
  fields: [],
  header: false,
}));

describe('readers over many files', () => {
  it('takes the file list from other SQL, and streams small files when asked', () => {
    const sql = cloudTrailSelect(files, DEFAULT_LIMITS, { paths: "getvariable('irp_files_0')", gather: false });
    assert.match(sql, /read_json\(getvariable\('irp_files_0'\)/);
    assert.doesNotMatch(sql, /f199999/);
    assert.match(sql, /WITH records AS NOT MATERIALIZED/);
    assert.match(sql, /maximum_object_size = 1048576/);
  });

  it('gathers small files when loading, with the paths as a literal', () => {
    const chunk = files.slice(0, 3);
    const sql = cloudTrailSelect(chunk, DEFAULT_LIMITS);
    assert.match(sql, /WITH records AS MATERIALIZED/);
    assert.ok(sql.includes(pathList(chunk)));
  });
});

describe('readers over folders', () => {
  const bulk = (p: string): BulkFile => ({ ...files[0], file: { path: p, size: 1, mtimeMs: 0 } });
  const folderWith = (names: string[], under = tempDir()) => {
    fs.mkdirSync(under, { recursive: true });
    for (const n of names) fs.writeFileSync(path.join(under, n), '{}');
    return under;
  };

  it('reads a folder as one pattern when the reader takes every entry, else file by file', () => {
    const whole = folderWith(['a.json.gz', 'b.json.gz']);
    assert.deepEqual(readerPatterns([bulk(path.join(whole, 'a.json.gz')), bulk(path.join(whole, 'b.json.gz'))]), [
      path.join(whole, '*'),
    ]);
    const mixed = folderWith(['a.json.gz', 'digest.json.gz']);
    assert.deepEqual(readerPatterns([bulk(path.join(mixed, 'a.json.gz'))]), [path.join(mixed, 'a.json.gz')]);
    const hidden = folderWith(['a.json.gz', '.DS_Store']);
    assert.deepEqual(readerPatterns([bulk(path.join(hidden, 'a.json.gz'))]), [path.join(hidden, 'a.json.gz')]);
    const sub = folderWith(['a.json.gz']);
    fs.mkdirSync(path.join(sub, 'more'));
    assert.deepEqual(readerPatterns([bulk(path.join(sub, 'a.json.gz'))]), [path.join(sub, 'a.json.gz')]);
  });

  it('lists a folder whose name DuckDB would read as a pattern file by file', () => {
    const odd = folderWith(['a.json.gz'], path.join(tempDir(), 'logs[1]'));
    assert.deepEqual(readerPatterns([bulk(path.join(odd, 'a.json.gz'))]), [path.join(odd, 'a.json.gz')]);
  });
});
