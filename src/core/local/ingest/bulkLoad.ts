// DuckDB reads and decompresses the common files itself, in parallel over the file list: CloudTrail delivery files
// (`{"Records":[...]}`) with its JSON reader, flow-log text with its CSV reader. A file the bulk read rejects, or
// that holds anything the Node loader would report (a record without eventTime, a line with the wrong field count,
// invalid UTF-8, a record nested too deep), goes back to the Node loader, which names the file and the problem.
import type { DuckDBConnection } from '@duckdb/node-api';
import { BOOLEAN, DuckDBScalarFunction, INTEGER, VARCHAR } from '@duckdb/node-api';
import {
  cloudTrailJsonStructure,
  flowColumnType,
  flowColumnsInOrder,
  isAthenaFlowColumn,
  quoteIdent,
  quoteLiteral,
} from '../schema';
import type { FileKind } from './detect';
import { flowFieldsProblem } from './detect';
import type { DataFile } from './files';
import { IngestLimits } from './limits';
import { gzipStatedSize, isGzip, readHead } from './lines';
import type { LoadProgress } from './loadProgress';

/** A data file DuckDB reads itself, and how. */
export interface BulkFile {
  file: DataFile;
  form: 'cloudtrail' | 'flow';
  gzip: boolean;
  /** Decompressed size as far as known before reading (the gzip trailer's statement, or the file size). */
  statedBytes: number;
  /** Flow logs: the columns, and whether the first line names them. */
  fields: string[];
  header: boolean;
}

/**
 * A statement reads at most this many files or on-disk bytes: progress moves, a failure costs one chunk, and the
 * gathered records of a chunk stay well inside DuckDB's memory budget.
 */
const CHUNK_FILES = 1000;
const CHUNK_BYTES = 8 * 1024 * 1024;
/** Below this average decompressed size (about 250 records), a chunk's CloudTrail records are gathered before the cast. */
const SMALL_FILE_BYTES = 256 * 1024;

/**
 * The bulk form of a file, or undefined when the Node loader must read it: other kinds, and a file whose stated size
 * is past a limit (the Node loader stops at the limit and says so).
 */
export function bulkCandidate(file: DataFile, kind: FileKind, limits: IngestLimits): BulkFile | undefined {
  const gzip = isGzip(readHead(file.path, 2));
  const statedBytes = gzip ? gzipStatedSize(file.path, file.size) : file.size;
  if (statedBytes > limits.maxFileBytes) return undefined;
  if (kind.kind === 'cloudtrail-json' && kind.deliveryFile) {
    if (statedBytes > limits.maxDocumentBytes) return undefined;
    return { file, form: 'cloudtrail', gzip, statedBytes, fields: [], header: false };
  }
  if (kind.kind === 'flow-text' && !kind.timestampPrefix && !flowFieldsProblem(kind.fields)) {
    return { file, form: 'flow', gzip, statedBytes, fields: kind.fields, header: kind.hasHeader };
  }
  return undefined;
}

/** True when the JSON text nests objects/arrays deeper than `max` (brackets inside strings do not count). */
export function jsonTextDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}

/** irp_deeper_than(json, max): the exact depth check, called only for records with more brackets than `max`. */
export function registerDepthCheck(conn: DuckDBConnection): void {
  conn.registerScalarFunction(
    DuckDBScalarFunction.create({
      name: 'irp_deeper_than',
      returnType: BOOLEAN,
      parameterTypes: [VARCHAR, INTEGER],
      mainFunction: (_info, input, output) => {
        const texts = input.getColumnVector(0);
        const maxes = input.getColumnVector(1);
        for (let row = 0; row < input.rowCount; row++) {
          output.setItem(row, jsonTextDeeperThan(String(texts.getItem(row)), Number(maxes.getItem(row))));
        }
        output.flush();
      },
    }),
  );
}

/** Records a flow-log file's fields; a field beyond the Athena DDL becomes a VARCHAR column of flow_records. */
export async function addFlowFields(conn: DuckDBConnection, fields: string[]): Promise<void> {
  for (const f of fields) {
    if (!isAthenaFlowColumn(f))
      await conn.run(`ALTER TABLE flow_records ADD COLUMN IF NOT EXISTS ${quoteIdent(f)} VARCHAR`);
    await conn.run(`INSERT OR IGNORE INTO _flow_fields VALUES (${quoteLiteral(f)})`);
  }
}

