// Runs a query and records it: every page goes to the evidence files as it arrives, the first rows (meaningful
// columns only) to the report's summary table, the outcome (complete, cancelled, failed, capped) to the run record,
// and the engine's own details of the run to the manifest beside the evidence.
import { randomBytes } from 'node:crypto';
import type { CellValue, QueryEngine, QueryRequest, ResultPage, RunError, RunProgress } from '../engine/types';
import { EngineError } from '../engine/types';
import { settlePartial } from '../engine/partialReason';
import type { RunRecord } from '../report/model';
import { meaningfulColumns } from '../results/columnOrder';
import { compactTime, EvidenceSink } from './evidenceSink';
import { splitRunContext } from './runDetails';
import { resolvedQueryIfValid } from './resolvedQuery';

export interface RecordOptions {
  /** Absolute path of the report file; evidence goes next to it. */
  reportPath: string;
  stepId: string;
  /** Rows kept for the report's summary table. */
  summaryRowCap: number;
  signal: AbortSignal;
  onProgress?: (progress: RunProgress) => void;
  /** Each page as it arrives (after it is written to the evidence). */
  onPage?: (page: ResultPage) => void;
  /** Clock, for tests. */
  now?: () => Date;
}

/** Most columns a summary table shows (the meaningful ones, in reading order); the evidence files keep them all. */
export const SUMMARY_COLUMNS = 7;

/** Longest cell text in the summary table; the evidence files keep the whole value. */
export const SUMMARY_CELL_CHARS = 300;

function summaryCell(value: CellValue | undefined): string {
  const text = value === null || value === undefined ? '' : String(value);
  const chars = Array.from(text);
  return chars.length > SUMMARY_CELL_CHARS ? chars.slice(0, SUMMARY_CELL_CHARS - 1).join('') + '…' : text;
}

/** An error in plain words, with the engine's or the AWS SDK's code when it gave one (else the error's kind). */
export function describeFailure(e: unknown): RunError {
  if (e instanceof EngineError) return { code: e.code, message: e.message };
  if (e instanceof Error) {
    const code = (e as { code?: unknown }).code;
    return typeof code === 'string' ? { code, message: e.message } : { code: e.name, message: e.message };
  }
  return { message: String(e) };
}

export async function executeAndRecord(
  engine: QueryEngine,
  request: QueryRequest,
  opts: RecordOptions,
): Promise<RunRecord> {
  const now = opts.now ?? (() => new Date());
  const started = now();
  const runId = `${compactTime(started)}-${randomBytes(3).toString('hex')}`;
  const sink = new EvidenceSink(opts.reportPath, opts.stepId, request.queryId, engine.id, started, runId);
  const summary: RunRecord['summary'] = { columns: [], rows: [], truncated: false };
  let rowCount = 0;
  let failure: unknown;
  /** Indexes of the result columns the summary table shows. */
  let kept: number[] | undefined;
  const handle = engine.run(request, opts.signal, opts.onProgress);
  let capped = false;
  try {
    for await (const received of handle.pages) {
      // The engine should stop at the row cap itself; this keeps the evidence within it even if one does not.
      const underCap = request.rowCap === undefined ? Infinity : request.rowCap - rowCount;
      const page = received.rows.length > underCap ? { ...received, rows: received.rows.slice(0, underCap) } : received;
      capped = page !== received;
      await sink.write(page);
      if (kept === undefined) {
        const names = page.columns.map(c => c.name);
        kept = meaningfulColumns(names, SUMMARY_COLUMNS);
        summary.columns = kept.map(i => names[i]);
      }
      // A table needs columns: rows of a result that names none are only in the evidence.
      const summaryRoom = summary.columns.length > 0 ? Math.max(0, opts.summaryRowCap - summary.rows.length) : 0;
      for (const row of page.rows.slice(0, summaryRoom)) {
        summary.rows.push((kept ?? []).map(i => summaryCell(row[i])));
      }
      rowCount += page.rows.length;
      opts.onPage?.(page);
      if (opts.signal.aborted || capped) break;
    }
  } catch (e) {
    failure = e;
  }
  // The run is over once its pages end: its metadata settles, and its engine details go into the manifest.
  const meta = await handle.metadata;
  const context = splitRunContext(meta.context, opts.reportPath);
  let written: Awaited<ReturnType<EvidenceSink['close']>> = { evidence: [] };
  try {
    written = await sink.close(Object.keys(context.engine).length > 0 ? context.engine : undefined);
  } catch (e) {
    failure ??= e;
  }
  const cancelled = opts.signal.aborted;
  summary.truncated = rowCount > summary.rows.length;
  const error = meta.error ?? (failure !== undefined && !cancelled ? describeFailure(failure) : undefined);
  // What the engine said and what only the recorder saw (its own cap, a cancel, a sink failure) go through the rule
  // the engines use; the recorder stopping at its cap is why the engine saw its reader stop early.
  const engineReason = meta.partial ? meta.partialReason : undefined;
  const partialFields = settlePartial({
    cancelled: cancelled || engineReason === 'cancelled',
    failed: error !== undefined,
    finished: !meta.partial,
    reason: capped ? 'row-cap' : engineReason,
    detail: capped ? undefined : meta.partialDetail,
  });
  const resolvedQuery = resolvedQueryIfValid(request, started);
  return {
    runId,
    queryId: request.queryId,
    engine: meta.engine ?? engine.id,
    startedAt: meta.startedAt || started.toISOString(),
    endedAt: meta.endedAt ?? now().toISOString(),
    rowCount,
    partial: partialFields.partial,
    ...(partialFields.partialReason !== undefined ? { partialReason: partialFields.partialReason } : {}),
    ...(partialFields.partialDetail !== undefined ? { partialDetail: partialFields.partialDetail } : {}),
    ...(error ? { error } : {}),
    queryText: meta.queryText || request.text,
    parameters: { ...(meta.parameters ?? request.parameters) },
    context: context.report,
    evidence: written.evidence,
    ...(written.manifest ? { manifest: written.manifest } : {}),
    ...(resolvedQuery !== undefined ? { resolvedQuery } : {}),
    summary,
  };
}
