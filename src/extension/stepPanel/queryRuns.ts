// Query runs of one step panel (its blocks, and the named queries it discovered): starts them through
// executeAndRecord (which writes the evidence and the run record), streams rows to the page in batches, and keeps
// the last result of each query so a reloaded page gets it back.
import * as vscode from 'vscode';
import { blocksForMode, engineFor } from '../../core/engine/resolve';
import type { CellValue, Column, QueryEngine, ResultPage, RunError } from '../../core/engine/types';
import type { QueryBlock } from '../../core/playbook/model';
import { findStep } from '../../core/playbook/parser';
import { blockParameterProblems, blockRequest, describeFailure, executeAndRecord } from '../../core/run/index';
import { readRecordedResult } from '../../core/run/recordedResult';
import type { HostNotification, LastResult, RunOutcome, RunPhase, RunView } from '../../shared/messages';
import { dataModeOf, localCacheDir, localDataSources, type Features } from '../features';
import type { ReportSession } from '../report/reportSession';
import { readSettings } from '../settings';
import { isNamedQueryId, namedQueryBlock, type NamedQueryCatalog } from './namedQueries';
import { parameterValues, toRunView } from './stepView';
import { partialText } from '../../core/engine/partialReason';

/** Rows per message: big enough to move 100,000 rows in a few dozen messages, small enough to keep the page fluid. */
const ROWS_PER_MESSAGE = 5000;
const SEND_INTERVAL_MS = 100;

/** What a run needs: the block to send, and the engine that runs it (created on demand). */
interface RunSource {
  block: QueryBlock;
  engine: () => Promise<QueryEngine>;
}

interface QueryResult {
  columns: Column[];
  rows: CellValue[][];
  controller?: AbortController;
  ended?: Extract<HostNotification, { type: 'runEnded' }>;
  lastProgress?: Extract<HostNotification, { type: 'runProgress' }>;
}

export class QueryRuns implements vscode.Disposable {
  private readonly results = new Map<string, QueryResult>();

  constructor(
    private readonly features: Features,
    private readonly stepId: string,
    private readonly namedQueries: NamedQueryCatalog,
    private readonly post: (message: HostNotification) => void,
  ) {}

  anyRunning(): boolean {
    return [...this.results.values()].some(r => r.controller);
  }

  isRunning(queryId: string): boolean {
    return !!this.results.get(queryId)?.controller;
  }

  cancel(queryId: string): void {
    this.results.get(queryId)?.controller?.abort();
  }

  /** Sends everything the page had before it was reloaded: each result's rows, and where each run stands. */
  resend(): void {
    for (const [queryId, result] of this.results) {
      // Same order as a live run: started (clears the grid), rows, then progress or the outcome.
      this.post({ type: 'runStarted', queryId });
      this.post({ type: 'runRows', queryId, columns: result.columns, rows: [], reset: true });
      for (let i = 0; i < result.rows.length; i += ROWS_PER_MESSAGE) {
        this.post({
          type: 'runRows',
          queryId,
          columns: result.columns,
          rows: result.rows.slice(i, i + ROWS_PER_MESSAGE),
          reset: false,
        });
      }
      if (result.controller) {
        if (result.lastProgress) this.post(result.lastProgress);
      } else if (result.ended) {
        this.post(result.ended);
      }
    }
  }

  /**
   * The query's last recorded result, read back from its evidence file and checked against its SHA-256, at most the
   * row cap; `none` when this panel holds a result of its own (resend gives it) or the query has no evidence yet.
   */
  async lastResult(session: ReportSession, queryId: string): Promise<LastResult> {
    if (this.results.has(queryId) || session.uri.scheme !== 'file') return { kind: 'none' };
    const run = session
      .stepState(this.stepId)
      .runs.filter(r => r.queryId === queryId && r.evidence.some(e => e.format === 'csv'))
      .at(-1);
    if (!run) return { kind: 'none' };
    const read = await readRecordedResult(session.uri.fsPath, run, readSettings().rowCap);
    if (!read) return { kind: 'none' };
    if (!read.ok) return { kind: 'problem', runId: run.runId, path: read.path, problem: read.problem };
    const { path, columns, rows, rowCount } = read;
    return { kind: 'rows', runId: run.runId, startedAt: run.startedAt, path, columns, rows, rowCount };
  }

