// An evidence file written as the rows arrive: hashed and counted on the way to disk, never held whole in memory.
// It is written under a temporary name and only gets its real name, one that must not exist yet, once it is complete
// and flushed: evidence is written once and never rewritten, and a file under an evidence name is always whole.
import { createHash, type Hash } from 'node:crypto';
import * as path from 'node:path';
import { PendingFile } from '../fs/atomicWrite';

/** The name temporary evidence files are made from (see temporaryPath). */
export const EVIDENCE_TEMPORARY = 'evidence';

export class EvidenceFileWriter {
  private readonly hash: Hash = createHash('sha256');
  private bytes = 0;

  private constructor(private readonly pending: PendingFile) {}

  /** Starts the file in `folder`; `publish` names it. */
  static async create(folder: string): Promise<EvidenceFileWriter> {
    return new EvidenceFileWriter(await PendingFile.start(path.join(folder, EVIDENCE_TEMPORARY)));
  }

  async write(text: string): Promise<void> {
    const data = Buffer.from(text, 'utf8');
    this.hash.update(data);
    this.bytes += data.length;
    await this.pending.write(data);
  }

  /** Flushes the file to disk: evidence must be on disk before the report points at it. */
  async finish(): Promise<{ sha256: string; bytes: number }> {
    await this.pending.finish();
    return { sha256: this.hash.digest('hex'), bytes: this.bytes };
  }

  /** Gives the finished file the name `file`; false when that name is taken (the file then waits for another). */
  publish(file: string): Promise<boolean> {
    return this.pending.publish(file);
  }

  /** Removes the temporary file (after it was published, or when the run's evidence is given up). */
  discard(): Promise<void> {
    return this.pending.discard();
  }
}
