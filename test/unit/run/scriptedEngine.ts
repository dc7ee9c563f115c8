// A small QueryEngine for the run tests: serves the pages it is given, can fail after some pages, and honours
// the abort signal the way the interface asks (stop, mark the run partial, settle the metadata).
import {
  EngineError,
  type QueryEngine,
  type QueryRequest,
  type ResultPage,
  type RunHandle,
  type RunMetadata,
  type RunProgress,
} from '../../../src/core/engine/types';
import type { EngineId } from '../../../src/core/playbook/model';

export class ScriptedEngine implements QueryEngine {
  readonly displayName = 'Scripted test engine';

  constructor(
    readonly id: EngineId,
    private readonly pages: ResultPage[],
    private readonly failAtPage?: number,
  ) {}

  async availability() {
    return { available: true };
  }

  run(request: QueryRequest, signal: AbortSignal, onProgress?: (p: RunProgress) => void): RunHandle {
    let settle: (m: RunMetadata) => void = () => undefined;
    const metadata = new Promise<RunMetadata>(resolve => {
      settle = resolve;
    });
    const meta: RunMetadata = {
      engine: this.id,
      queryId: request.queryId,
      queryText: request.text.replace(/\{\{[^}]+\}\}/g, '?'),
      parameters: request.parameters,
      startedAt: '2026-11-29T10:00:00.000Z',
      rowCount: 0,
      partial: false,
      context: { profile: 'test', region: 'eu-west-1' },
    };
    const { pages, failAtPage } = this;
    async function* serve(): AsyncGenerator<ResultPage> {
      try {
        for (let i = 0; i < pages.length; i++) {
          if (signal.aborted) throw new EngineError('The run was cancelled.', 'Cancelled');
          if (i === failAtPage) throw new EngineError('The engine failed half way; retry the run.', 'Boom');
          onProgress?.({ message: `page ${i + 1}`, rowsSoFar: meta.rowCount });
          yield pages[i];
          meta.rowCount += pages[i].rows.length;
          await new Promise(resolve => setImmediate(resolve));
        }
      } catch (e) {
        meta.partial = true;
        if (signal.aborted) meta.partialReason = 'cancelled';
        else meta.error = { code: (e as EngineError).code, message: (e as Error).message };
        throw e;
      } finally {
        if (signal.aborted && !meta.partial) Object.assign(meta, { partial: true, partialReason: 'cancelled' });
        settle({ ...meta, endedAt: '2026-11-29T10:00:09.000Z' });
      }
    }
    return { pages: serve(), metadata };
  }
}
