// The worker's side of the engine: one DuckDB database file in the cache folder, one connection prepared with the
// Athena-compatibility settings and macros, and streaming query execution with bound parameters.
import fs from 'node:fs';
import path from 'node:path';
import { DuckDBConnection, DuckDBInstance, DuckDBPreparedStatement, version } from '@duckdb/node-api';
import type { CellValue, Column } from '../engine/types';
import type { BoundValue } from '../playbook/placeholders';
import { IngestSummary, ingest } from './ingest/ingest';
import { connectionSetupStatements } from './macros';
import { normalizeCell } from './normalize';
import { DATABASE_FILE } from './protocol';

export class QueryFailure extends Error {
  constructor(message: string, readonly code: string) {
    super(message);
  }
}

function bindAll(stmt: DuckDBPreparedStatement, params: Array<BoundValue | string>): void {
  if (stmt.parameterCount !== params.length) {
    throw new QueryFailure(`the query has ${stmt.parameterCount} parameter marker(s) but ${params.length} value(s) were given`,
      'ParameterMismatch');
  }
  params.forEach((p, i) => {
    if (typeof p === 'string') stmt.bindVarchar(i + 1, p);
    else if (p.kind === 'integer') stmt.bindBigInt(i + 1, BigInt(p.value));
    else stmt.bindVarchar(i + 1, p.value);
  });
}

export interface QueryPage {
  columns: Column[];
  rows: CellValue[][];
}

export class LocalDatabase {
  private constructor(private readonly instance: DuckDBInstance, private readonly conn: DuckDBConnection,
    readonly file: string) {}

  static async open(cacheDir: string, memoryLimit: string): Promise<LocalDatabase> {
    fs.mkdirSync(cacheDir, { recursive: true });
    const file = path.join(cacheDir, DATABASE_FILE);
    let instance: DuckDBInstance;
    try {
      instance = await DuckDBInstance.create(file, { temp_directory: path.join(cacheDir, 'duckdb-tmp'), memory_limit: memoryLimit });
    } catch (e) {
      const m = e instanceof Error ? e.message : String(e);
      throw new QueryFailure(/lock/i.test(m)
        ? `the local data cache ${file} is in use by another process (another VS Code window or an irp command); close it and retry`
        : `cannot open the local data cache ${file}: ${m}; delete the file to rebuild it`, 'CacheUnavailable');
    }
    const conn = await instance.connect();
    for (const s of connectionSetupStatements()) await conn.run(s);
    return new LocalDatabase(instance, conn, file);
  }

  refresh(dataSources: string[], cacheDir: string, progress: (m: string) => void, cancelled: () => boolean): Promise<IngestSummary> {
    return ingest(this.conn, { dataSources, cacheDir, progress, cancelled });
  }

  /** Stops the statement running on the connection (the query then fails with an interrupt error). */
  interrupt(): void {
    this.conn.interrupt();
  }

  /** Runs one statement and yields its rows in pages of `pageSize`, converted to plain cells. */
  async *query(sql: string, params: Array<BoundValue | string>, pageSize: number, lowercaseColumns: boolean): AsyncGenerator<QueryPage> {
    let stmt: DuckDBPreparedStatement;
    try {
      stmt = await this.conn.prepare(sql);
    } catch (e) {
      const m = e instanceof Error ? e.message : String(e);
      throw new QueryFailure(/multiple statements|more than one statement/i.test(m) ? 'run one SQL statement at a time' : m, 'QueryFailed');
    }
    bindAll(stmt, params);
    const result = await stmt.stream();
    const typeIds = result.columnTypes().map(t => Number(t.typeId));
    const columns = result.columnNames().map((name, i) => ({
      name: lowercaseColumns ? name.toLowerCase() : name, type: result.columnTypes()[i].toString().toLowerCase(),
    }));
    let page: CellValue[][] = [];
    let yielded = false;
    for await (const rows of result.yieldRowsJson()) {
      for (const row of rows) {
        page.push(row.map((v, i) => normalizeCell(v, typeIds[i])));
        if (page.length >= pageSize) { yield { columns, rows: page }; page = []; yielded = true; }
      }
    }
    // An empty result still reports its columns.
    if (page.length || !yielded) yield { columns, rows: page };
  }

  close(): void {
    this.conn.closeSync();
    this.instance.closeSync();
  }
}

export const duckdbVersion = version;
