// A lock file between processes that write the same file: `<file>.lock`, created only if absent, holding who took it
// (pid, host, time). A lock whose process is gone (same host), or that is older than any write takes, is taken over,
// so a writer killed while holding it blocks nobody for long.
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { link, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { temporaryPath } from './atomicWrite';
import { processGone } from './processGone';

export interface LockOptions {
  /** How long to wait for another writer's lock before giving up. */
  waitMs?: number;
  /** A lock older than this is stale whoever holds it: no write holds the lock this long. */
  staleMs?: number;
  /** Clock, for tests. */
  now?: () => number;
}

interface LockOwner {
  pid: number;
  hostname: string;
  /** When the lock was taken, ISO 8601. */
  time: string;
  /** Tells two locks of one process apart, so a writer releases only its own. */
  nonce: string;
}

const DEFAULT_WAIT_MS = 60_000;
const DEFAULT_STALE_MS = 120_000;

export class FileLockedError extends Error {
  constructor(file: string, owner: string) {
    super(
      `${file} is being written by another process (lock file ${file}.lock: ${owner}); try again when it is done, ` +
        'or delete the lock file if no other irp or editor is writing the report.',
    );
    this.name = 'FileLockedError';
  }
}

function readOwner(text: string): Omit<LockOwner, 'nonce'> | undefined {
  try {
    const owner = JSON.parse(text) as Partial<LockOwner>;
    return typeof owner.pid === 'number' && typeof owner.hostname === 'string' && typeof owner.time === 'string'
      ? (owner as Omit<LockOwner, 'nonce'>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** Whether a lock is stale: its process is gone (same host), or it is older than any write takes. */
function isStale(held: { text: string; mtimeMs: number }, now: number, staleMs: number): boolean {
  const owner = readOwner(held.text);
  // An unreadable lock (damaged by hand) is judged by the file's own time.
  const age = now - (owner ? Date.parse(owner.time) : held.mtimeMs);
  if (!(age <= staleMs)) return true;
  return owner !== undefined && owner.hostname === hostname() && owner.pid !== process.pid && processGone(owner.pid);
}

async function readLock(lockPath: string): Promise<{ text: string; mtimeMs: number } | undefined> {
  try {
    const [text, info] = await Promise.all([readFile(lockPath, 'utf8'), stat(lockPath)]);
    return { text, mtimeMs: info.mtimeMs };
  } catch {
    return undefined;
  }
}

async function tryCreate(lockPath: string, content: string): Promise<boolean> {
  // Written under a private name, then linked: the lock file is never seen half-written.
  const privatePath = temporaryPath(lockPath);
  try {
    await writeFile(privatePath, content, { flag: 'wx' });
    await link(privatePath, lockPath);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new Error(`Could not create the lock file ${lockPath}: ${(e as Error).message}`, { cause: e });
  } finally {
    await unlink(privatePath).catch(() => undefined);
  }
}

/** Removes a stale lock, unless another writer replaced it in the meantime (then that fresher lock is put back). */
async function takeOver(lockPath: string, staleText: string): Promise<void> {
  const aside = temporaryPath(lockPath);
  try {
    await rename(lockPath, aside);
  } catch {
    return;
  }
  const moved = await readFile(aside, 'utf8').catch(() => staleText);
  if (moved !== staleText) await link(aside, lockPath).catch(() => undefined);
  await unlink(aside).catch(() => undefined);
}

const pause = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

/** Takes the lock of `file`, waiting for another writer's turn; the returned function releases it. */
export async function lockFile(file: string, options: LockOptions = {}): Promise<() => Promise<void>> {
  const now = options.now ?? Date.now;
  const lockPath = `${file}.lock`;
  const content = JSON.stringify({
    pid: process.pid,
    hostname: hostname(),
    time: new Date(now()).toISOString(),
    nonce: randomBytes(6).toString('hex'),
  } satisfies LockOwner);
  const giveUpAt = Date.now() + (options.waitMs ?? DEFAULT_WAIT_MS);
  for (let attempt = 0; ; attempt++) {
    if (await tryCreate(lockPath, content)) {
      return async () => {
        // Only our own lock is removed: after a takeover the file may be someone else's.
        if ((await readFile(lockPath, 'utf8').catch(() => '')) === content)
          await unlink(lockPath).catch(() => undefined);
      };
    }
    const held = await readLock(lockPath);
    if (held && isStale(held, now(), options.staleMs ?? DEFAULT_STALE_MS)) {
      await takeOver(lockPath, held.text);
      continue;
    }
    if (Date.now() >= giveUpAt) {
      const owner = held && readOwner(held.text);
      throw new FileLockedError(
        file,
        owner ? `process ${owner.pid} on ${owner.hostname} since ${owner.time}` : 'unreadable',
      );
    }
    await pause(Math.min(200, 10 * 2 ** Math.min(attempt, 4)) * (0.5 + Math.random()));
  }
}
