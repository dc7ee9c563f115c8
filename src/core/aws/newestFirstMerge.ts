// Merging several newest-first event streams (one per region and lookup attribute) into one newest-first stream,
// without waiting for every stream to finish: an event is released as soon as no other stream can still produce a
// newer one. Each stream is fed by its own producer, so the streams fetch concurrently.

/** A buffer between one producer (a paginating fetch loop) and the merge. */
export class Feed<T> {
  private readonly items: T[] = [];
  private finished = false;
  private failure?: unknown;
  private wake?: () => void;
  private changed = this.nextChange();

  constructor(
    readonly label: string,
    private readonly highWater = 1000,
  ) {}

  get done(): boolean {
    return this.finished;
  }

  get error(): unknown {
    return this.failure;
  }

  get size(): number {
    return this.items.length;
  }

  push(items: T[]): void {
    this.items.push(...items);
    this.notify();
  }

  /** Ends the stream; with an error, the events pushed so far stay valid. */
  finish(error?: unknown): void {
    this.finished = true;
    this.failure = error;
    this.notify();
  }

  /** For the producer: resolves once the consumer has drained the buffer below the high-water mark. */
  async room(): Promise<void> {
    while (this.items.length >= this.highWater && !this.finished) await this.changed;
  }

  /** For the merge: resolves once there is an item to look at or the stream is over. */
  async ready(): Promise<void> {
    while (this.items.length === 0 && !this.finished) await this.changed;
  }

  peek(): T | undefined {
    return this.items[0];
  }

  take(): T {
    const item = this.items.shift() as T;
    this.notify();
    return item;
  }

  private nextChange(): Promise<void> {
    return new Promise(resolve => {
      this.wake = resolve;
    });
  }

  private notify(): void {
    const wake = this.wake;
    this.changed = this.nextChange();
    wake?.();
  }
}

/**
 * Yields batches of items, newest first across all feeds. Assumes each feed is itself newest first (LookupEvents
 * returns events in reverse chronological order). A batch ends when some unfinished feed has nothing buffered,
 * because that feed might still produce a newer item.
 */
export async function* mergeNewestFirst<T>(feeds: Feed<T>[], timeOf: (item: T) => number): AsyncGenerator<T[]> {
  for (;;) {
    await Promise.all(feeds.map(f => f.ready()));
    const batch: T[] = [];
    for (;;) {
      let best: Feed<T> | undefined;
      let blocked = false;
      for (const feed of feeds) {
        const head = feed.peek();
        if (head === undefined) {
          if (!feed.done) blocked = true;
          continue;
        }
        if (!best || timeOf(head) > timeOf(best.peek() as T)) best = feed;
      }
      if (blocked || !best) break;
      batch.push(best.take());
    }
    if (batch.length) yield batch;
    else if (feeds.every(f => f.done && f.size === 0)) return;
  }
}
