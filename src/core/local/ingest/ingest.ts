// Loads the data sources into the cache database once, and again only for files that changed (path, size, mtime).
// Runs in the worker process. Everything is replaced in one transaction, so a cancelled or failed load leaves the
// previous state intact.
import fs from 'node:fs';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import {
  CLOUDTRAIL_COLUMNS, CLOUDTRAIL_INTERNAL, CLOUDTRAIL_PARTITIONS, SCHEMA_VERSION, baseTableStatements, duckdbType,
  flowColumnName, flowColumnType, flowColumnsInOrder, isAthenaFlowColumn, quoteIdent, quoteLiteral, viewStatements,
} from '../schema';
import { FileResult, addProblem, convertCloudTrail, convertFlowText, newResult } from './convert';
import { detectFileKind } from './detect';
import { DataFile, listDataFiles } from './files';
import { StagingWriter } from './staging';

export interface IngestSummary {
  dataSource: string;
  files: number;
  cloudTrailEvents: number;
  flowRecords: number;
  skippedRecords: number;
  skippedFiles: number;
  /** First problems across files, each naming the file and line or record. */
  problems: string[];
  /** Files (re)loaded by this call; 0 when the cache was up to date. */
  loadedFiles: number;
}

export interface IngestOptions {
  dataSources: string[];
  cacheDir: string;
  progress: (message: string) => void;
  cancelled: () => boolean;
}

class IngestCancelled extends Error {}

const DATE_IN_PATH = /[\\/](\d{4})[\\/](\d{2})[\\/](\d{2})[\\/]/;

async function scalar(conn: DuckDBConnection, sql: string): Promise<unknown> {
  const r = await conn.runAndReadAll(sql);
  return r.getRows()[0]?.[0];
}

/**
 * Once per opened cache: creates the tables (again, when the cache is from another schema version) and the Athena
 * views over what it holds, so a query on a cache with no data finds empty tables rather than missing ones.
 */
export async function prepareCache(conn: DuckDBConnection): Promise<void> {
  for (const s of baseTableStatements()) await conn.run(s);
  const version = await scalar(conn, "SELECT value FROM _meta WHERE key = 'schema'");
  if (version !== SCHEMA_VERSION) {
    if (version !== undefined) {
      for (const t of ['ct_events', 'flow_records', '_files', '_flow_fields', '_meta']) await conn.run(`DROP TABLE ${t} CASCADE`);
      for (const s of baseTableStatements()) await conn.run(s);
    }
    await conn.run(`INSERT OR REPLACE INTO _meta VALUES ('schema', ${quoteLiteral(SCHEMA_VERSION)})`);
  }
  await createViews(conn);
}

async function createViews(conn: DuckDBConnection): Promise<void> {
  const fields = (await conn.runAndReadAll('SELECT name FROM _flow_fields')).getRows().map(r => String(r[0]));
  for (const s of viewStatements(fields)) await conn.run(s);
}

interface Manifest { size: number; mtimeMs: number }

async function readManifest(conn: DuckDBConnection): Promise<Map<string, Manifest>> {
  const r = await conn.runAndReadAll('SELECT path, size, mtime_ms FROM _files');
  return new Map(r.getRows().map(([p, s, m]) => [String(p), { size: Number(s), mtimeMs: Number(m) }]));
}

/** Converted files waiting to be inserted. */
interface Batch {
  results: FileResult[];
  files: DataFile[];
  ctStaging: StagingWriter;
  /** One staging file per distinct field list. */
  flowStaging: Map<string, { fields: string[]; writer: StagingWriter }>;
  parquet: Array<{ index: number; result: FileResult }>;
}

