// The local engine (host side): runs Athena SQL, DuckDB SQL and CloudTrail lookups over downloaded log files.
// DuckDB lives in a child process (worker.ts) so a slow query or a native crash never touches the extension host;
// `irp` runs the same session in its own process. Rows come back page by page, one page per credit, so the host
// never holds a whole result.
import fs from 'node:fs';
import path from 'node:path';
import {
  EngineAvailability,
  EngineError,
  QueryEngine,
  QueryRequest,
  RunHandle,
  RunMetadata,
  RunProgress,
} from '../engine/types';
import { parseAwsBlock } from '../playbook/awsBlockSpec';
import { parseLookupSpec } from '../playbook/lookupSpec';
import { BoundValue, ParameterError, bindPlaceholders } from '../playbook/placeholders';
import { athenaToDuckdb } from './athenaToDuckdb';
import { OfflineAwsRequest, toOfflineRequest } from './awsOffline';
import { toLookupRequest } from './lookup';
import type { IngestLimits } from './ingest/limits';
import { HostMessage, LookupRequest, WorkerStartOptions } from './protocol';
import { WorkerEvent, WorkerRun } from './workerRun';
import { WorkerChannel, forkWorker, inProcessWorker } from './workerChannel';

export { athenaToDuckdb } from './athenaToDuckdb';

export interface LocalEngineOptions {
  /** Absolute paths of files or folders holding CloudTrail and VPC flow log files. */
  dataSources: string[];
  /** Folder for the cache database (`local-data.duckdb`), normally beside the incident report. */
  cacheDir: string;
  /** The worker script; default `dist/local-engine-worker.js` of this package. */
  workerScript?: string;
  /** DuckDB's memory budget in the worker (default 1GB); larger work spills to disk in the cache folder. */
  memoryLimit?: string;
  /** Bounds on file, line and document size and JSON depth while loading (defaults in ingest/limits.ts). */
  ingestLimits?: Partial<IngestLimits>;
  /** False: load every file with the Node loader instead of DuckDB's own readers (for comparing the two). */
  bulkRead?: boolean;
  /** Run DuckDB in this process instead of a child process: for `irp`, never for the extension host. */
  inProcess?: boolean;
  /**
   * Lookups answer with each event's text (RAW_EVENT_COLUMNS) instead of flattened rows: `irp` flattens them on the
   * threads that format its output (a tenth off a warm lookup of 50,145 events, docs/LOCAL-ENGINE.md).
   */
  rawLookupEvents?: boolean;
}

/**
 * Rows per page the worker hands over. Small pages are cheap in process (handed over by reference) and keep few rows
 * alive at once: a warm lookup of 50,145 events in `irp` took 1.08 s with pages of 1,000 and 1.00 s with 250 (less
 * garbage collection, 80 MB less memory).
 */
const SQL_PAGE_SIZE = 250;
/** Enough for aggregations over tens of millions of flow records; keeps the worker modest beside the editor. */
const DEFAULT_MEMORY_LIMIT = '1GB';

/** The folder holding this package's package.json, found from wherever this code was bundled or compiled to. */
function packageRoot(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest) && /"name":\s*"ir-playbook-companion"/.test(fs.readFileSync(manifest, 'utf8')))
      return dir;
    if (path.dirname(dir) === dir) return path.resolve(__dirname, '..');
  }
}

/** True when DuckDB's JavaScript package and the native build for this platform can be found from `dir`. */
function duckdbInstalled(dir: string): boolean {
  const bindings = `@duckdb/node-bindings-${process.platform}-${process.arch}`;
  const resolvable = (name: string) => {
    try {
      require.resolve(`${name}/package.json`, { paths: [dir] });
      return true;
    } catch {
      return false;
    }
  };
  // The native build is published per platform, with a separate package for musl (Alpine) Linux.
  return resolvable('@duckdb/node-api') && (resolvable(bindings) || resolvable(`${bindings}-musl`));
}

interface Prepared {
  queryText: string;
  sql?: string;
  params?: BoundValue[];
  lookup?: LookupRequest;
  aws?: OfflineAwsRequest;
  dialect: string;
}

function prepare(request: QueryRequest): Prepared {
  if (request.engine === 'cloudtrail') {
    const { spec, problems } = parseLookupSpec(request.text, request.parameters, request.definitions);
    if (problems.length) {
      throw new EngineError(problems.map(p => `line ${p.line + 1}: ${p.message}`).join('; '), 'InvalidLookup');
    }
    return { queryText: request.text, lookup: toLookupRequest(spec), dialect: 'CloudTrail lookup (offline)' };
  }
  if (request.engine === 'action') {
    throw new EngineError(
      'A containment action changes AWS and never runs on local data; run it on AWS.',
      'NotAnsweredOffline',
    );
  }
  if (request.engine === 'aws') {
    const { spec, problems } = parseAwsBlock(request.text, 'read', request.parameters, request.definitions);
    if (problems.length) {
      throw new EngineError(
        `the aws block is not valid: ${problems.map(p => `line ${p.line + 1}: ${p.message}`).join('; ')}`,
        'InvalidAwsBlock',
      );
    }
    return {
      queryText: request.text,
      aws: toOfflineRequest(spec),
      dialect: 'AWS API read answered from local GuardDuty and Config data',
    };
  }
  const bound = bindPlaceholders(request.text, request.parameters, request.definitions);
  const sql = request.engine === 'athena' ? athenaToDuckdb(bound.text) : bound.text;
  return {
    queryText: sql,
    sql,
    params: bound.values,
    dialect: request.engine === 'athena' ? 'Athena SQL rewritten for DuckDB' : 'DuckDB SQL',
  };
}

