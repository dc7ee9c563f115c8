// The readers' SQL for a trail's worth of small files: no list literal (DuckDB parses one at about 5 KB a path) and
// no argument per file anywhere (a spread of 150,000 values overflows the stack).
import assert from 'node:assert/strict';
import type { BulkFile } from '../../../src/core/local/ingest/bulkLoad';
import { DEFAULT_LIMITS } from '../../../src/core/local/ingest/limits';
import { cloudTrailSelect, pathList } from '../../../src/core/local/ingest/readerSql';

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
