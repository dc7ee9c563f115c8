// How the local engine's host reaches its worker session: a child process (the extension host keeps DuckDB out of
// its own process) or the host's own process (`irp`, where a second process only adds its start and the copying of
// every row between the two).
import { fork } from 'node:child_process';
import path from 'node:path';
import type { HostMessage, WorkerMessage, WorkerStartOptions } from './protocol';
import { CANCEL_GRACE_MS, type WorkerExit } from './workerRun';

export interface WorkerChannel {
  send(m: HostMessage): void;
  /** Ends a session whose cancelled run did not stop in time; its runs end as if its process had died. */
  kill(): void;
  /** Stops the session and closes its database; resolves once that is done. */
  dispose(): Promise<void>;
  /** The child process, when there is one. */
  readonly pid?: number;
}

interface ChannelEvents {
  message(m: WorkerMessage): void;
  exit(e: WorkerExit): void;
}

export function forkWorker(script: string, start: WorkerStartOptions, on: ChannelEvents): WorkerChannel {
  const child = fork(script, [JSON.stringify(start)], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
  let stderrTail = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderrTail = (stderrTail + d.toString()).slice(-2000);
  });
  child.on('message', (m: WorkerMessage) => on.message(m));
  child.on('exit', (code, signal) => on.exit({ type: 'exit', code, signal, stderr: stderrTail.trim() }));
  child.on('error', () => undefined);
  return {
    pid: child.pid,
    send: m => {
      if (child.connected) child.send(m);
    },
    kill: () => child.kill('SIGKILL'),
    // The worker closes the database when the channel closes, or ends itself if a run is still going.
    dispose: () => {
      if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
      return new Promise(resolve => {
        const timer = setTimeout(() => child.kill('SIGKILL'), CANCEL_GRACE_MS);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        if (child.connected) child.disconnect();
        else child.kill();
      });
    },
  };
}

/**
 * A DuckDB query waiting for a JavaScript callback cannot be closed, and would hold a normal exit forever (its
 * destructors wait for it): a process whose session did not stop ends itself once the grace period is over, unless it
 * has ended on its own by then.
 */
function endProcessIfStuck(): void {
  setTimeout(() => process.kill(process.pid, 'SIGKILL'), CANCEL_GRACE_MS).unref();
}

/**
 * The session in this process, loaded from the worker script (so DuckDB and its bindings stay in that one bundle).
 * Messages go both ways on the next turn of the event loop, as they would between processes, and are not copied.
 */
export function inProcessWorker(script: string, start: WorkerStartOptions, on: ChannelEvents): WorkerChannel {
  // Resolved as fork() resolves it: from the working folder, not from this module's.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { WorkerSession } = require(path.resolve(script)) as typeof import('./worker');
  let ended = false;
  const session = new WorkerSession(start, m =>
    setImmediate(() => {
      if (!ended) on.message(m);
    }),
  );
  return {
    send: m => setImmediate(() => session.receive(m)),
    kill: () => {
      ended = true;
      session.stop();
      on.exit({ type: 'exit', code: null, signal: 'SIGKILL', stderr: '' });
      endProcessIfStuck();
    },
    // Runs still going are cancelled and say so before the session closes.
    dispose: async () => {
      session.stop();
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<void>(resolve => (timer = setTimeout(resolve, CANCEL_GRACE_MS)));
      await Promise.race([session.idle(), late]);
      clearTimeout(timer);
      await new Promise(resolve => setImmediate(resolve));
      ended = true;
      if (session.busy) {
        on.exit({ type: 'exit', code: null, signal: 'SIGKILL', stderr: '' });
        endProcessIfStuck();
      } else {
        session.close();
      }
    },
  };
}
