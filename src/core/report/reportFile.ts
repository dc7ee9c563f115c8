// The one way a report file is changed outside an editor: the change is applied to the text on disk at that moment
// (never to a copy held in memory), under the report's lock file, and the result replaces the file atomically only if
// the file still holds the text the change was computed from. So a hand edit saved meanwhile and another writer's
// records both survive, and a crash or a full disk leaves the old report whole.
import { createHash } from 'node:crypto';
import { readFile, realpath } from 'node:fs/promises';
import { AtomicWriteError, PendingFile, removeLeftovers } from '../fs/atomicWrite';
import { lockFile, type LockOptions } from '../fs/fileLock';
import { applyEdits, type TextEdit } from './edits';
import { refreshTimeline } from '../findings/refreshTimeline';

/** A change of the report text: the new text, or edits whose offsets refer to the text given. */
export type ReportChange = (text: string) => string | TextEdit[];

interface UpdateOptions extends LockOptions {
  /** Text of a report that does not exist yet; without it a missing report is an error. */
  ifMissing?: () => string;
  /** How many times a change is recomputed when the file changed under it (a writer that does not lock). */
  attempts?: number;
}

interface UpdateResult {
  /** The report text now on disk. */
  text: string;
  /** False when the change left the text as it was (nothing was written). */
  written: boolean;
}

/** The file kept changing while the change was being applied; nothing was written. */
export class ReportChangedError extends Error {
  constructor(file: string, attempts: number) {
    super(
      `${file} changed on disk ${attempts} times while this change was being written; nothing was written. ` +
        'Something else keeps writing the report: stop it and try again.',
    );
    this.name = 'ReportChangedError';
  }
}

const DEFAULT_ATTEMPTS = 5;

const digest = (text: string | undefined) =>
  text === undefined ? 'missing' : createHash('sha256').update(text).digest('hex');

async function readIfPresent(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new AtomicWriteError(file, e, 'could not be read, so it was not changed');
  }
}

/**
 * Applies `change` to the report at `file` and writes the result atomically. Errors thrown by `change` propagate
 * unchanged, and the file is then untouched.
 */
export async function updateReportFile(
  path: string,
  change: ReportChange,
  options: UpdateOptions = {},
): Promise<UpdateResult> {
  // A report reached through a symbolic link is replaced where it really is; the link stays a link.
  const file = await realpath(path).catch(() => path);
  const attempts = options.attempts ?? DEFAULT_ATTEMPTS;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const release = await lockFile(file, options);
    try {
      await removeLeftovers(file);
      const onDisk = await readIfPresent(file);
      if (onDisk === undefined && !options.ifMissing)
        throw new AtomicWriteError(file, new Error('the file does not exist'), 'was not created');
      const before = onDisk ?? (options.ifMissing as () => string)();
      const result = change(before);
      const changed = typeof result === 'string' ? result : applyEdits(before, result);
      if (changed === before && onDisk !== undefined) return { text: before, written: false };
      // The generated timeline follows every change of the state it is built from.
      const after = refreshTimeline(changed, before);
      const pending = await PendingFile.start(file);
      await pending.write(Buffer.from(after, 'utf8'));
      await pending.finish();
      // Compare and swap: a writer that ignores the lock (an editor saving) may have changed the file meanwhile.
      if (digest(await readIfPresent(file)) !== digest(onDisk)) {
        await pending.discard();
        continue;
      }
      // A new report takes its name only if nobody created it meanwhile; an existing one is replaced.
      if (onDisk === undefined) {
        const created = await pending.publish();
        await pending.discard();
        if (!created) continue;
      } else {
        await pending.commit();
      }
      return { text: after, written: true };
    } finally {
      await release();
    }
  }
  throw new ReportChangedError(file, attempts);
}