const pathList = (files: BulkFile[]) => `[${files.map(f => quoteLiteral(f.file.path)).join(', ')}]`;
const SOURCE = '_irp_source_file';
/** `/YYYY/MM/DD/` in a path (S3 delivery layout): the partition day. */
const DAY_IN_PATH = `regexp_extract(${SOURCE}, '[\\\\/](\\d{4})[\\\\/](\\d{2})[\\\\/](\\d{2})[\\\\/]', ['y', 'm', 'd'])`;
const CT_PARTITIONS =
  `regexp_extract(${SOURCE}, '[\\\\/]CloudTrail[\\\\/]([a-z0-9-]+)[\\\\/](\\d{4})[\\\\/](\\d{2})[\\\\/](\\d{2})[\\\\/]', ` +
  "['region', 'year', 'month', 'day'])";

/**
 * One statement for CloudTrail files: each record parsed once by DuckDB, kept as text (`_raw`, the evidence) and
 * cast to the Athena columns by CloudTrail's key names. A record the Node loader would skip gets a NULL `_event_ts`,
 * which marks its file for the Node loader.
 */
function cloudTrailInsert(files: BulkFile[], limits: IngestLimits): string {
  // DuckDB's JSON reader gives each thread a buffer of twice this size: sized to the largest document the trailers
  // state, not to the limit (a trailer that understates makes the read fail, and the Node loader takes the file).
  const largest = Math.max(...files.map(f => f.statedBytes));
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
  const average = files.reduce((n, f) => n + f.statedBytes, 0) / files.length;
  const gather = average < SMALL_FILE_BYTES ? 'MATERIALIZED' : 'NOT MATERIALIZED';
  return `INSERT INTO ct_events BY NAME
    WITH records AS ${gather} (
      SELECT ${SOURCE}, unnest(Records) AS r
      FROM read_json(${pathList(files)}, columns = {Records: 'JSON[]'}, format = 'unstructured', records = true,
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

/** One statement for flow-log files of one field list; rows of a line DuckDB rejects are noted in _bulk_rejects. */
function flowInsert(files: BulkFile[]): string {
  const { fields, header, gzip } = files[0];
  const cols = flowColumnsInOrder(fields).map(n => {
    const t = flowColumnType(n);
    return t === 'VARCHAR' ? quoteIdent(n) : `TRY_CAST(${quoteIdent(n)} AS ${t}) AS ${quoteIdent(n)}`;
  });
  const start = fields.includes('start') ? 'to_timestamp(TRY_CAST("start" AS BIGINT))' : 'NULL';
  const columns = fields.map(f => `${quoteLiteral(f)}: 'VARCHAR'`).join(', ');
  return `INSERT INTO flow_records BY NAME
    SELECT ${cols.join(', ')}, ${SOURCE} AS _file,
      coalesce(TRY_CAST(d.y || '-' || d.m || '-' || d.d AS DATE), CAST(${start} AS DATE)) AS "date"
    FROM (
      SELECT *, ${DAY_IN_PATH} AS d
      FROM read_csv(${pathList(files)}, delim = ' ', header = ${header}, auto_detect = false, quote = '',
        escape = '', comment = '', strict_mode = true, null_padding = false, columns = {${columns}},
        compression = '${gzip ? 'gzip' : 'none'}', filename = '${SOURCE}', store_rejects = true,
        rejects_table = '_bulk_rejects', rejects_scan = '_bulk_scans', rejects_limit = 1)
    )`;
}

async function strings(conn: DuckDBConnection, sql: string): Promise<string[]> {
  return (await conn.runAndReadAll(sql)).getRows().map(r => String(r[0]));
}

/** Files of this chunk whose rows must come from the Node loader instead (their rows are deleted here). */
async function filesToRedo(
  conn: DuckDBConnection,
  chunk: BulkFile[],
  counts: Map<string, number>,
  limits: IngestLimits,
) {
  const redo = new Set<string>();
  if (chunk[0].form === 'cloudtrail') {
    for (const p of await strings(conn, 'SELECT DISTINCT _file FROM ct_events WHERE _event_ts IS NULL')) redo.add(p);
  } else {
    const rejected = await strings(
      conn,
      `SELECT DISTINCT s.file_path FROM _bulk_rejects e JOIN _bulk_scans s USING (scan_id, file_id)`,
    );
    for (const p of rejected) redo.add(p);
    await conn.run('DROP TABLE IF EXISTS _bulk_rejects');
    await conn.run('DROP TABLE IF EXISTS _bulk_scans');
    // Each line takes at least two bytes a field: more rows than fit in the limit means the file was past it (a gzip
    // whose trailer understated its size). The Node loader stops at the limit and names it.
    for (const f of chunk) {
      if ((counts.get(f.file.path) ?? 0) * 2 * f.fields.length > limits.maxFileBytes) redo.add(f.file.path);
    }
  }
  if (redo.size) {
    const table = chunk[0].form === 'cloudtrail' ? 'ct_events' : 'flow_records';
    const list = [...redo].map(quoteLiteral).join(', ');
    await conn.run(`DELETE FROM ${table} WHERE _file IN (${list})`);
  }
  return redo;
}

async function recordCounts(conn: DuckDBConnection, chunk: BulkFile[]): Promise<Map<string, number>> {
  const table = chunk[0].form === 'cloudtrail' ? 'ct_events' : 'flow_records';
  const r = await conn.runAndReadAll(
    `SELECT _file, count(*) FROM ${table} WHERE _file IN (SELECT unnest(${pathList(chunk)})) GROUP BY _file`,
  );
  return new Map(r.getRows().map(([p, n]) => [String(p), Number(n)]));
}

/** The manifest rows of the files this chunk loaded, written in the same transaction as their rows. */
async function writeManifest(conn: DuckDBConnection, files: BulkFile[], counts: Map<string, number>): Promise<void> {
  if (!files.length) return;
  const rows = files.map(f => {
    const problems =
      f.form === 'flow' && !f.header ? [`${f.file.path}: no header line; read as the default (version 2) format`] : [];
    const kind = f.form === 'cloudtrail' ? 'cloudtrail-json' : 'flow-text';
    return `(${quoteLiteral(f.file.path)}, ${f.file.size}, ${f.file.mtimeMs}, '${kind}',
      ${counts.get(f.file.path) ?? 0}, 0, false, ${quoteLiteral(JSON.stringify(problems))}, ${f.statedBytes}, 0)`;
  });
  await conn.run(`INSERT INTO _files VALUES ${rows.join(',\n')}`);
}

export interface BulkOptions {
  limits: IngestLimits;
  progress: LoadProgress;
  cancelled: () => boolean;
  /** Thrown when the load was cancelled. */
  stop: () => Error;
}

/** Loads one chunk in one transaction; on failure, its halves, until the files that fail alone are found. */
async function loadChunk(conn: DuckDBConnection, chunk: BulkFile[], opts: BulkOptions): Promise<DataFile[]> {
  if (opts.cancelled()) throw opts.stop();
  await conn.run('BEGIN TRANSACTION');
  let redo: Set<string>;
  try {
    if (chunk[0].form === 'flow') await addFlowFields(conn, chunk[0].fields);
    await conn.run(chunk[0].form === 'cloudtrail' ? cloudTrailInsert(chunk, opts.limits) : flowInsert(chunk));
    const counts = await recordCounts(conn, chunk);
    redo = await filesToRedo(conn, chunk, counts, opts.limits);
    await writeManifest(
      conn,
      chunk.filter(f => !redo.has(f.file.path)),
      counts,
    );
    await conn.run('COMMIT');
  } catch {
    await conn.run('ROLLBACK').catch(() => undefined);
    if (opts.cancelled()) throw opts.stop();
    // The file's problem is named by the Node loader, which reads it next.
    if (chunk.length === 1) return [chunk[0].file];
    const half = Math.ceil(chunk.length / 2);
    return [
      ...(await loadChunk(conn, chunk.slice(0, half), opts)),
      ...(await loadChunk(conn, chunk.slice(half), opts)),
    ];
  }
  opts.progress.advance(chunk.filter(f => !redo.has(f.file.path)).map(f => f.file));
  return chunk.filter(f => redo.has(f.file.path)).map(f => f.file);
}

/** Groups files a statement can read together (same reader, compression and field list), in chunks. */
function chunksOf(files: BulkFile[]): BulkFile[][] {
  const groups = new Map<string, BulkFile[]>();
  // Small files together, so a chunk's JSON buffers are sized to its own largest file.
  for (const f of [...files].sort((a, b) => a.statedBytes - b.statedBytes)) {
    const key = [f.form, f.gzip, f.header, f.fields.join(' ')].join('|');
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  const chunks: BulkFile[][] = [];
  for (const group of groups.values()) {
    let chunk: BulkFile[] = [];
    let bytes = 0;
    for (const f of group) {
      if (chunk.length && (chunk.length >= CHUNK_FILES || bytes + f.file.size > CHUNK_BYTES)) {
        chunks.push(chunk);
        chunk = [];
        bytes = 0;
      }
      chunk.push(f);
      bytes += f.file.size;
    }
    if (chunk.length) chunks.push(chunk);
  }
  return chunks;
}

/**
 * Loads the files DuckDB can read itself, chunk by chunk, each chunk committed with its manifest rows (a cancelled
 * load keeps the chunks done, and the next load goes on from there). Returns the files the Node loader must read.
 */
export async function bulkLoad(conn: DuckDBConnection, files: BulkFile[], opts: BulkOptions): Promise<DataFile[]> {
  const redo: DataFile[] = [];
  for (const chunk of chunksOf(files)) redo.push(...(await loadChunk(conn, chunk, opts)));
  return redo;
}