function newMetadata(queryId: string, queryText: string, parameters: RunMetadata['parameters']): RunMetadata {
  return {
    engine: 'local',
    queryId,
    queryText,
    parameters,
    startedAt: new Date().toISOString(),
    rowCount: 0,
    partial: false,
    context: {},
  };
}

export class LocalEngine implements QueryEngine {
  readonly id = 'local' as const;
  readonly displayName = 'Local data (DuckDB)';
  private readonly workerScript: string;
  private channel?: WorkerChannel;
  private nextId = 1;
  private readonly listeners = new Map<number, (m: WorkerEvent) => void>();

  constructor(private readonly options: LocalEngineOptions) {
    this.workerScript = options.workerScript ?? path.join(packageRoot(), 'dist', 'local-engine-worker.js');
  }

  /** Process id of the current worker, if one is running (diagnostics and tests). */
  get workerPid(): number | undefined {
    return this.channel?.pid;
  }

  async availability(): Promise<EngineAvailability> {
    if (!this.options.dataSources.length)
      return { available: false, reason: 'No local data source is set; choose the folder or files holding the logs.' };
    const missing = this.options.dataSources.filter(p => !fs.existsSync(p));
    if (missing.length)
      return { available: false, reason: `Data source not found: ${missing.join(', ')}. Check the path.` };
    if (!fs.existsSync(this.workerScript)) {
      return {
        available: false,
        reason: `The local engine worker ${this.workerScript} is missing; rebuild the extension (npm run build).`,
      };
    }
    if (!duckdbInstalled(path.dirname(this.workerScript))) {
      return {
        available: false,
        reason: `DuckDB is not installed for ${process.platform}-${process.arch}; install the extension build for this platform.`,
      };
    }
    return { available: true };
  }

  private ensureWorker(): WorkerChannel {
    if (this.channel) return this.channel;
    const start: WorkerStartOptions = {
      dataSources: this.options.dataSources,
      cacheDir: this.options.cacheDir,
      memoryLimit: this.options.memoryLimit ?? DEFAULT_MEMORY_LIMIT,
      ingestLimits: this.options.ingestLimits,
      bulkRead: this.options.bulkRead,
    };
    const channel = (this.options.inProcess ? inProcessWorker : forkWorker)(this.workerScript, start, {
      message: m => this.listeners.get(m.id)?.(m),
      exit: e => {
        if (this.channel === channel) this.channel = undefined;
        for (const listener of [...this.listeners.values()]) listener(e);
      },
    });
    this.channel = channel;
    return channel;
  }

  private send(m: HostMessage): void {
    this.channel?.send(m);
  }

  run(request: QueryRequest, signal: AbortSignal, onProgress?: (p: RunProgress) => void): RunHandle {
    const meta = newMetadata(request.queryId, request.text, request.parameters);
    return this.start(meta, signal, onProgress, id => {
      const prepared = prepare(request);
      meta.queryText = prepared.queryText;
      meta.context = { dialect: prepared.dialect };
      return {
        type: 'run',
        id,
        sql: prepared.sql,
        params: prepared.params,
        lookup: prepared.lookup,
        rawEvents: this.options.rawLookupEvents,
        aws: prepared.aws,
        lowercaseColumns: request.engine === 'athena',
        pageSize: SQL_PAGE_SIZE,
        rowCap: request.rowCap,
      };
    });
  }

  /**
   * Brings the cache up to date with the data sources. A first question on new files is answered from the files
   * themselves and the worker loads them afterwards; `irp` waits for that load here before it exits.
   */
  loadCache(signal: AbortSignal, onProgress?: (p: RunProgress) => void): Promise<RunMetadata> {
    const meta = newMetadata('load-cache', '', {});
    // The metadata settles when the worker says done (or fails); a load sends no pages.
    return this.start(meta, signal, onProgress, id => ({
      type: 'run',
      id,
      cacheOnly: true,
      lowercaseColumns: false,
      pageSize: SQL_PAGE_SIZE,
    })).metadata;
  }

  /** Sends the run `message` builds (a build that throws fails the run before it reaches the worker). */
  private start(
    meta: RunMetadata,
    signal: AbortSignal,
    onProgress: ((p: RunProgress) => void) | undefined,
    message: (id: number) => HostMessage,
  ): RunHandle {
    const id = this.nextId++;
    const onAbort = () => run.cancel();
    const run = new WorkerRun(
      id,
      meta,
      {
        send: m => this.send(m),
        kill: () => this.channel?.kill(),
        detach: () => {
          this.listeners.delete(id);
          signal.removeEventListener('abort', onAbort);
        },
      },
      onProgress,
    );

    let built: HostMessage;
    try {
      built = message(id);
    } catch (e) {
      const error =
        e instanceof EngineError
          ? e
          : new EngineError(
              e instanceof ParameterError ? `Parameter problem: ${e.message}` : String(e),
              'InvalidParameters',
            );
      run.fail(error.code ?? 'InvalidParameters', error.message);
      return { pages: run.pages(), metadata: run.metadata };
    }

    if (signal.aborted) {
      run.cancelUnsent();
    } else {
      this.listeners.set(id, m => run.receive(m));
      signal.addEventListener('abort', onAbort);
      try {
        this.ensureWorker().send(built);
      } catch (e) {
        run.fail(
          'LocalEngineUnavailable',
          `cannot start the local engine: ${e instanceof Error ? e.message : String(e)}`,
        );
      }
    }
    return { pages: run.pages(), metadata: run.metadata };
  }

  /** Stops the worker session and closes the database; resolves once that is done. */
  dispose(): Promise<void> {
    const channel = this.channel;
    this.channel = undefined;
    return channel?.dispose() ?? Promise.resolve();
  }
}
