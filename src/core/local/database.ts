// The worker's side of the engine: one DuckDB database file in the cache folder, loaded on a read-write connection
// and queried on a read-only one prepared with the Athena-compatibility settings and macros; streaming query
// execution with bound parameters.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  BOOLEAN,
  DuckDBConnection,
  DuckDBInstance,
  DuckDBPreparedStatement,
  DuckDBScalarFunction,
  StatementType,
  VARCHAR,
  version,
} from '@duckdb/node-api';
import type { ResultPage, Row } from '../engine/types';
import type { BoundValue } from '../playbook/placeholders';
import {
  type IngestOptions,
  type IngestSummary,
  currentSummary,
  hasCurrentSchema,
  ingest,
  prepareCache,
} from './ingest/ingest';
import { registerDepthCheck } from './ingest/bulkLoad';
import { Network, cidrContains } from './cidr';
import { connectionSetupStatements } from './macros';
import { DEFAULT_FLOW_FIELDS, isAthenaFlowColumn, quoteLiteral } from './schema';
import { normalizeCell } from './normalize';
import { inPages } from './pages';
import { DATABASE_FILE } from './protocol';
import { checkDataSources, realPath } from './dataSources';
import { QueryFailure } from './queryFailure';
import { refuseUnlessRead } from './readOnlyStatement';

// node-api turns VARCHAR bytes into strings with one shared default TextDecoder, which drops a leading U+FEFF: a log
// value starting with one would reach the evidence changed. The shared decoder is swapped for one that keeps it.
// `require`, not `import`: a bundler wraps an imported module's exports in read-only getters, and the bundled worker
// would fail here while the unit tests (compiled by tsc) passed.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const dataAccessors = require('@duckdb/node-api/lib/vectors/dataAccessors') as {
  textDecoder: InstanceType<typeof TextDecoder>;
};
dataAccessors.textDecoder = new TextDecoder('utf-8', { ignoreBOM: true });

function bindAll(stmt: DuckDBPreparedStatement, params: Array<BoundValue | string>): void {
  if (stmt.parameterCount !== params.length) {
    throw new QueryFailure(
      `the query has ${stmt.parameterCount} parameter marker(s) but ${params.length} value(s) were given`,
      'ParameterMismatch',
    );
  }
  params.forEach((p, i) => {
    if (typeof p === 'string') stmt.bindVarchar(i + 1, p);
    else if (p.kind === 'integer') stmt.bindBigInt(i + 1, BigInt(p.value));
    else stmt.bindVarchar(i + 1, p.value);
  });
}

/**
 * Playbooks are shared documents and log data is attacker-controlled: DuckDB may open only the data sources (and
 * `extraDirs`), no other file and no URL. Paths are real paths: DuckDB resolves links before it checks a path.
 * These folders are writable for DuckDB too (COPY … TO): readOnlyStatement.ts refuses every statement that writes.
 */
async function confine(conn: DuckDBConnection, dataSources: string[], extraDirs: string[]): Promise<void> {
  const existing = dataSources.filter(d => fs.existsSync(d)).map(realPath);
  const dirs = [...extraDirs.map(realPath), ...existing.filter(d => fs.statSync(d).isDirectory())];
  const files = existing.filter(d => fs.statSync(d).isFile());
  const list = (xs: string[]) => `[${xs.map(quoteLiteral).join(', ')}]`;
  if (dirs.length) await conn.run(`SET allowed_directories = ${list(dirs.map(d => d + path.sep))}`);
  if (files.length) await conn.run(`SET allowed_paths = ${list(files)}`);
  await conn.run('SET enable_external_access = false');
}

/** cidr_contains(network, address) for IPv4 and IPv6: what the rewrite of contains(cidr, CAST(ip AS IPADDRESS)) calls. */
function registerCidrContains(conn: DuckDBConnection): void {
  const networks = new Map<string, Network | undefined>();
  conn.registerScalarFunction(
    DuckDBScalarFunction.create({
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
    }),
  );
}

/** DuckDB's message, plus what to do when a query names a custom-format flow-log field the loaded logs lack. */
function explain(message: string): string {
  const column = /Referenced column "([A-Za-z_]+)" not found/.exec(message)?.[1]?.toLowerCase();
  if (!column || !isAthenaFlowColumn(column) || DEFAULT_FLOW_FIELDS.includes(column)) return message;
  return (
    `${message.split('\n')[0]}\nThe VPC flow logs loaded have no "${column.replace(/_/g, '-')}" field. It exists only in flow logs ` +
    'created with a custom log record format that includes it; this query cannot run on these logs.'
  );
}

