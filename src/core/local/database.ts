// The worker's side of the engine: one DuckDB database file in the cache folder, one connection prepared with the
// Athena-compatibility settings and macros, and streaming query execution with bound parameters.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  BOOLEAN, DuckDBConnection, DuckDBInstance, DuckDBPreparedStatement, DuckDBScalarFunction, StatementType, VARCHAR, version,
} from '@duckdb/node-api';
import type { ResultPage, Row } from '../engine/types';
import type { BoundValue } from '../playbook/placeholders';
import { IngestSummary, ingest, prepareCache } from './ingest/ingest';
import { Network, cidrContains } from './cidr';
import { connectionSetupStatements } from './macros';
import { DEFAULT_FLOW_FIELDS, isAthenaFlowColumn, quoteLiteral } from './schema';
import { normalizeCell } from './normalize';
import { inPages } from './pages';
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

/** Folders whose files a query must never reach, even when a data source holds them (a home folder picked by mistake). */
const SECRET_FOLDERS = ['.aws', '.ssh', '.gnupg', '.docker', '.kube'];

/**
 * A data folder that holds credentials (the home folder, or any folder with `.aws` in it) would let a shared
 * playbook's query read them into the report; such a folder is refused with the fix.
 */
function refuseSecretFolders(dirs: string[]): void {
  const home = path.resolve(os.homedir());
  for (const dir of dirs.map(d => path.resolve(d))) {
    const holdsHome = home === dir || home.startsWith(dir.endsWith(path.sep) ? dir : dir + path.sep);
    const secret = holdsHome ? 'your home folder' : SECRET_FOLDERS.find(name => fs.existsSync(path.join(dir, name)));
    if (secret) {
      throw new QueryFailure(`the data source ${dir} contains ${secret}, where credentials live; choose the folder that ` +
        'holds the log files instead, so no query can read them', 'UnsafeDataSource');
    }
  }
}

/**
 * Playbooks are shared documents and log data is attacker-controlled: a query may read only the data sources and
 * the cache folder (no other file, no URL), and write only in the cache folder.
 */
async function sandbox(conn: DuckDBConnection, cacheDir: string, dataSources: string[]): Promise<void> {
  refuseSecretFolders(dataSources.filter(d => fs.existsSync(d) && fs.statSync(d).isDirectory()));
  const dirs = [cacheDir, ...dataSources.filter(d => fs.existsSync(d) && fs.statSync(d).isDirectory())];
  const files = dataSources.filter(d => fs.existsSync(d) && fs.statSync(d).isFile());
  const list = (xs: string[]) => `[${xs.map(x => quoteLiteral(path.resolve(x))).join(', ')}]`;
  await conn.run(`SET allowed_directories = ${list(dirs.map(d => path.resolve(d) + path.sep))}`);
  if (files.length) await conn.run(`SET allowed_paths = ${list(files)}`);
  await conn.run('SET enable_external_access = false');
}

/** cidr_contains(network, address) for IPv4 and IPv6: what the rewrite of contains(cidr, CAST(ip AS IPADDRESS)) calls. */
function registerCidrContains(conn: DuckDBConnection): void {
  const networks = new Map<string, Network | undefined>();
  conn.registerScalarFunction(DuckDBScalarFunction.create({
    name: 'cidr_contains',
    returnType: BOOLEAN,
    parameterTypes: [VARCHAR, VARCHAR],
    mainFunction: (_info, input, output) => {
      const nets = input.getColumnVector(0);
      const ips = input.getColumnVector(1);
      for (let row = 0; row < input.rowCount; row++) {
        const result = cidrContains(String(nets.getItem(row)), String(ips.getItem(row)), networks);
        output.setItem(row, result ?? null);
      }
      output.flush();
    },
  }));
}

/** DuckDB's message, plus what to do when a query names a custom-format flow-log field the loaded logs lack. */
function explain(message: string): string {
  const column = /Referenced column "([A-Za-z_]+)" not found/.exec(message)?.[1]?.toLowerCase();
  if (!column || !isAthenaFlowColumn(column) || DEFAULT_FLOW_FIELDS.includes(column)) return message;
  return `${message.split('\n')[0]}\nThe VPC flow logs loaded have no "${column.replace(/_/g, '-')}" field. It exists only in flow logs `
    + 'created with a custom log record format that includes it; this query cannot run on these logs.';
}

