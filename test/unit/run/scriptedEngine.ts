// A QueryEngine for the run tests that serves the pages it is given, can fail after some pages or overshoot a row cap. Its run is built
// on the same `startRun` the AWS engines use, so a cancel, a failure, a row cap or a consumer that stops reading end
// the run exactly as they do in a real engine (pages end or throw the same way, the same partial reason is set).
import {
  EngineError,
  type QueryEngine,
  type QueryRequest,
  type ResultPage,
  type RunHandle,
  type RunProgress,
} from '../../../src/core/engine/types';
import type { EngineId } from '../../../src/core/playbook/model';
import { startRun } from '../../../src/core/aws/runHandle';

export class ScriptedEngine implements QueryEngine {
  readonly displayName = 'Scripted test engine';

  constructor(
    readonly id: EngineId,
    private readonly pages: ResultPage[],
    private readonly script: { failAtPage?: number; ignoresRowCap?: boolean } = {},
  ) {}

  async availability() {
    return { available: true };
  }

  run(request: QueryRequest, signal: AbortSignal, onProgress?: (p: RunProgress) => void): RunHandle {
    const { pages } = this;
    const { failAtPage, ignoresRowCap } = this.script;
    const cap = ignoresRowCap ? Infinity : (request.rowCap ?? Infinity);
    return startRun(this.id, request, signal, async function* (state) {
      state.queryText = request.text.replace(/\{\{[^}]+\}\}/g, '?');
      state.context = { profile: 'test', region: 'eu-west-1' };
      let rows = 0;
      for (let i = 0; i < pages.length; i++) {
        signal.throwIfAborted();
        if (i === failAtPage) throw new EngineError('The engine failed half way; retry the run.', 'Boom');
        onProgress?.({ message: `page ${i + 1}`, rowsSoFar: rows });
        const kept = pages[i].rows.slice(0, cap - rows);
        rows += kept.length;
        yield { columns: pages[i].columns, rows: kept };
        if (rows >= cap && (kept.length < pages[i].rows.length || i < pages.length - 1)) {
          state.partialReason = 'row-cap';
          return;
        }
        await new Promise(resolve => setImmediate(resolve));
      }
    });
  }
}