/** Statement kinds a query block may run (checked again after refuseUnlessRead, on DuckDB's prepared statement). */
const READ_ONLY = new Set([StatementType.SELECT, StatementType.EXPLAIN]);

/** Rows per row group in the cache file (see LocalDatabase.attachWriter). */
const ROW_GROUP_ROWS = 16384;

async function openInstance(
  file: string,
  access: 'READ_ONLY' | 'READ_WRITE',
  cacheDir: string,
  memoryLimit: string,
): Promise<DuckDBInstance> {
  try {
    return await DuckDBInstance.create(file, {
      access_mode: access,
      temp_directory: path.join(cacheDir, 'duckdb-tmp'),
      memory_limit: memoryLimit,
      // A new cache file in the storage format that has zstd (schema.ts compresses the raw records with it); files
      // of an older format are rebuilt (LocalDatabase.openWriter).
      storage_compatibility_version: 'v1.2.0',
      // Nothing is ever downloaded: a query cannot pull in extensions (httpfs would reach the network).
      autoinstall_known_extensions: 'false',
      autoload_known_extensions: 'false',
    });
  } catch (e) {
    throw cacheUnavailable(file, e);
  }
}

function cacheUnavailable(file: string, e: unknown): QueryFailure {
  const m = e instanceof Error ? e.message : String(e);
  return new QueryFailure(
    /lock/i.test(m)
      ? `the local data cache ${file} is in use by another process (another VS Code window or an irp command); close it and retry`
      : `cannot open the local data cache ${file}: ${m}; delete the file to rebuild it`,
    'CacheUnavailable',
  );
}

/**
 * The cache database. Loads run on a read-write connection that no query ever sees, opened for the load and closed
 * after it; queries run on a connection to the same file opened READ_ONLY (DuckDB lets one process open a file twice,
 * but the two would not see each other's changes, so they are never open at once).
 */
export class LocalDatabase {
  private reader?: { instance: DuckDBInstance; conn: DuckDBConnection };
  /** The load's connection while a load runs (interrupt() stops it). */
  private loading?: DuckDBConnection;

  readonly file: string;

  /** Opens nothing yet: every refresh checks the data sources first, then loads or reads. */
  constructor(
    private readonly cacheDir: string,
    private readonly memoryLimit: string,
    private readonly dataSources: string[],
    private readonly bulkRead = true,
  ) {
    this.file = path.join(cacheDir, DATABASE_FILE);
  }

  /**
   * Refuses unsafe data sources and cache folders (dataSources.ts), then loads what changed in the data sources; when
   * nothing did, answers from the query connection without opening a writer.
   */
  async refresh(progress: IngestOptions['progress'], cancelled: () => boolean): Promise<IngestSummary> {
    checkDataSources(this.dataSources, this.cacheDir, os.homedir());
    fs.mkdirSync(this.cacheDir, { recursive: true });
    const sources = { dataSources: this.dataSources, cacheDir: this.cacheDir };
    // A warm start: a cache that needs nothing loaded is answered from the query connection alone, without opening
    // (and checkpointing) a writer first. A WAL left by a crash, or another schema, goes through the writer.
    if (!this.reader && fs.existsSync(this.file) && !fs.existsSync(`${this.file}.wal`)) {
      this.reader = await this.openReader().catch(() => undefined);
      if (this.reader && !(await hasCurrentSchema(this.reader.conn))) this.closeReader();
    }
    if (this.reader) {
      const current = await currentSummary(this.reader.conn, sources);
      if (current) return current;
      this.closeReader();
    }
    const { instance, conn } = await this.openWriter();
    try {
      this.loading = conn;
      try {
        // The load reads the data sources and its own staging files in the cache folder.
        await confine(conn, this.dataSources, [this.cacheDir]);
        // Each committed chunk is checkpointed at once, which DuckDB does without writing it to the WAL first: the
        // default (a checkpoint per 16 MB of WAL) wrote every row twice.
        await conn.run("SET checkpoint_threshold = '0b'");
        await conn.run('SET preserve_insertion_order = false');
        // Event times with an offset are converted to UTC, as the Node loader's Date does.
        await conn.run("SET TimeZone = 'UTC'");
        registerDepthCheck(conn);
        await prepareCache(conn);
        return await ingest(conn, { ...sources, progress, cancelled, bulkRead: this.bulkRead });
      } finally {
        this.loading = undefined;
        conn.closeSync();
      }
    } finally {
      instance.closeSync();
    }
  }

