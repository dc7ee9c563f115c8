// The local engine's DuckDB side: runs the host's messages one at a time and answers with messages, rows in pages,
// one page per credit. It runs in a child process of the extension host (worker.ts), or inside `irp`'s own process,
// where a second process would only add its start and the copying of every row between the two.
import { type AnswerSource, LocalDatabase, duckdbVersion } from './database';
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

function waitForCredit(state: RunState): Promise<void> {
  if (state.credits > 0 || state.cancelled) return Promise.resolve();
  return new Promise(resolve => {
    state.wake = resolve;
  });
}

async function firstCell(pages: AsyncGenerator<ResultPage>): Promise<unknown> {
  for await (const page of pages) return page.rows[0]?.[0];
  return undefined;
}

/**
 * The pages of the run's question, on the log files themselves (`files`) or on the cache (`summary`, what the cache
 * holds).
 */
async function* pagesOf(
  m: RunMessage,
  db: LocalDatabase,
  on: { files: BulkFile[] } | { summary: IngestSummary },
): AsyncGenerator<ResultPage> {
  const files = 'files' in on ? on.files : undefined;
  const run = (sql: string, params: Array<BoundValue | string>, pageSize = m.pageSize) =>
    files
      ? db.queryFiles(files, sql, params, pageSize, m.lowercaseColumns)
      : db.query(sql, params, pageSize, m.lowercaseColumns);
  if (m.lookup) {
    // On the cache, the count the load recorded says whether any event came twice, else a count over the events the
    // lookup finds (on the files, which are read only once, the lookup de-duplicates).
    const check = repeatedEventsQuery(m.lookup);
    const unique =
      'summary' in on &&
      (on.summary.repeatedEventIds === 0 || (await firstCell(run(check.sql, check.params, 1))) === 0);
    const { sql, params } = buildLookupQuery(m.lookup, unique);
    yield* lookupPages(run(sql, params), m.lookup, m.pageSize, m.rawEvents === true);
  } else if (m.aws) {
    const { sql, params } = buildAwsQuery(m.aws);
    yield* awsPages(run(sql, params), m.aws, m.pageSize);
  } else {
    yield* run(m.sql ?? '', m.params ?? []);
  }
}

export class WorkerSession {
  private readonly runs = new Map<number, RunState>();
  private database?: LocalDatabase;
  private active?: RunState;
  private queue: Promise<void> = Promise.resolve();
  private background?: BackgroundLoad;
  /** A read of the files themselves failed after rows were sent: later runs load the files first. */
  private readingFilesFailed = false;

  constructor(
    private readonly options: WorkerStartOptions,
    private readonly send: (m: WorkerMessage) => void,
  ) {
    setIngestLimits(options.ingestLimits);
  }

  /** True while a run or the load after a first answer goes on. */
  get busy(): boolean {
    return this.active !== undefined || this.background !== undefined;
  }

  /** Settles when nothing runs (resolves at once when idle). */
  async idle(): Promise<void> {
    while (this.busy) {
      await this.queue;
      await this.background?.done;
    }
  }

  receive(m: HostMessage): void {
    if (m.type === 'run') {
      const state: RunState = { id: m.id, cancelled: false, credits: 2, rowCount: 0 };
      this.runs.set(m.id, state);
      this.queue = this.queue.then(() => this.execute(m, state));
      return;
    }
    const state = this.runs.get(m.id);
    if (!state) return;
    if (m.type === 'more') state.credits++;
    if (m.type === 'cancel') {
      state.cancelled = true;
      if (this.active === state) {
        // A run waiting for the background load stops it too: a load interrupted without being told would take the
        // interruption for a bad file.
        this.background?.stop();
        this.database?.interrupt();
      } else {
        // Still queued behind another run: end it now, so the host never waits on (or kills for) the run ahead of it.
        this.runs.delete(m.id);
        this.send({
          type: 'done',
          id: m.id,
          rowCount: 0,
          partialReason: 'cancelled',
          context: this.contextOf(undefined, this.database?.file),
        });
      }
    }
    state.wake?.();
    state.wake = undefined;
  }

  /** Cancels every run and stops the load after a first answer (what it committed is kept). */
  stop(): void {
    for (const id of [...this.runs.keys()]) this.receive({ type: 'cancel', id });
    if (this.background) {
      this.background.stop();
      this.database?.interrupt();
    }
  }

