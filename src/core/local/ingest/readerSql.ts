// The SQL that has DuckDB read log files itself: CloudTrail delivery files with its JSON reader, flow-log text with
// its CSV reader. The loader inserts what these SELECTs give into the cache (bulkLoad.ts); the first question on files
// never loaded runs on views of the same SELECTs (directViews.ts), so both see the same rows.
import { cloudTrailJsonStructure, flowColumnType, flowColumnsInOrder, quoteIdent, quoteLiteral } from '../schema';
import type { BulkFile } from './bulkLoad';
import type { IngestLimits } from './limits';

/** Below this average decompressed size (about 250 records), a chunk's CloudTrail records are gathered before the cast. */
const SMALL_FILE_BYTES = 256 * 1024;

/**
 * The files as a list literal. A reader may take other SQL giving the list instead: a literal of thousands of paths
 * costs DuckDB about 5 KB of memory a path to parse and bind.
 */
export const pathList = (files: BulkFile[]) => `[${files.map(f => quoteLiteral(f.file.path)).join(', ')}]`;
const SOURCE = '_irp_source_file';
/** `/YYYY/MM/DD/` in a path (S3 delivery layout): the partition day. */
const DAY_IN_PATH = `regexp_extract(${SOURCE}, '[\\\\/](\\d{4})[\\\\/](\\d{2})[\\\\/](\\d{2})[\\\\/]', ['y', 'm', 'd'])`;
const CT_PARTITIONS =
  `regexp_extract(${SOURCE}, '[\\\\/]CloudTrail[\\\\/]([a-z0-9-]+)[\\\\/](\\d{4})[\\\\/](\\d{2})[\\\\/](\\d{2})[\\\\/]', ` +
  "['region', 'year', 'month', 'day'])";

/** How a reader's SELECT is built: the SQL giving its file list, and whether small files' records are gathered. */
export interface ReaderOptions {
  /** Default: a list literal of the paths. */
  paths?: string;
  /** Default: when the files average under SMALL_FILE_BYTES (a load); false streams every file (a query). */
  gather?: boolean;
}

/**
 * CloudTrail files: each record parsed once by DuckDB, kept as text (`_raw`, the evidence) and cast to the Athena
 * columns by CloudTrail's key names. A record the Node loader would skip gets a NULL `_event_ts`, which marks its file
 * for the Node loader.
 */
export function cloudTrailSelect(files: BulkFile[], limits: IngestLimits, options: ReaderOptions = {}): string {
  // DuckDB's JSON reader gives each thread a buffer of twice this size: sized to the largest document the trailers
  // state, not to the limit (a trailer that understates makes the read fail, and the Node loader takes the file).
  // (A reduce, not Math.max(...): a spread of 150,000 arguments overflows the stack.)
  const largest = files.reduce((n, f) => Math.max(n, f.statedBytes), 0);
  const objectLimit = Math.min(limits.maxDocumentBytes, Math.max(1 << 20, largest + 1024));
  const structure = quoteLiteral(JSON.stringify(cloudTrailJsonStructure()));
  const depth = limits.maxJsonDepth;
  // Splitting on one character is about 10 times faster than the replace() it replaced (measured over 20,000
  // records); each split has one more part than the text has brackets.
  const brackets = "len(string_split(_raw, '{')) + len(string_split(_raw, '[')) - 2";
  const ui = 's.userIdentity';
  // LookupEvents' Username (cloudtrailRows.ts userNameOf), so a Username lookup finds what the rows show.
  const username = `coalesce(nullif(${ui}.userName, ''),
      CASE WHEN ${ui}."type" = 'AssumedRole' AND ${ui}.arn <> '' THEN string_split(${ui}.arn, '/')[-1] END,
      nullif(${ui}.sessionContext.sessionIssuer.userName, ''), nullif(${ui}.principalId, ''))`;
  // Records of small files are gathered first (MATERIALIZED): a small file alone makes a vector of a few rows, and
  // the struct cast below costs per vector, about 50 times more over thousands of small files than over the gathered
  // rows. Files of hundreds of records fill their vectors: they stream, which keeps the chunk's records out of memory.
  // A query on the files streams them: gathered, the records of 150,000 small files would have to fit in memory.
  const average = files.reduce((n, f) => n + f.statedBytes, 0) / files.length;
  const gather = (options.gather ?? average < SMALL_FILE_BYTES) ? 'MATERIALIZED' : 'NOT MATERIALIZED';
  return `WITH records AS ${gather} (
      SELECT ${SOURCE}, unnest(Records) AS r
      FROM read_json(${options.paths ?? pathList(files)}, columns = {Records: 'JSON[]'}, format = 'unstructured', records = true,
        auto_detect = false, compression = '${files[0].gzip ? 'gzip' : 'none'}', filename = '${SOURCE}',
        maximum_object_size = ${objectLimit})
    )
    SELECT unnest(s),
      coalesce(nullif(p.region, ''), s.awsRegion) AS region,
      coalesce(nullif(p.year, ''), strftime(ts, '%Y')) AS year,
      coalesce(nullif(p.month, ''), strftime(ts, '%m')) AS month,
      coalesce(nullif(p.day, ''), strftime(ts, '%d')) AS day,
      ${SOURCE} AS _file,
      ${username} AS _username,
      CASE WHEN s.eventName <> '' AND s.eventSource <> ''
        AND NOT (CASE WHEN ${brackets} > ${depth} THEN irp_deeper_than(_raw, ${depth}) ELSE false END) THEN ts END
        AS _event_ts,
      _raw
    FROM (
      SELECT *, date_trunc('millisecond', CAST(TRY_CAST(s.eventTime AS TIMESTAMPTZ) AS TIMESTAMP)) AS ts,
        ${CT_PARTITIONS} AS p
      FROM (SELECT ${SOURCE}, CAST(r AS VARCHAR) AS _raw, json_transform(r, ${structure}) AS s FROM records)
    )`;
}

const noteRejects = {
  note: `, store_rejects = true, rejects_table = '_bulk_rejects', rejects_scan = '_bulk_scans', rejects_limit = 1`,
  fail: '',
};

/**
 * Flow-log files of one field list. A line DuckDB rejects is noted in _bulk_rejects when loading (its file goes to
 * the Node loader); a query on the files themselves fails on it instead (it is answered after a load).
 */
export function flowSelect(files: BulkFile[], rejects: 'note' | 'fail', paths = pathList(files)): string {
  const { fields, header, gzip } = files[0];
  const cols = flowColumnsInOrder(fields).map(n => {
    const t = flowColumnType(n);
    return t === 'VARCHAR' ? quoteIdent(n) : `TRY_CAST(${quoteIdent(n)} AS ${t}) AS ${quoteIdent(n)}`;
  });
  const start = fields.includes('start') ? 'to_timestamp(TRY_CAST("start" AS BIGINT))' : 'NULL';
  const columns = fields.map(f => `${quoteLiteral(f)}: 'VARCHAR'`).join(', ');
  return `SELECT ${cols.join(', ')}, ${SOURCE} AS _file,
      coalesce(TRY_CAST(d.y || '-' || d.m || '-' || d.d AS DATE), CAST(${start} AS DATE)) AS "date"
    FROM (
      SELECT *, ${DAY_IN_PATH} AS d
      FROM read_csv(${paths}, delim = ' ', header = ${header}, auto_detect = false, quote = '',
        escape = '', comment = '', strict_mode = true, null_padding = false, columns = {${columns}},
        compression = '${gzip ? 'gzip' : 'none'}', filename = '${SOURCE}'${noteRejects[rejects]})
    )`;
}
