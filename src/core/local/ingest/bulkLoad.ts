// DuckDB reads and decompresses the common files itself, in parallel over the file list: CloudTrail delivery files
// (`{"Records":[...]}`) with its JSON reader, flow-log text with its CSV reader. A file the bulk read rejects, or
// that holds anything the Node loader would report (a record without eventTime, a line with the wrong field count,
// invalid UTF-8, a record nested too deep), goes back to the Node loader, which names the file and the problem.
import type { DuckDBConnection } from '@duckdb/node-api';
import { BOOLEAN, DuckDBScalarFunction, INTEGER, VARCHAR } from '@duckdb/node-api';
import { isAthenaFlowColumn, quoteIdent, quoteLiteral } from '../schema';
import type { FileKind } from './detect';
import { flowFieldsProblem } from './detect';
import type { DataFile } from './files';
import { IngestLimits } from './limits';
import type { FileHead } from './lines';
import type { LoadProgress } from './loadProgress';
import { cloudTrailSelect, flowSelect, pathList } from './readerSql';

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

/**
 * The bulk form of a file, or undefined when the Node loader must read it: other kinds, and a file whose stated size
 * is past a limit (the Node loader stops at the limit and says so).
 */
export function bulkCandidate(
  file: DataFile,
  kind: FileKind,
  { gzip, statedBytes }: FileHead,
  limits: IngestLimits,
): BulkFile | undefined {
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

/**
 * The order a chunk's rows are stored in, grouped by what investigations ask about most: CloudTrail events by user,
 * flow-log records by source address. A lookup of one user then decompresses the stored raw records of that user's
 * rows only (a user in 5% of the events otherwise sits in every block), and a sum per address reads runs of the same
 * address (the flow-log top talkers took a quarter less time). Time order is kept across chunks, not within one.
 */
function storageOrder(file: BulkFile): string {
  if (file.form === 'cloudtrail') return ' ORDER BY _username';
  return file.fields.includes('srcaddr') ? ' ORDER BY srcaddr' : '';
}

/** Loads one chunk in one transaction; on failure, its halves, until the files that fail alone are found. */
async function loadChunk(conn: DuckDBConnection, chunk: BulkFile[], opts: BulkOptions): Promise<DataFile[]> {
  if (opts.cancelled()) throw opts.stop();
  await conn.run('BEGIN TRANSACTION');
  let redo: Set<string>;
  try {
    if (chunk[0].form === 'flow') await addFlowFields(conn, chunk[0].fields);
    const insert =
      chunk[0].form === 'cloudtrail'
        ? `INSERT INTO ct_events BY NAME ${cloudTrailSelect(chunk, opts.limits)}`
        : `INSERT INTO flow_records BY NAME ${flowSelect(chunk, 'note')}`;
    await conn.run(insert + storageOrder(chunk[0]));
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

/**
 * The files in groups one statement can read together: the same reader, compression and field list. Small files
 * first, so a chunk's JSON buffers are sized to its own largest file.
 */
export function readerGroups(files: BulkFile[]): BulkFile[][] {
  const groups = new Map<string, BulkFile[]>();
  for (const f of [...files].sort((a, b) => a.statedBytes - b.statedBytes)) {
    const key = [f.form, f.gzip, f.header, f.fields.join(' ')].join('|');
    const group = groups.get(key);
    if (group) group.push(f);
    else groups.set(key, [f]);
  }
  return [...groups.values()];
}

/** Each reader group in chunks. */
function chunksOf(files: BulkFile[]): BulkFile[][] {
  const chunks: BulkFile[][] = [];
  for (const group of readerGroups(files)) {
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
