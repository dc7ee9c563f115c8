// The load the worker runs after answering a question from the files themselves, so the next questions find the
// cache; and what a run that arrives meanwhile does about it.
import type { LoadStatus } from '../engine/types';
import type { LocalDatabase } from './database';

/**
 * A run that arrives while the load runs waits for it when it asks for the cache, or when the load is at least half
 * done (by bytes); else the load is stopped, and the run reads the files again.
 */
export function waitsForLoad(status: LoadStatus | undefined, cacheOnly: boolean): boolean {
  return cacheOnly || (status !== undefined && status.bytesTotal > 0 && status.bytesDone * 2 >= status.bytesTotal);
}

export class BackgroundLoad {
  /** The files it loaded (0 when it was stopped or failed). */
  readonly done: Promise<number>;
  private stopped = false;
  private status?: LoadStatus;
  /** The run waiting for the load, shown its progress. */
  private listener?: (message: string, status?: LoadStatus) => void;

  constructor(db: LocalDatabase) {
    this.done = db
      .refresh(
        (message, status) => {
          this.status = status ?? this.status;
          this.listener?.(message, status);
        },
        () => this.stopped,
      )
      .then(
        summary => summary.loadedFiles,
        () => 0,
      );
  }

  /**
   * Makes a run's way past the load: waits for it (the files it loads are then counted as the run's), or stops it
   * (what it committed is kept, and the run's own load or the next background load goes on from there).
   */
  settle(db: LocalDatabase, cacheOnly: boolean, progress: (message: string, status?: LoadStatus) => void) {
    if (waitsForLoad(this.status, cacheOnly)) {
      this.listener = progress;
    } else {
      this.stop();
      db.interrupt();
    }
    return this.done;
  }

  /** Told before the database is interrupted: an interruption it was not told of would look like a bad file. */
  stop(): void {
    this.stopped = true;
  }
}