  /**
   * Closes the database. Only when idle: a query or a load may be waiting for a JavaScript callback (cidr_contains,
   * the depth check) on this thread, and closing would wait for it forever.
   */
  close(): void {
    if (!this.busy) this.database?.close();
  }

  private contextOf(summary: IngestSummary | undefined, file: string | undefined): Record<string, string> {
    const context: Record<string, string> = {
      dataSource: this.options.dataSources.join(', '),
      engineVersion: `DuckDB ${duckdbVersion()}`,
      // Peak memory of the process the engine runs in so far, for diagnostics and the benchmark.
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
      if (summary.repeatedEventIds !== undefined) context.repeatedEventIds = String(summary.repeatedEventIds);
      if (summary.problems.length) context.loadProblems = summary.problems.slice(0, 5).join('\n');
    }
    return context;
  }

  /** Sends the pages one per credit, up to the row cap; says why the rows are partial, if they are. */
  private async sendPages(
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
        this.send({ type: 'page', id: m.id, columns: page.columns, rows });
        state.rowCount += rows.length;
      }
      if (capped) return 'row-cap';
    }
    return state.cancelled ? 'cancelled' : undefined;
  }

  private async execute(m: RunMessage, state: RunState): Promise<void> {
    // Cancelled while waiting in the queue: already answered.
    if (state.cancelled) return;
    this.active = state;
    let summary: IngestSummary | undefined;
    const context: Record<string, string> = {};
    try {
      const progress = (message: string, load?: LoadStatus) =>
        this.send({ type: 'progress', id: m.id, message, rowsSoFar: 0, load });
      const { cacheDir, memoryLimit, dataSources, bulkRead } = this.options;
      const db = (this.database ??= new LocalDatabase(cacheDir, memoryLimit, dataSources, bulkRead));
      // Files the background load added while this run waited count as loaded by it.
      const waitedFor = (await this.background?.settle(db, m.cacheOnly === true, progress)) ?? 0;
      const source: AnswerSource =
        m.cacheOnly || readsLoadTables(m.sql ?? '')
          ? { from: 'load' }
          : await db.answerSource(!this.readingFilesFailed);
      let partialReason: PartialReason | undefined;
      let answered = false;
      if (source.from === 'files') {
        try {
          partialReason = await this.sendPages(m, state, pagesOf(m, db, { files: source.files }));
          answered = true;
          context.readFrom = 'files';
          context.files = String(source.files.length);
        } catch (e) {
          // The query's own mistake (it does not parse or bind, or would write) fails here as it would on the cache.
          if (state.cancelled || (e instanceof QueryFailure && e.code !== 'ReadFailed')) throw e;
          // A file DuckDB's readers reject, before any row was sent: the load names it, and the question is answered
          // on what loads. After a row was sent, the run fails (its rows would come twice); the next runs load first.
          if (state.rowCount > 0) {
            this.readingFilesFailed = true;
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
        const behind = source.from === 'load' ? source.listing : undefined;
        summary = source.from === 'cache' ? source.summary : await db.refresh(progress, () => state.cancelled, behind);
        summary = { ...summary, loadedFiles: summary.loadedFiles + waitedFor };
        if (!m.cacheOnly && !state.cancelled)
          partialReason = await this.sendPages(m, state, pagesOf(m, db, { summary }));
      }
      if (state.cancelled) partialReason = 'cancelled';
      this.send({
        type: 'done',
        id: m.id,
        rowCount: state.rowCount,
        partialReason,
        context: { ...this.contextOf(summary, db.file), ...context },
      });
      if (context.readFrom === 'files' && !state.cancelled) this.loadInBackground(db);
    } catch (e) {
      if (state.cancelled) {
        this.send({
          type: 'done',
          id: m.id,
          rowCount: state.rowCount,
          partialReason: 'cancelled',
          context: this.contextOf(summary, this.database?.file),
        });
      } else {
        const message = e instanceof Error ? e.message : String(e);
        this.send({
          type: 'error',
          id: m.id,
          message,
          code: e instanceof QueryFailure ? e.code : 'QueryFailed',
          context: this.contextOf(summary, this.database?.file),
        });
      }
    } finally {
      this.active = undefined;
      this.runs.delete(m.id);
    }
  }

  /** After a first answer from the files themselves: load them, so the next questions find the cache. */
  private loadInBackground(db: LocalDatabase): void {
    const load = new BackgroundLoad(db);
    this.background = load;
    void load.done.finally(() => {
      if (this.background === load) this.background = undefined;
    });
  }
}
