// Buffered writes of converted records to a staging file that DuckDB then reads in one statement.
import fs from 'node:fs';

export class StagingWriter {
  private readonly out: fs.WriteStream;
  private buffer: string[] = [];
  private size = 0;
  lines = 0;

  constructor(readonly path: string) {
    this.out = fs.createWriteStream(path);
  }

  async write(line: string): Promise<void> {
    this.buffer.push(line);
    this.size += line.length;
    this.lines++;
    if (this.size > 1 << 20) await this.flush();
  }

  private async flush(): Promise<void> {
    if (!this.buffer.length) return;
    const ok = this.out.write(this.buffer.join('\n') + '\n');
    this.buffer = [];
    this.size = 0;
    if (!ok) await new Promise<void>(resolve => this.out.once('drain', resolve));
  }

  async close(): Promise<void> {
    await this.flush();
    await new Promise<void>((resolve, reject) => this.out.end((e?: Error | null) => (e ? reject(e) : resolve())));
  }
}