/** Statement kinds a query block may run: reading only. */
const READ_ONLY = new Set([StatementType.SELECT, StatementType.EXPLAIN]);

export class LocalDatabase {
  private constructor(private readonly instance: DuckDBInstance, private readonly conn: DuckDBConnection,
    readonly file: string, private readonly cacheDir: string, private readonly dataSources: string[]) {}

  static async open(cacheDir: string, memoryLimit: string, dataSources: string[]): Promise<LocalDatabase> {
    fs.mkdirSync(cacheDir, { recursive: true });
    const file = path.join(cacheDir, DATABASE_FILE);
    let instance: DuckDBInstance;
    try {
      instance = await DuckDBInstance.create(file, {
        temp_directory: path.join(cacheDir, 'duckdb-tmp'), memory_limit: memoryLimit,
        // Nothing is ever downloaded: a query cannot pull in extensions (httpfs would reach the network).
        autoinstall_known_extensions: 'false', autoload_known_extensions: 'false',
      });
    } catch (e) {
      const m = e instanceof Error ? e.message : String(e);
      throw new QueryFailure(/lock/i.test(m)
        ? `the local data cache ${file} is in use by another process (another VS Code window or an irp command); close it and retry`
        : `cannot open the local data cache ${file}: ${m}; delete the file to rebuild it`, 'CacheUnavailable');
    }
    const conn = await instance.connect();
    await sandbox(conn, cacheDir, dataSources);
    for (const s of connectionSetupStatements()) await conn.run(s);
    registerCidrContains(conn);
    await prepareCache(conn);
    // Result order without ORDER BY is unspecified in Athena too; without it DuckDB loads and scans with less memory.
    await conn.run('SET preserve_insertion_order = false');
    // Nothing a query runs can loosen the sandbox or the settings afterwards.
    await conn.run('SET lock_configuration = true');
    return new LocalDatabase(instance, conn, file, cacheDir, dataSources);
  }

  /** Loads what changed in the data sources the database was opened (and sandboxed) for. */
  refresh(progress: (m: string) => void, cancelled: () => boolean): Promise<IngestSummary> {
    return ingest(this.conn, { dataSources: this.dataSources, cacheDir: this.cacheDir, progress, cancelled });
  }

  /** Stops the statement running on the connection (the query then fails with an interrupt error). */
  interrupt(): void {
    this.conn.interrupt();
  }

  /** Runs one statement and yields its rows in pages of `pageSize`, converted to plain cells. */
  async *query(sql: string, params: Array<BoundValue | string>, pageSize: number, lowercaseColumns: boolean): AsyncGenerator<ResultPage> {
    let stmt: DuckDBPreparedStatement;
    try {
      stmt = await this.conn.prepare(sql);
    } catch (e) {
      const m = e instanceof Error ? e.message : String(e);
      throw new QueryFailure(/multiple statements|more than one statement/i.test(m) ? 'run one SQL statement at a time' : explain(m), 'QueryFailed');
    }
    if (!READ_ONLY.has(stmt.statementType)) {
      throw new QueryFailure('only queries (SELECT, WITH … SELECT, EXPLAIN) run on local data; this statement would change '
        + 'the database or files', 'NotReadOnly');
    }
    bindAll(stmt, params);
    const result = await stmt.stream();
    const typeIds = result.columnTypes().map(t => Number(t.typeId));
    const columns = result.columnNames().map((name, i) => ({
      name: lowercaseColumns ? name.toLowerCase() : name, type: result.columnTypes()[i].toString().toLowerCase(),
    }));
    async function* cells(): AsyncGenerator<Row[]> {
      for await (const rows of result.yieldRowsJson()) yield rows.map(row => row.map((v, i) => normalizeCell(v, typeIds[i])));
    }
    yield* inPages(cells(), columns, pageSize);
  }

  close(): void {
    this.conn.closeSync();
    this.instance.closeSync();
  }
}

export const duckdbVersion = version;