  /**
   * The load's connection. A cache built by another schema version is deleted and created again rather than
   * emptied: a file keeps the storage format it was created with, and an older one stores the raw records
   * uncompressed (zstd needs the newer format).
   */
  private async openWriter(): Promise<{ instance: DuckDBInstance; conn: DuckDBConnection }> {
    const existed = fs.existsSync(this.file);
    const writer = await this.attachWriter();
    if (!existed || (await hasCurrentSchema(writer.conn))) return writer;
    writer.conn.closeSync();
    writer.instance.closeSync();
    for (const f of [this.file, `${this.file}.wal`]) fs.rmSync(f, { force: true });
    return this.attachWriter();
  }

  /**
   * The cache file attached to an in-memory instance, which is where DuckDB takes a row group size: with row groups
   * of 16,384 rows (instead of 122,880) a chunk's insert writes its row groups to the file while it runs, so the
   * commit has almost nothing left to write and the chunk's rows do not wait in memory for it. Measured on 1,000,000
   * events: the load took about half the time and about two thirds of the memory (docs/LOCAL-ENGINE.md).
   */
  private async attachWriter(): Promise<{ instance: DuckDBInstance; conn: DuckDBConnection }> {
    const instance = await openInstance(':memory:', 'READ_WRITE', this.cacheDir, this.memoryLimit);
    try {
      const conn = await instance.connect();
      await conn
        .run(`ATTACH ${quoteLiteral(this.file)} AS cache (STORAGE_VERSION 'v1.2.0', ROW_GROUP_SIZE ${ROW_GROUP_ROWS})`)
        .catch((e: unknown) => {
          throw cacheUnavailable(this.file, e);
        });
      await conn.run('USE cache');
      return { instance, conn };
    } catch (e) {
      instance.closeSync();
      throw e;
    }
  }

  private async openReader(): Promise<{ instance: DuckDBInstance; conn: DuckDBConnection }> {
    const instance = await openInstance(this.file, 'READ_ONLY', this.cacheDir, this.memoryLimit);
    try {
      const conn = await instance.connect();
      await confine(conn, this.dataSources, []);
      // One call for the settings and the forty macros: each call costs a round trip to DuckDB's thread.
      await conn.run(connectionSetupStatements().join(';\n'));
      registerCidrContains(conn);
      // Result order without ORDER BY is unspecified in Athena too; without it DuckDB scans with less memory.
      await conn.run('SET preserve_insertion_order = false');
      // Nothing a query runs can loosen the sandbox or the settings afterwards.
      await conn.run('SET lock_configuration = true');
      return { instance, conn };
    } catch (e) {
      instance.closeSync();
      throw e;
    }
  }

  private closeReader(): void {
    this.reader?.conn.closeSync();
    this.reader?.instance.closeSync();
    this.reader = undefined;
  }

  /** Stops the statement running (a query then fails with an interrupt error; a load stops between files). */
  interrupt(): void {
    (this.loading ?? this.reader?.conn)?.interrupt();
  }

  /** Runs one read-only statement and yields its rows in pages of `pageSize`, converted to plain cells. */
  async *query(
    sql: string,
    params: Array<BoundValue | string>,
    pageSize: number,
    lowercaseColumns: boolean,
  ): AsyncGenerator<ResultPage> {
    this.reader ??= await this.openReader();
    const conn = this.reader.conn;
    let stmt: DuckDBPreparedStatement;
    try {
      await refuseUnlessRead(conn, sql);
      stmt = await conn.prepare(sql);
    } catch (e) {
      if (e instanceof QueryFailure) throw e;
      throw new QueryFailure(explain(e instanceof Error ? e.message : String(e)), 'QueryFailed');
    }
    if (!READ_ONLY.has(stmt.statementType)) {
      throw new QueryFailure('only queries (SELECT, WITH … SELECT, EXPLAIN SELECT) run on local data', 'NotReadOnly');
    }
    bindAll(stmt, params);
    const result = await stmt.stream();
    const typeIds = result.columnTypes().map(t => Number(t.typeId));
    const columns = result.columnNames().map((name, i) => ({
      name: lowercaseColumns ? name.toLowerCase() : name,
      type: result.columnTypes()[i].toString().toLowerCase(),
    }));
    async function* cells(): AsyncGenerator<Row[]> {
      for await (const rows of result.yieldRowsJson())
        yield rows.map(row => row.map((v, i) => normalizeCell(v, typeIds[i])));
    }
    yield* inPages(cells(), columns, pageSize);
  }

  close(): void {
    this.closeReader();
  }
}

export const duckdbVersion = version;
