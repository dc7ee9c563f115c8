// Turns an engine's page generator into the RunHandle every engine returns: rows are counted as they pass, and the
// metadata promise settles (never rejects) when the pages end, fail, are cancelled or the consumer stops reading.
// The run starts when the caller begins reading pages.
import type { EngineId } from '../playbook/model';
import { settlePartial } from '../engine/partialReason';
import { EngineError, QueryRequest, ResultPage, RunHandle, RunMetadata } from '../engine/types';
import { isAbort, toAwsEngineError } from './errors';

/**
 * What the engine's body fills in while it runs; it sets partialReason (and partialDetail) when the run stops before
 * the end for a reason that is not an error or a cancel (row cap, a Region failed).
 */
export type RunState = Pick<RunMetadata, 'queryText' | 'context' | 'partialReason' | 'partialDetail'>;

export function startRun(
  engine: EngineId,
  request: QueryRequest,
  signal: AbortSignal,
  body: (state: RunState) => AsyncGenerator<ResultPage>,
): RunHandle {
  let settle!: (m: RunMetadata) => void;
  const metadata = new Promise<RunMetadata>(resolve => {
    settle = resolve;
  });
  const state: RunState = { queryText: request.text, context: {} };
  const startedAt = new Date().toISOString();
  let rowCount = 0;

  async function* pages(): AsyncGenerator<ResultPage> {
    let error: EngineError | undefined;
    let finished = false;
    let cancelled = false;
    try {
      for await (const page of body(state)) {
        rowCount += page.rows.length;
        yield page;
      }
      finished = true;
    } catch (e) {
      if (signal.aborted || isAbort(e)) {
        finished = true;
        cancelled = true;
      } else {
        error = toAwsEngineError(e);
        throw error;
      }
    } finally {
      settle({
        engine,
        queryId: request.queryId,
        queryText: state.queryText,
        parameters: request.parameters,
        startedAt,
        endedAt: new Date().toISOString(),
        rowCount,
        ...settlePartial({
          cancelled: cancelled || (signal.aborted && !error),
          failed: !!error,
          finished,
          reason: state.partialReason,
          detail: state.partialDetail,
        }),
        error: error ? { code: error.code, message: error.message } : undefined,
        context: state.context,
      });
    }
  }
  return { pages: pages(), metadata };
}