async function convertFiles(changed: DataFile[], stagingDir: string, opts: IngestOptions): Promise<Batch> {
  const batch: Batch = {
    results: [], files: changed, ctStaging: new StagingWriter(path.join(stagingDir, 'cloudtrail.ndjson')),
    flowStaging: new Map(), parquet: [],
  };
  for (const [index, file] of changed.entries()) {
    if (opts.cancelled()) throw new IngestCancelled('cancelled while loading');
    if (index % 20 === 0) opts.progress(`Loading data: file ${index + 1} of ${changed.length}`);
    const kind = detectFileKind(file.path);
    const result = newResult(file.path, kind.kind);
    batch.results.push(result);
    if (kind.kind === 'cloudtrail-json' || kind.kind === 'cloudtrail-jsonl') {
      await convertCloudTrail(kind, result, batch.ctStaging);
    } else if (kind.kind === 'flow-text') {
      const duplicate = kind.fields.find((f, i) => kind.fields.indexOf(f) !== i);
      if (duplicate) {
        result.failed = true;
        addProblem(result, 'line 1', `the header names field "${duplicate}" twice; file skipped`);
        continue;
      }
      const signature = kind.fields.join(' ');
      let staging = batch.flowStaging.get(signature);
      if (!staging) {
        staging = { fields: kind.fields, writer: new StagingWriter(path.join(stagingDir, `flow-${batch.flowStaging.size}.txt`)) };
        batch.flowStaging.set(signature, staging);
      }
      if (kind.timestampPrefix) addProblem(result, undefined, 'CloudWatch Logs export: the time at the start of each line was dropped; read as the default (version 2) format');
      else if (!kind.hasHeader) addProblem(result, undefined, 'no header line; read as the default (version 2) format');
      await convertFlowText(kind, index, result, staging.writer);
    } else if (kind.kind === 'flow-parquet') {
      batch.parquet.push({ index, result });
    } else if (kind.kind === 'unknown') {
      result.failed = true;
      addProblem(result, undefined, `${kind.reason}; file skipped`);
    }
  }
  await batch.ctStaging.close();
  for (const s of batch.flowStaging.values()) await s.writer.close();
  return batch;
}

function flowSelect(fields: string[], source: string): string {
  const cols = flowColumnsInOrder(fields).map(n => {
    const t = flowColumnType(n);
    return t === 'VARCHAR' ? `CAST(s.${quoteIdent(n)} AS VARCHAR) AS ${quoteIdent(n)}` : `TRY_CAST(s.${quoteIdent(n)} AS ${t}) AS ${quoteIdent(n)}`;
  });
  const start = fields.includes('start') ? 'to_timestamp(TRY_CAST(s."start" AS BIGINT))' : 'NULL';
  return `SELECT ${cols.join(', ')}, f.path AS _file, COALESCE(f.day, CAST(${start} AS DATE)) AS "date"
    FROM ${source} s JOIN _staging_files f ON f.idx = s._idx`;
}

/**
 * Fills a table from rows written to a JSON-lines staging file in one statement. Thousands of single-row inserts in
 * one transaction exhaust DuckDB's memory (a block per append); one bulk read does not.
 */
async function bulkInsert(conn: DuckDBConnection, table: string, columns: Record<string, string>, rows: object[],
  stagingDir: string): Promise<void> {
  if (!rows.length) return;
  const file = path.join(stagingDir, `${table}.ndjson`);
  fs.writeFileSync(file, rows.map(r => JSON.stringify(r)).join('\n') + '\n');
  const spec = Object.entries(columns).map(([n, t]) => `${quoteLiteral(n)}: ${quoteLiteral(t)}`).join(', ');
  await conn.run(`INSERT INTO ${table} BY NAME SELECT * FROM read_json(${quoteLiteral(file)}, format = 'newline_delimited',
    columns = {${spec}})`);
}

/** Records the fields a flow-log file has; a field beyond the Athena DDL becomes a VARCHAR column of flow_records. */
async function addFlowFields(conn: DuckDBConnection, fields: string[]): Promise<void> {
  for (const f of fields) {
    if (!isAthenaFlowColumn(f)) await conn.run(`ALTER TABLE flow_records ADD COLUMN IF NOT EXISTS ${quoteIdent(f)} VARCHAR`);
    await conn.run(`INSERT OR IGNORE INTO _flow_fields VALUES (${quoteLiteral(f)})`);
  }
}

