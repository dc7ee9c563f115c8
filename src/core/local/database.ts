// The worker's side of the engine: one DuckDB database file in the cache folder, loaded on a read-write connection
// and queried on a read-only one (queryConnection.ts); before the first load, queries on the log files themselves.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBConnection, DuckDBInstance, version } from '@duckdb/node-api';
import type { ResultPage } from '../engine/types';
import type { BoundValue } from '../playbook/placeholders';
import {
  type IngestOptions,
  type IngestSummary,
  cacheState,
  everyFileBulk,
  hasCurrentSchema,
  ingest,
  prepareCache,
} from './ingest/ingest';
import { type BulkFile, registerDepthCheck } from './ingest/bulkLoad';
import { type Listing, listDataFiles } from './ingest/files';
import { ingestLimits } from './ingest/limits';
import { defineDirectViews } from './directViews';
import { quoteLiteral } from './schema';
import { DATABASE_FILE } from './protocol';
import { checkDataSources } from './dataSources';
import { QueryFailure } from './queryFailure';
import { confine, prepareQueryConnection, queryPages } from './queryConnection';

// node-api turns VARCHAR bytes into strings with one shared default TextDecoder, which drops a leading U+FEFF: a log
// value starting with one would reach the evidence changed. The shared decoder is swapped for one that keeps it.
// `require`, not `import`: a bundler wraps an imported module's exports in read-only getters, and the bundled worker
// would fail here while the unit tests (compiled by tsc) passed.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const dataAccessors = require('@duckdb/node-api/lib/vectors/dataAccessors') as {
  textDecoder: InstanceType<typeof TextDecoder>;
};
dataAccessors.textDecoder = new TextDecoder('utf-8', { ignoreBOM: true });

/**
 * Where a run's answer comes from (LocalDatabase.answerSource). A load that answerSource chose carries the listing it
 * checked, which the load starts from (refresh) rather than listing and checking again.
 */
export type AnswerSource =
  | { from: 'cache'; summary: IngestSummary }
  | { from: 'files'; files: BulkFile[] }
  | { from: 'load'; listing?: Listing };

type CacheState = { summary: IngestSummary } | { missingShare: number };

/**
 * A question is answered from the files themselves when the cache lacks at least this share of the data: reading
 * every file is then quicker than loading what is missing first. A few new files are loaded, then queried.
 */
const READ_FILES_SHARE = 0.25;

/** Rows per row group in the cache file (see LocalDatabase.attachWriter). */
const ROW_GROUP_ROWS = 16384;

/**
 * Threads of the cache's query connection: one more than the cores. DuckDB splits a grouping into partitions by its
 * thread count, and on 2 cores the flow-log top talkers (1.7 million addresses) took 16% less time with 3 threads than
 * with 2. A lookup of 50,145 events was unchanged within noise.
 */
const QUERY_THREADS = String(os.availableParallelism() + 1);

