// Entry point of the local engine's child process (bundled to dist/local-engine-worker.js): the extension host runs
// DuckDB here, never in its own process, so a slow query or a native crash never touches the editor. `irp` loads
// this same file and runs the session in its own process (workerChannel.ts).
import type { HostMessage, WorkerStartOptions } from './protocol';
import { WorkerSession } from './workerSession';

export { WorkerSession };

function serveParent(): void {
  const options = JSON.parse(process.argv[2] ?? '{}') as WorkerStartOptions;
  const session = new WorkerSession(options, m => process.send?.(m));
  process.on('message', (m: HostMessage) => session.receive(m));
  // The host went away (disposed, or died): nothing left to answer to. When idle, close the database cleanly. While
  // a query or a load runs it may be waiting for a JavaScript callback on this thread, and both closing and a normal
  // exit (which runs DuckDB's destructors) would wait for it forever: end the process outright. A load commits a
  // file's rows with its manifest row, so the cache stays consistent either way.
  process.on('disconnect', () => {
    if (session.busy) {
      process.kill(process.pid, 'SIGKILL');
      return;
    }
    session.close();
    process.exit(0);
  });
}

if (require.main === module && process.send) serveParent();