async function insertBatch(conn: DuckDBConnection, batch: Batch, removed: string[], skipParquet: Set<number>,
  stagingDir: string): Promise<void> {
  const replaced = [...batch.files.map(f => f.path), ...removed];
  await conn.run('BEGIN TRANSACTION');
  try {
    await conn.run('CREATE OR REPLACE TEMP TABLE _replaced (path VARCHAR)');
    await conn.run('CREATE OR REPLACE TEMP TABLE _staging_files (idx INTEGER, path VARCHAR, day DATE)');
    await bulkInsert(conn, '_replaced', { path: 'VARCHAR' }, replaced.map(p => ({ path: p })), stagingDir);
    await bulkInsert(conn, '_staging_files', { idx: 'INTEGER', path: 'VARCHAR', day: 'DATE' }, batch.files.map((f, idx) => {
      const d = DATE_IN_PATH.exec(f.path);
      return { idx, path: f.path, day: d ? `${d[1]}-${d[2]}-${d[3]}` : null };
    }), stagingDir);
    for (const t of ['ct_events', 'flow_records']) await conn.run(`DELETE FROM ${t} WHERE _file IN (SELECT path FROM _replaced)`);
    await conn.run('DELETE FROM _files WHERE path IN (SELECT path FROM _replaced)');

    if (batch.ctStaging.lines > 0) {
      const columns = [
        ...Object.entries(CLOUDTRAIL_COLUMNS).map(([n, t]) => `${quoteLiteral(n)}: ${quoteLiteral(duckdbType(t))}`),
        ...[...CLOUDTRAIL_PARTITIONS, ...Object.keys(CLOUDTRAIL_INTERNAL)].map(n => `${quoteLiteral(n)}: 'VARCHAR'`),
      ];
      await conn.run(`INSERT INTO ct_events BY NAME SELECT * REPLACE (CAST(_event_ts AS TIMESTAMP) AS _event_ts)
        FROM read_json(${quoteLiteral(batch.ctStaging.path)}, format = 'newline_delimited', maximum_object_size = 33554432,
          columns = {${columns.join(', ')}})`);
    }
    for (const { fields, writer } of batch.flowStaging.values()) {
      await addFlowFields(conn, fields);
      if (writer.lines === 0) continue;
      const columns = ["'_idx': 'INTEGER'", ...fields.map(f => `${quoteLiteral(f)}: 'VARCHAR'`)].join(', ');
      const source = `read_csv(${quoteLiteral(writer.path)}, delim = ' ', header = false, auto_detect = false, quote = '',
        escape = '', comment = '', strict_mode = false, null_padding = true, columns = {${columns}})`;
      await conn.run(`INSERT INTO flow_records BY NAME ${flowSelect(fields, source)}`);
    }
    for (const { index, result } of batch.parquet) {
      if (skipParquet.has(index)) continue;
      const described = await conn.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet(${quoteLiteral(result.path)})`);
      const fields = described.getRows().map(r => flowColumnName(String(r[0])));
      const names = described.getRows().map(r => String(r[0]));
      await addFlowFields(conn, fields);
      const renamed = names.map((n, i) => `${quoteIdent(n)} AS ${quoteIdent(fields[i])}`).join(', ');
      const source = `(SELECT ${index} AS _idx, ${renamed} FROM read_parquet(${quoteLiteral(result.path)}))`;
      await conn.run(`INSERT INTO flow_records BY NAME ${flowSelect(fields, source)}`);
      result.records = Number(await scalar(conn, `SELECT count(*) FROM flow_records WHERE _file = ${quoteLiteral(result.path)}`));
    }
    await bulkInsert(conn, '_files', {
      path: 'VARCHAR', size: 'BIGINT', mtime_ms: 'DOUBLE', kind: 'VARCHAR', records: 'BIGINT', skipped_records: 'BIGINT',
      failed: 'BOOLEAN', problems: 'VARCHAR',
    }, batch.results.map((r, i) => ({
      path: r.path, size: batch.files[i].size, mtime_ms: batch.files[i].mtimeMs, kind: r.kind, records: r.records,
      skipped_records: r.skippedRecords, failed: r.failed, problems: JSON.stringify(r.problems),
    })), stagingDir);
    await createViews(conn);
    await conn.run('COMMIT');
  } catch (e) {
    await conn.run('ROLLBACK').catch(() => undefined);
    throw e;
  }
}

async function summarize(conn: DuckDBConnection, dataSources: string[], loadedFiles: number, listing: string[]): Promise<IngestSummary> {
  const r = await conn.runAndReadAll(`SELECT count(*), coalesce(sum(skipped_records), 0), count(*) FILTER (WHERE failed),
    (SELECT count(*) FROM ct_events), (SELECT count(*) FROM flow_records) FROM _files`);
  const [files, skipped, failed, ct, flow] = r.getRows()[0].map(Number);
  const problems = (await conn.runAndReadAll("SELECT problems FROM _files WHERE problems <> '[]' ORDER BY path LIMIT 50"))
    .getRows().flatMap(([p]) => JSON.parse(String(p)) as string[]);
  return {
    dataSource: dataSources.join(', '), files, cloudTrailEvents: ct, flowRecords: flow, skippedRecords: skipped,
    skippedFiles: failed, problems: [...listing, ...problems].slice(0, 50), loadedFiles,
  };
}

/** The listing's problems, and the files new, changed or gone since the cache was last loaded. */
async function pendingFiles(conn: DuckDBConnection, opts: Pick<IngestOptions, 'dataSources' | 'cacheDir'>) {
  const { files, problems: listing } = listDataFiles(opts.dataSources, opts.cacheDir);
  const known = await readManifest(conn);
  const changed = files.filter(f => {
    const m = known.get(f.path);
    return !m || m.size !== f.size || m.mtimeMs !== f.mtimeMs;
  });
  const present = new Set(files.map(f => f.path));
  return { listing, changed, removed: [...known.keys()].filter(p => !present.has(p)) };
}

/** What the cache holds when it is up to date with the data sources (read only); undefined when files must be loaded. */
export async function currentSummary(conn: DuckDBConnection, opts: Pick<IngestOptions, 'dataSources' | 'cacheDir'>):
  Promise<IngestSummary | undefined> {
  const { listing, changed, removed } = await pendingFiles(conn, opts);
  return changed.length || removed.length ? undefined : summarize(conn, opts.dataSources, 0, listing);
}

/** Brings the cache (prepared by prepareCache) up to date with the data sources and says what it holds. */
export async function ingest(conn: DuckDBConnection, opts: IngestOptions): Promise<IngestSummary> {
  const { listing, changed, removed } = await pendingFiles(conn, opts);
  if (changed.length === 0 && removed.length === 0) return summarize(conn, opts.dataSources, 0, listing);
  const stagingDir = fs.mkdtempSync(path.join(opts.cacheDir, 'staging-'));
  try {
    const batch = await convertFiles(changed, stagingDir, opts);
    if (opts.cancelled()) throw new IngestCancelled('cancelled while loading');
    opts.progress(`Loading data: writing ${changed.length} file(s) into the local database`);
    const skipParquet = new Set<number>();
    for (;;) {
      try {
        await insertBatch(conn, batch, removed, skipParquet, stagingDir);
        break;
      } catch (e) {
        // A Parquet file DuckDB cannot read fails the whole statement: mark it, and load the rest without it.
        const bad = batch.parquet.find(p => !skipParquet.has(p.index) && String(e).includes(p.result.path));
        if (!bad || opts.cancelled()) throw e;
        skipParquet.add(bad.index);
        bad.result.failed = true;
        addProblem(bad.result, undefined, `not a readable Parquet file (${e instanceof Error ? e.message.split('\n')[0] : String(e)}); file skipped`);
      }
    }
  } finally {
    fs.rmSync(stagingDir, { recursive: true, force: true });
  }
  return summarize(conn, opts.dataSources, changed.length, listing);
}
