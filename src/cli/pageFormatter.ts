// Formats pages of rows on other threads while the CLI's own thread reads the next ones: printing 50,000 CloudTrail
// events as JSON is about as much work as producing them, and the machine has other cores.
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { type PageJob, pageText } from './rowsText';

const WORKER_SCRIPT = path.join(__dirname, 'rowsFormatWorker.js');

interface Waiting {
  job: PageJob;
  resolve: (bytes: Uint8Array) => void;
}

/** One formatting thread and the pages sent to it that have not come back yet (it answers them in order). */
interface FormatThread {
  worker: Worker;
  waiting: Waiting[];
}

/**
 * Pages in, their bytes out. Pages go to `threads` threads in turn, each started with its first page. If one cannot
 * start or fails, the pages every thread holds and every later one are formatted on the calling thread: the output is
 * the same.
 */
export class PageFormatter {
  private readonly started: FormatThread[] = [];
  private turn = 0;
  private failed = false;

  constructor(
    private readonly threads = 1,
    private readonly script = WORKER_SCRIPT,
  ) {}

  format(job: PageJob): Promise<Uint8Array> {
    if (this.failed) return Promise.resolve(inline(job));
    const thread = this.thread(this.turn++ % this.threads);
    return new Promise(resolve => {
      thread.waiting.push({ job, resolve });
      thread.worker.postMessage(job);
    });
  }

  /** Stops the threads (pages still waiting are formatted here first). */
  async dispose(): Promise<void> {
    this.fail();
    await Promise.all(this.started.splice(0).map(t => t.worker.terminate()));
  }

  private thread(index: number): FormatThread {
    const existing = this.started[index];
    if (existing) return existing;
    const thread: FormatThread = { worker: new Worker(this.script), waiting: [] };
    thread.worker.on('message', (bytes: Uint8Array) => thread.waiting.shift()?.resolve(bytes));
    thread.worker.on('error', () => this.fail());
    thread.worker.on('exit', () => this.fail());
    this.started[index] = thread;
    return thread;
  }

  private fail(): void {
    this.failed = true;
    // A thread still running stays in `started` until dispose() stops it: it would keep the process alive.
    for (const thread of this.started) for (const w of thread.waiting.splice(0)) w.resolve(inline(w.job));
  }
}

function inline(job: PageJob): Uint8Array {
  return new TextEncoder().encode(pageText(job));
}
