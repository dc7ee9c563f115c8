// Writes that never leave a file half-written: the bytes go to a temporary file in the same folder, are flushed to
// the disk, and only then take the file's name in one rename (or link, for a file that must not exist yet). A crash,
// a kill or a full disk at any moment leaves either the old file or the new one, whole.
import { randomBytes } from 'node:crypto';
import { chmod, link, open, readdir, rename, stat, unlink, type FileHandle } from 'node:fs/promises';
import * as path from 'node:path';
import { processGone } from './processGone';

/** A write failed; the file it was meant for is as it was before. */
export class AtomicWriteError extends Error {
  readonly code: string | undefined;
  constructor(
    readonly file: string,
    cause: unknown,
    happened = 'is unchanged',
  ) {
    const code = (cause as NodeJS.ErrnoException | undefined)?.code;
    const reason = cause instanceof Error ? cause.message : String(cause);
    const hint =
      code === 'ENOSPC' || code === 'EFBIG' || code === 'EDQUOT' ? ' The disk (or a file size limit) is full.' : '';
    super(`Could not write ${file}: ${reason}.${hint} The file on disk ${happened}.`);
    this.name = 'AtomicWriteError';
    this.code = code;
  }
}

/**
 * Temporary files start with a dot and end in `.irp-tmp`, so nothing that looks for reports (`*.md`) or evidence
 * takes one for the real file; the pid says which process left it behind.
 */
export function isTemporaryFile(name: string): boolean {
  return name.startsWith('.') && name.endsWith('.irp-tmp');
}

/** A fresh temporary name beside `file`: `.<name>.<pid>.<random>.irp-tmp`. */
export function temporaryPath(file: string): string {
  return path.join(
    path.dirname(file),
    `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.irp-tmp`,
  );
}

/**
 * Removes the temporary files that writers of `file` which were killed left behind: the pid in the name is of a
 * process of this machine that is gone.
 */
export async function removeLeftovers(file: string): Promise<void> {
  const prefix = `.${path.basename(file)}.`;
  const names = await readdir(path.dirname(file)).catch(() => []);
  for (const name of names) {
    if (!name.startsWith(prefix) || !isTemporaryFile(name)) continue;
    const pid = Number(name.split('.').at(-3));
    if (Number.isInteger(pid) && pid !== process.pid && processGone(pid))
      await removeQuietly(path.join(path.dirname(file), name));
  }
}

/** Flushes a folder, so a rename or link inside it survives a power cut. */
async function syncFolder(folder: string): Promise<void> {
  const handle = await open(folder, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function removeQuietly(file: string): Promise<void> {
  await unlink(file).catch(() => undefined);
}

/** A file being written under a temporary name; nothing is visible under the real name until commit or publish. */
export class PendingFile {
  private constructor(
    readonly target: string,
    readonly temporary: string,
    private readonly handle: FileHandle,
  ) {}

  static async start(target: string): Promise<PendingFile> {
    const temporary = temporaryPath(target);
    try {
      return new PendingFile(target, temporary, await open(temporary, 'wx'));
    } catch (e) {
      throw new AtomicWriteError(target, e);
    }
  }

  async write(data: Buffer): Promise<void> {
    try {
      for (let offset = 0; offset < data.length;) {
        const { bytesWritten } = await this.handle.write(data, offset, data.length - offset);
        offset += bytesWritten;
      }
    } catch (e) {
      await this.discard();
      throw new AtomicWriteError(this.target, e);
    }
  }

  /** Flushes and closes the temporary file; after this, commit() or publish() is a single rename or link. */
  async finish(): Promise<void> {
    try {
      await this.handle.sync();
      await this.handle.close();
    } catch (e) {
      await this.discard();
      throw new AtomicWriteError(this.target, e);
    }
  }

  /** Replaces the target (or creates it) with the finished temporary file, keeping the target's permissions. */
  async commit(): Promise<void> {
    try {
      const old = await stat(this.target).catch(() => undefined);
      if (old) await chmod(this.temporary, old.mode & 0o7777);
      await rename(this.temporary, this.target);
      await syncFolder(path.dirname(this.target));
    } catch (e) {
      await removeQuietly(this.temporary);
      throw new AtomicWriteError(this.target, e);
    }
  }

  /**
   * Gives the finished temporary file the name `name` too, only if nothing has that name yet (a link fails on an
   * existing name, where a rename would replace it). Returns false when the name is taken. The temporary name stays
   * until discard(), so the file can be published under another name after a refusal.
   */
  async publish(name = this.target): Promise<boolean> {
    try {
      await link(this.temporary, name);
      await syncFolder(path.dirname(name));
      return true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw new AtomicWriteError(name, e, 'was not created');
    }
  }

  async discard(): Promise<void> {
    await this.handle.close().catch(() => undefined);
    await removeQuietly(this.temporary);
  }
}
