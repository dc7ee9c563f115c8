// One run on the worker, seen from the host: collects the worker's messages, hands pages to the caller one at a time
// (granting the worker a credit for each page taken), and settles the run's metadata however the run ends.
import { settlePartial } from '../engine/partialReason';
import { EngineError, ResultPage, RunMetadata, RunProgress } from '../engine/types';
import type { HostMessage, WorkerMessage } from './protocol';

/** The worker process ended; sent to every run still waiting on it. */
export type WorkerExit = { type: 'exit'; code: number | null; signal: NodeJS.Signals | null; stderr: string };
export type WorkerEvent = WorkerMessage | WorkerExit;

/** How long a cancelled run may take to stop before its process is killed. */
export const CANCEL_GRACE_MS = 5000;

interface WorkerRunHooks {
  send(m: HostMessage): void;
  /** Kills the worker process (a cancelled run that does not stop). */
  kill(): void;
  /** Called once when the run is over, to stop routing messages to it. */
  detach(): void;
}

const FAILED = settlePartial({ cancelled: false, failed: true, finished: false });
const CANCELLED = settlePartial({ cancelled: true, failed: false, finished: false });

export class WorkerRun {
  readonly metadata: Promise<RunMetadata>;
  private settle!: (m: RunMetadata) => void;
  private readonly inbox: WorkerEvent[] = [];
  private wake?: () => void;
  private done = false;
  private cancelled = false;
  private killTimer?: NodeJS.Timeout;

  constructor(
    readonly id: number,
    private readonly meta: RunMetadata,
    private readonly hooks: WorkerRunHooks,
    private readonly onProgress?: (p: RunProgress) => void,
  ) {
    this.metadata = new Promise(resolve => {
      this.settle = resolve;
    });
  }

  private finish(extra: Partial<RunMetadata>): void {
    if (this.done) return;
    this.done = true;
    if (this.killTimer) clearTimeout(this.killTimer);
    this.hooks.detach();
    Object.assign(this.meta, extra, { endedAt: new Date().toISOString() });
    this.settle({ ...this.meta });
  }

  /** Ends the run as failed before or outside the worker. */
  fail(code: string, message: string): void {
    this.inbox.push({ type: 'error', id: this.id, message, code, context: {} });
    this.finish({ ...FAILED, error: { code, message } });
    this.wake?.();
  }

  /** Asks the worker to stop; kills it if the run has not ended after a grace period. */
  cancel(): void {
    if (this.done || this.cancelled) return;
    this.cancelled = true;
    this.hooks.send({ type: 'cancel', id: this.id });
    this.killTimer = setTimeout(() => {
      if (!this.done) this.hooks.kill();
    }, CANCEL_GRACE_MS);
  }

  /** Ends a run cancelled before it was sent. */
  cancelUnsent(): void {
    this.cancelled = true;
    this.finish(CANCELLED);
  }

  receive(m: WorkerEvent): void {
    switch (m.type) {
      case 'progress':
        this.onProgress?.({ message: m.message, rowsSoFar: this.meta.rowCount, load: m.load });
        return;
      case 'page':
        this.meta.rowCount += m.rows.length;
        this.inbox.push(m);
        break;
      case 'done':
        this.inbox.push(m);
        this.finish({
          rowCount: m.rowCount,
          ...settlePartial({
            cancelled: m.partialReason === 'cancelled',
            failed: false,
            finished: true,
            reason: m.partialReason,
          }),
          context: { ...this.meta.context, ...m.context },
        });
        break;
      case 'error':
        this.inbox.push(m);
        this.finish({
          ...FAILED,
          error: { code: m.code, message: m.message },
          context: { ...this.meta.context, ...m.context },
        });
        break;
      case 'exit':
        if (this.cancelled) {
          this.finish(CANCELLED);
        } else {
          const how = m.signal ? `signal ${m.signal}` : `exit code ${m.code}`;
          const detail = m.stderr ? `: ${m.stderr.split('\n').slice(-3).join(' ')}` : '';
          this.fail(
            'LocalEngineCrashed',
            `The local engine process stopped unexpectedly (${how})${detail}. ` +
              'Rows shown so far are partial; run the query again (a fresh engine process starts).',
          );
        }
        break;
    }
    this.wake?.();
  }

  /** The pages in order; ends normally on success or cancel, throws EngineError on failure. */
  async *pages(): AsyncGenerator<ResultPage> {
    try {
      for (;;) {
        const m = this.inbox.shift();
        if (!m) {
          if (this.done) return;
          await new Promise<void>(resolve => {
            this.wake = resolve;
          });
          this.wake = undefined;
          continue;
        }
        if (m.type === 'page') {
          yield { columns: m.columns, rows: m.rows };
          this.hooks.send({ type: 'more', id: this.id });
        } else if (m.type === 'error') {
          throw new EngineError(m.message, m.code);
        } else if (m.type === 'done') {
          return;
        }
      }
    } finally {
      // The caller stopped reading early: stop the query too.
      if (!this.done) this.cancel();
    }
  }
}