  /** Runs one query of the step and records it in the report. Never throws: failures reach the page. */
  async run(session: ReportSession, queryId: string): Promise<RunOutcome> {
    if (this.isRunning(queryId)) return { phase: 'running', rowCount: this.results.get(queryId)!.rows.length };
    const source = this.source(session, queryId);
    if (typeof source === 'string') {
      return this.end(queryId, 'failed', 0, { message: source });
    }
    const result: QueryResult = { columns: [], rows: [], controller: new AbortController() };
    this.results.set(queryId, result);
    this.post({ type: 'runStarted', queryId });
    // A parameter typed a moment ago may still wait for the typing delay; the run must use it, and the run record
    // is appended to the report as it is with every pending edit written.
    await session.flush();
    const parameters = parameterValues(session);
    const problems = blockParameterProblems(session.playbook, source.block, parameters);
    if (problems.length) {
      result.controller = undefined;
      return this.end(queryId, 'failed', 0, { code: 'InvalidParameter', message: problems.join('\n') });
    }
    const settings = readSettings();
    const sender = this.rowSender(queryId, result);
    try {
      const record = await executeAndRecord(
        await source.engine(),
        blockRequest(session.playbook, source.block, parameters, settings.rowCap),
        {
          reportPath: session.uri.fsPath,
          stepId: this.stepId,
          summaryRowCap: settings.summaryRowCap,
          signal: result.controller!.signal,
          onProgress: p => {
            result.lastProgress = { type: 'runProgress', queryId, message: p.message, rowsSoFar: p.rowsSoFar };
            this.post(result.lastProgress);
          },
          onPage: page => sender.add(page),
        },
      );
      sender.flush();
      await session.recordRun(this.stepId, record);
      const cancelled = result.controller!.signal.aborted;
      result.controller = undefined;
      return this.end(
        queryId,
        record.error ? 'failed' : cancelled ? 'cancelled' : 'done',
        record.rowCount,
        record.error,
        record.partial ? partialText(record) : undefined,
        toRunView(record),
      );
    } catch (e) {
      sender.flush();
      result.controller = undefined;
      return this.end(queryId, 'failed', result.rows.length, describeFailure(e));
    }
  }

  /** The block a query id stands for (the step's own in this data mode, or a discovered named query) and its engine. */
  private source(session: ReportSession, queryId: string): RunSource | string {
    if (isNamedQueryId(queryId)) {
      const named = this.namedQueries.find(queryId);
      if (!named)
        return vscode.l10n.t('The named query {0} is not listed any more. Discover the named queries again.', queryId);
      return { block: namedQueryBlock(named), engine: () => this.features.engines.athenaOn(named.database) };
    }
    const mode = dataModeOf(session);
    const step = findStep(session.playbook, this.stepId);
    const block = step && blocksForMode(step, mode).find(q => q.id === queryId);
    if (!block) return vscode.l10n.t('The query {0} is not in this step any more. Reopen the step.', queryId);
    return {
      block,
      engine: () =>
        this.features.engines.engine(engineFor(block, mode), {
          dataSources: localDataSources(session),
          cacheDir: localCacheDir(session),
        }),
    };
  }

  private end(
    queryId: string,
    phase: RunPhase,
    rowCount: number,
    error?: RunError,
    partialReason?: string,
    run?: RunView,
  ): RunOutcome {
    const message: Extract<HostNotification, { type: 'runEnded' }> = {
      type: 'runEnded',
      queryId,
      phase,
      rowCount,
      error,
      partialReason,
      run,
    };
    const result = this.results.get(queryId);
    if (result) result.ended = message;
    this.post(message);
    return { phase, rowCount, run };
  }

  /** Gathers pages and posts them at most every SEND_INTERVAL_MS, in messages of at most ROWS_PER_MESSAGE rows. */
  private rowSender(queryId: string, result: QueryResult) {
    let pending: CellValue[][] = [];
    let first = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const flush = () => {
      if (timer) clearTimeout(timer);
      timer = undefined;
      if (!first && pending.length === 0) return;
      for (let i = 0; i < Math.max(pending.length, 1); i += ROWS_PER_MESSAGE) {
        this.post({
          type: 'runRows',
          queryId,
          columns: result.columns,
          rows: pending.slice(i, i + ROWS_PER_MESSAGE),
          reset: first,
        });
        first = false;
      }
      pending = [];
    };
    return {
      add: (page: ResultPage) => {
        if (result.columns.length === 0) result.columns = page.columns;
        for (const row of page.rows) {
          result.rows.push(row);
          pending.push(row);
        }
        if (pending.length >= ROWS_PER_MESSAGE) flush();
        else timer ??= setTimeout(flush, SEND_INTERVAL_MS);
      },
      flush,
    };
  }

  dispose(): void {
    for (const result of this.results.values()) result.controller?.abort();
  }
}
