// Formats pages of rows on a second thread while the CLI's own thread reads and flattens the next ones: printing
// 50,000 CloudTrail events as JSON is about as much work as producing them, and the machine has another core.
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { type PageJob, pageText } from './rowsText';

const WORKER_SCRIPT = path.join(__dirname, 'rowsFormatWorker.js');

interface Waiting {
  job: PageJob;
  resolve: (bytes: Uint8Array) => void;
}

/**
 * Pages in, their bytes out, in the order given. The thread starts with the first page. If it cannot start or
 * fails, the pages it holds and every later one are formatted on the calling thread: the output is the same.
 */
export class PageFormatter {
  private worker?: Worker;
  private failed = false;
  /** Pages sent to the thread and not yet back; it answers them in order. */
  private readonly waiting: Waiting[] = [];

  constructor(private readonly script = WORKER_SCRIPT) {}

  format(job: PageJob): Promise<Uint8Array> {
    if (this.failed) return Promise.resolve(inline(job));
    return new Promise(resolve => {
      this.waiting.push({ job, resolve });
      this.thread().postMessage(job);
    });
  }

  /** Stops the thread (pages still waiting are formatted here first). */
  async dispose(): Promise<void> {
    const worker = this.worker;
    this.fail();
    await worker?.terminate();
  }

  private thread(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.script);
    worker.on('message', (bytes: Uint8Array) => this.waiting.shift()?.resolve(bytes));
    worker.on('error', () => this.fail());
    worker.on('exit', () => this.fail());
    this.worker = worker;
    return worker;
  }

  private fail(): void {
    this.failed = true;
    this.worker = undefined;
    for (const w of this.waiting.splice(0)) w.resolve(inline(w.job));
  }
}

function inline(job: PageJob): Uint8Array {
  return new TextEncoder().encode(pageText(job));
}
