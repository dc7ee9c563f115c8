// Entry point of the local engine's child process (bundled to dist/local-engine-worker.js). DuckDB runs only here,
// never in the extension host. Runs are executed one at a time; rows go back in pages, one page per credit.
import { LocalDatabase, duckdbVersion } from './database';
import type { IngestSummary } from './ingest/ingest';
import { setIngestLimits } from './ingest/limits';
import { buildAwsQuery } from './awsOffline';
import { awsPages } from './awsOfflineRows';
import { buildLookupQuery, lookupPages } from './lookup';
import type { PartialReason } from '../engine/partialReason';
import type { HostMessage, WorkerMessage, WorkerStartOptions } from './protocol';
import { QueryFailure } from './queryFailure';

interface RunState {
  id: number;
  cancelled: boolean;
  credits: number;
  wake?: () => void;
}

const options = JSON.parse(process.argv[2] ?? '{}') as WorkerStartOptions;
setIngestLimits(options.ingestLimits);
const runs = new Map<number, RunState>();
let database: LocalDatabase | undefined;
let active: RunState | undefined;
let queue: Promise<void> = Promise.resolve();

const send = (m: WorkerMessage) => process.send?.(m);

function contextOf(summary: IngestSummary | undefined, file: string | undefined): Record<string, string> {
  const context: Record<string, string> = {
    dataSource: options.dataSources.join(', '),
    engineVersion: `DuckDB ${duckdbVersion()}`,
    // Peak memory of the engine process so far (not the extension host's), for diagnostics and the benchmark.
    enginePeakRssMB: String(Math.round(process.resourceUsage().maxRSS / 1024)),
  };
  if (file) context.cache = file;
  if (summary) {
    Object.assign(context, {
      files: String(summary.files),
      loadedFiles: String(summary.loadedFiles),
      cloudTrailEvents: String(summary.cloudTrailEvents),
      flowRecords: String(summary.flowRecords),
      guardDutyFindings: String(summary.guardDutyFindings),
      configItems: String(summary.configItems),
      skippedRecords: String(summary.skippedRecords),
      skippedFiles: String(summary.skippedFiles),
      invalidUtf8: String(summary.invalidUtf8),
    });
    if (summary.problems.length) context.loadProblems = summary.problems.slice(0, 5).join('\n');
  }
  return context;
}

function waitForCredit(state: RunState): Promise<void> {
  if (state.credits > 0 || state.cancelled) return Promise.resolve();
  return new Promise(resolve => {
    state.wake = resolve;
  });
}

async function execute(m: Extract<HostMessage, { type: 'run' }>, state: RunState): Promise<void> {
  // Cancelled while waiting in the queue: already answered.
  if (state.cancelled) return;
  active = state;
  let summary: IngestSummary | undefined;
  let rowCount = 0;
  try {
    database ??= new LocalDatabase(options.cacheDir, options.memoryLimit, options.dataSources, options.bulkRead);
    summary = await database.refresh(
      (message, load) => send({ type: 'progress', id: m.id, message, rowsSoFar: 0, load }),
      () => state.cancelled,
    );
    const { sql, params } = m.lookup
      ? buildLookupQuery(m.lookup)
      : m.aws
        ? buildAwsQuery(m.aws)
        : { sql: m.sql ?? '', params: m.params ?? [] };
    let partialReason: PartialReason | undefined;
    if (!state.cancelled) {
      const results = database.query(sql, params, m.pageSize, m.lowercaseColumns);
      const pages = m.lookup ? lookupPages(results, m.lookup) : m.aws ? awsPages(results, m.aws, m.pageSize) : results;
      for await (const page of pages) {
        let rows = page.rows;
        if (m.rowCap !== undefined && rowCount + rows.length > m.rowCap) {
          rows = rows.slice(0, m.rowCap - rowCount);
          partialReason = 'row-cap';
        }
        await waitForCredit(state);
        if (state.cancelled) break;
        if (rows.length || rowCount === 0) {
          state.credits--;
          send({ type: 'page', id: m.id, columns: page.columns, rows });
          rowCount += rows.length;
        }
        if (partialReason) break;
      }
    }
    if (state.cancelled) partialReason = 'cancelled';
    send({ type: 'done', id: m.id, rowCount, partialReason, context: contextOf(summary, database.file) });
  } catch (e) {
    if (state.cancelled) {
      send({
        type: 'done',
        id: m.id,
        rowCount,
        partialReason: 'cancelled',
        context: contextOf(summary, database?.file),
      });
    } else {
      const message = e instanceof Error ? e.message : String(e);
      send({
        type: 'error',
        id: m.id,
        message,
        code: e instanceof QueryFailure ? e.code : 'QueryFailed',
        context: contextOf(summary, database?.file),
      });
    }
  } finally {
    active = undefined;
    runs.delete(m.id);
  }
}

process.on('message', (m: HostMessage) => {
  if (m.type === 'run') {
    const state: RunState = { id: m.id, cancelled: false, credits: 2 };
    runs.set(m.id, state);
    queue = queue.then(() => execute(m, state));
    return;
  }
  const state = runs.get(m.id);
  if (!state) return;
  if (m.type === 'more') state.credits++;
  if (m.type === 'cancel') {
    state.cancelled = true;
    if (active === state) {
      database?.interrupt();
    } else {
      // Still queued behind another run: end it now, so the host never waits on (or kills for) the run ahead of it.
      runs.delete(m.id);
      send({
        type: 'done',
        id: m.id,
        rowCount: 0,
        partialReason: 'cancelled',
        context: contextOf(undefined, database?.file),
      });
    }
  }
  state.wake?.();
  state.wake = undefined;
});

// The host went away (disposed, or died): nothing left to answer to. When idle, close the database cleanly. While a
// query runs it may be waiting for a JavaScript callback (cidr_contains) on this thread, and both closing and a normal
// exit (which runs DuckDB's destructors) would wait for it forever: end the process outright. Every load is one
// transaction, so the cache stays consistent either way.
process.on('disconnect', () => {
  if (active) {
    process.kill(process.pid, 'SIGKILL');
    return;
  }
  database?.close();
  process.exit(0);
});
