// Entry point of the local engine's child process (bundled to dist/local-engine-worker.js). DuckDB runs only here,
// never in the extension host. Runs are executed one at a time; rows go back in pages, one page per credit.
import { LocalDatabase, duckdbVersion } from './database';
import type { IngestSummary } from './ingest/ingest';
import { setIngestLimits } from './ingest/limits';
import { buildAwsQuery } from './awsOffline';
import { awsPages } from './awsOfflineRows';
import { buildLookupQuery, lookupPages, repeatedEventsQuery } from './lookup';
import type { BoundValue } from '../playbook/placeholders';
import type { PartialReason } from '../engine/partialReason';
import type { LoadStatus, ResultPage } from '../engine/types';
import type { BulkFile } from './ingest/bulkLoad';
import { BackgroundLoad } from './backgroundLoad';
import { readsLoadTables } from './directViews';
import type { HostMessage, WorkerMessage, WorkerStartOptions } from './protocol';
import { QueryFailure } from './queryFailure';

interface RunState {
  id: number;
  cancelled: boolean;
  credits: number;
  rowCount: number;
  wake?: () => void;
}

type RunMessage = Extract<HostMessage, { type: 'run' }>;

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

/** The pages of the run's question, on the cache or, when `files` are given, on the log files themselves. */
async function* pagesOf(m: RunMessage, db: LocalDatabase, files?: BulkFile[]): AsyncGenerator<ResultPage> {
  const run = (sql: string, params: Array<BoundValue | string>, pageSize = m.pageSize) =>
    files
      ? db.queryFiles(files, sql, params, pageSize, m.lowercaseColumns)
      : db.query(sql, params, pageSize, m.lowercaseColumns);
  if (m.lookup) {
    // On the cache, a count over the event ids says whether any event came twice (the files are read only once).
    const check = repeatedEventsQuery(m.lookup);
    const unique = !files && (await firstCell(run(check.sql, check.params, 1))) === 0;
    const { sql, params } = buildLookupQuery(m.lookup, unique);
    yield* lookupPages(run(sql, params), m.lookup, m.pageSize);
  } else if (m.aws) {
    const { sql, params } = buildAwsQuery(m.aws);
    yield* awsPages(run(sql, params), m.aws, m.pageSize);
  } else {
    yield* run(m.sql ?? '', m.params ?? []);
  }
}

async function firstCell(pages: AsyncGenerator<ResultPage>): Promise<unknown> {
  for await (const page of pages) return page.rows[0]?.[0];
  return undefined;
}

/** Sends the pages one per credit, up to the row cap; says why the rows are partial, if they are. */
async function sendPages(
  m: RunMessage,
  state: RunState,
  pages: AsyncGenerator<ResultPage>,
): Promise<PartialReason | undefined> {
  for await (const page of pages) {
    let rows = page.rows;
    let capped = false;
    if (m.rowCap !== undefined && state.rowCount + rows.length > m.rowCap) {
      rows = rows.slice(0, m.rowCap - state.rowCount);
      capped = true;
    }
    await waitForCredit(state);
    if (state.cancelled) return 'cancelled';
    if (rows.length || state.rowCount === 0) {
      state.credits--;
      send({ type: 'page', id: m.id, columns: page.columns, rows });
      state.rowCount += rows.length;
    }
    if (capped) return 'row-cap';
  }
  return state.cancelled ? 'cancelled' : undefined;
}

let background: BackgroundLoad | undefined;
/** A read of the files themselves failed after rows were sent: later runs load the files first. */
let readingFilesFailed = false;

async function execute(m: RunMessage, state: RunState): Promise<void> {
  // Cancelled while waiting in the queue: already answered.
  if (state.cancelled) return;
  active = state;
  let summary: IngestSummary | undefined;
  const context: Record<string, string> = {};
  try {
    const progress = (message: string, load?: LoadStatus) =>
      send({ type: 'progress', id: m.id, message, rowsSoFar: 0, load });
    const db = (database ??= new LocalDatabase(
      options.cacheDir,
      options.memoryLimit,
      options.dataSources,
      options.bulkRead,
    ));
    // Files the background load added while this run waited count as loaded by it.
    const waitedFor = (await background?.settle(db, m.cacheOnly === true, progress)) ?? 0;
    const source =
      m.cacheOnly || readsLoadTables(m.sql ?? '')
        ? { from: 'load' as const }
        : await db.answerSource(!readingFilesFailed);
    let partialReason: PartialReason | undefined;
    let answered = false;
    if (source.from === 'files') {
      try {
        partialReason = await sendPages(m, state, pagesOf(m, db, source.files));
        answered = true;
        context.readFrom = 'files';
        context.files = String(source.files.length);
      } catch (e) {
        // The query's own mistake (it does not parse or bind, or would write) fails here as it would on the cache.
        if (state.cancelled || (e instanceof QueryFailure && e.code !== 'ReadFailed')) throw e;
        // A file DuckDB's readers reject, before any row was sent: the load names it, and the question is answered
        // on what loads. After a row was sent, the run fails (its rows would come twice); the next runs load first.
        if (state.rowCount > 0) {
          readingFilesFailed = true;
          const message = e instanceof Error ? e.message : String(e);
          throw new QueryFailure(
            `reading the log files directly failed after ${state.rowCount} row(s): ${message.split('\n')[0]}. ` +
              'Run it again: the files are loaded first, and a file that cannot be read is named and skipped.',
            'QueryFailed',
          );
        }
      }
    }
    if (!answered) {
      summary = source.from === 'cache' ? source.summary : await db.refresh(progress, () => state.cancelled);
      summary = { ...summary, loadedFiles: summary.loadedFiles + waitedFor };
      if (!m.cacheOnly && !state.cancelled) partialReason = await sendPages(m, state, pagesOf(m, db));
    }
    if (state.cancelled) partialReason = 'cancelled';
    send({
      type: 'done',
      id: m.id,
      rowCount: state.rowCount,
      partialReason,
      context: { ...contextOf(summary, db.file), ...context },
    });
    if (context.readFrom === 'files' && !state.cancelled) {
      const load = new BackgroundLoad(db);
      background = load;
      void load.done.finally(() => {
        if (background === load) background = undefined;
      });
    }
  } catch (e) {
    if (state.cancelled) {
      send({
        type: 'done',
        id: m.id,
        rowCount: state.rowCount,
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
    const state: RunState = { id: m.id, cancelled: false, credits: 2, rowCount: 0 };
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
      // A run waiting for the background load stops it too: a load interrupted without being told would take the
      // interruption for a bad file.
      background?.stop();
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
// query or a load runs it may be waiting for a JavaScript callback (cidr_contains, the depth check) on this thread,
// and both closing and a normal exit (which runs DuckDB's destructors) would wait for it forever: end the process
// outright. A load commits a file's rows with its manifest row, so the cache stays consistent either way.
process.on('disconnect', () => {
  if (active || background) {
    process.kill(process.pid, 'SIGKILL');
    return;
  }
  database?.close();
  process.exit(0);
});