async function openInstance(
  file: string,
  access: 'READ_ONLY' | 'READ_WRITE',
  cacheDir: string,
  memoryLimit: string,
  threads?: string,
): Promise<DuckDBInstance> {
  try {
    return await DuckDBInstance.create(file, {
      ...(threads ? { threads } : {}),
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
  /** The connection of a query on the files themselves, while it runs. */
  private direct?: DuckDBConnection;
  /** Calls of interrupt(): a query's stream that ends early after one was stopped, not failed. */
  private interrupts = 0;

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

  /** Refuses unsafe data sources and cache folders (dataSources.ts), lists the data sources and checks the cache. */
  private async check(): Promise<{ listing: Listing; state: CacheState }> {
    checkDataSources(this.dataSources, this.cacheDir, os.homedir());
    fs.mkdirSync(this.cacheDir, { recursive: true });
    // DuckDB opens the cache on a thread of its own while this one lists the files (about 15 ms of a warm question).
    const opening = this.openCurrentReader();
    // Listed once: the cache's check and what follows it (the files' own reading, or the load) start from it.
    const listing = listDataFiles(this.dataSources, this.cacheDir);
    await opening;
    return { listing, state: await this.cacheState(listing) };
  }

  /**
   * The query connection, when the cache can be read without a writer: not after a crash (a WAL is left) or when
   * another schema built it. Never fails: without it, the writer sorts things out.
   */
  private async openCurrentReader(): Promise<void> {
    if (this.reader || !fs.existsSync(this.file) || fs.existsSync(`${this.file}.wal`)) return;
    this.reader = await this.openReader().catch(() => undefined);
    if (this.reader && !(await hasCurrentSchema(this.reader.conn).catch(() => false))) this.closeReader();
  }

  /**
   * Says where a run's answer comes from (after check()): the cache when it holds every file as it is now; the files
   * themselves when DuckDB's readers take every one of them (the first question on new data is answered at their
   * speed, and the cache is loaded after it) unless `readFiles` is false; else a load first.
   */
  async answerSource(readFiles = true): Promise<AnswerSource> {
    const { listing, state } = await this.check();
    if ('summary' in state) return { from: 'cache', summary: state.summary };
    const files =
      readFiles && this.bulkRead && state.missingShare >= READ_FILES_SHARE ? everyFileBulk(listing) : undefined;
    return files ? { from: 'files', files } : { from: 'load', listing };
  }

  /**
   * What the cache holds when nothing needs loading, answered from the query connection without opening (and
   * checkpointing) a writer first; else how much of the data it lacks. A WAL left by a crash, or another schema,
   * goes through the writer.
   */
  private async cacheState(listing: Listing): Promise<CacheState> {
    if (!this.reader) return { missingShare: 1 };
    const sources = { dataSources: this.dataSources, cacheDir: this.cacheDir };
    const state = await cacheState(this.reader.conn, sources, listing);
    if (!('summary' in state)) this.closeReader();
    return state;
  }

  /**
   * Loads what changed in the data sources, after check(); when nothing did, answers from the query connection
   * without opening a writer. `behind`: a listing check() has just found the cache behind on (answerSource), which
   * the load starts from without checking again.
   */
  async refresh(
    progress: IngestOptions['progress'],
    cancelled: () => boolean,
    behind?: Listing,
  ): Promise<IngestSummary> {
    let listing = behind;
    if (!listing) {
      const checked = await this.check();
      if ('summary' in checked.state) return checked.state.summary;
      listing = checked.listing;
    }
    const sources = { dataSources: this.dataSources, cacheDir: this.cacheDir };
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
        return await ingest(conn, { ...sources, progress, cancelled, bulkRead: this.bulkRead, listing });
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
    const instance = await openInstance(this.file, 'READ_ONLY', this.cacheDir, this.memoryLimit, QUERY_THREADS);
    try {
      const conn = await instance.connect();
      await prepareQueryConnection(conn, this.dataSources);
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
    this.interrupts++;
    (this.loading ?? this.direct ?? this.reader?.conn)?.interrupt();
  }

  /** Runs one read-only statement on the cache and yields its rows in pages of `pageSize`, converted to plain cells. */
  async *query(
    sql: string,
    params: Array<BoundValue | string>,
    pageSize: number,
    lowercaseColumns: boolean,
  ): AsyncGenerator<ResultPage> {
    this.reader ??= await this.openReader();
    const since = this.interrupts;
    yield* queryPages(this.reader.conn, sql, params, pageSize, lowercaseColumns, () => this.interrupts > since);
  }

  /**
   * The same, on the files themselves (answerSource said `files`): an in-memory database whose tables are views over
   * DuckDB's readers of the files (directViews.ts), confined and prepared like the cache's query connection.
   */
  async *queryFiles(
    files: BulkFile[],
    sql: string,
    params: Array<BoundValue | string>,
    pageSize: number,
    lowercaseColumns: boolean,
  ): AsyncGenerator<ResultPage> {
    const instance = await openInstance(':memory:', 'READ_WRITE', this.cacheDir, this.memoryLimit);
    try {
      const conn = await instance.connect();
      this.direct = conn;
      try {
        // The readers' SQL is the loader's: the depth check and UTC event times it relies on.
        registerDepthCheck(conn);
        await prepareQueryConnection(conn, this.dataSources, () => defineDirectViews(conn, files, ingestLimits()));
        const since = this.interrupts;
        yield* queryPages(conn, sql, params, pageSize, lowercaseColumns, () => this.interrupts > since);
      } finally {
        this.direct = undefined;
        conn.closeSync();
      }
    } finally {
      instance.closeSync();
    }
  }

  close(): void {
    this.closeReader();
  }
}

export const duckdbVersion = version;
