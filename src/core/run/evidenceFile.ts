// An evidence file written as the rows arrive: hashed and counted on the way to disk, never held whole in memory.
import { createHash, type Hash } from 'node:crypto';
import { open, type FileHandle } from 'node:fs/promises';

export class EvidenceFileWriter {
  private readonly hash: Hash = createHash('sha256');
  private bytes = 0;

  private constructor(readonly path: string, private readonly handle: FileHandle) {}

  /** Creates the file; fails if it exists, so evidence is never overwritten. */
  static async create(path: string): Promise<EvidenceFileWriter> {
    return new EvidenceFileWriter(path, await open(path, 'wx'));
  }

  async write(text: string): Promise<void> {
    const data = Buffer.from(text, 'utf8');
    this.hash.update(data);
    this.bytes += data.length;
    for (let offset = 0; offset < data.length;) {
      const { bytesWritten } = await this.handle.write(data, offset, data.length - offset);
      offset += bytesWritten;
    }
  }

  async close(): Promise<{ sha256: string; bytes: number }> {
    // Evidence must be on disk before the report points at it.
    await this.handle.sync();
    await this.handle.close();
    return { sha256: this.hash.digest('hex'), bytes: this.bytes };
  }
}
