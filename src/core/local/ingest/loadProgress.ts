// How far a load is: files and bytes (as stored on disk) done, the rate so far and the time left at that rate.
import type { LoadStatus } from '../../engine/types';
import type { DataFile } from './files';

const MB = 1e6;
const REPORT_EVERY_MS = 250;
const mb = (bytes: number) => (bytes >= 10 * MB ? String(Math.round(bytes / MB)) : (bytes / MB).toFixed(1));

/** "Loading data: 120 of 200 files, 48 of 93 MB, 15.2 MB/s, about 3 s left". */
export function loadMessage(s: LoadStatus): string {
  const parts = [`${s.filesDone} of ${s.filesTotal} files`, `${mb(s.bytesDone)} of ${mb(s.bytesTotal)} MB`];
  if (s.bytesPerSecond > 0) parts.push(`${(s.bytesPerSecond / MB).toFixed(1)} MB/s`);
  if (s.secondsLeft !== undefined) parts.push(`about ${Math.ceil(s.secondsLeft)} s left`);
  return `Loading data: ${parts.join(', ')}`;
}

/** Counts each file once, whichever loader (DuckDB's readers or the Node one) finally takes it. */
export class LoadProgress {
  private filesDone = 0;
  private bytesDone = 0;
  private readonly bytesTotal: number;
  private readonly started = Date.now();
  private lastEmit = 0;

  constructor(
    private readonly filesTotal: number,
    bytesTotal: number,
    private readonly report: (message: string, status: LoadStatus) => void,
  ) {
    this.bytesTotal = bytesTotal;
  }

  static of(files: DataFile[], report: (message: string, status: LoadStatus) => void): LoadProgress {
    return new LoadProgress(
      files.length,
      files.reduce((n, f) => n + f.size, 0),
      report,
    );
  }

  /** Counts these files as done; reports at most a few times a second (and always at the end). */
  advance(files: DataFile[]): void {
    this.filesDone += files.length;
    this.bytesDone += files.reduce((n, f) => n + f.size, 0);
    if (Date.now() - this.lastEmit >= REPORT_EVERY_MS || this.filesDone === this.filesTotal) this.emit();
  }

  status(now = Date.now()): LoadStatus {
    const seconds = Math.max(now - this.started, 1) / 1000;
    const bytesPerSecond = this.bytesDone / seconds;
    const left = this.bytesTotal - this.bytesDone;
    return {
      filesDone: this.filesDone,
      filesTotal: this.filesTotal,
      bytesDone: this.bytesDone,
      bytesTotal: this.bytesTotal,
      bytesPerSecond,
      secondsLeft: bytesPerSecond > 0 ? left / bytesPerSecond : undefined,
    };
  }

  emit(): void {
    this.lastEmit = Date.now();
    const s = this.status();
    this.report(loadMessage(s), s);
  }
}
