// Entry of the thread that formats large results for `irp` (bundled to dist/rowsFormatWorker.js, the name tsc gives
// this file too, so the CLI finds it beside its own code either way): each page of rows it is sent comes back as the
// UTF-8 bytes of its text, in the order sent. See PageFormatter.
import { parentPort } from 'node:worker_threads';
import { type PageJob, pageText } from './rowsText';

parentPort?.on('message', (job: PageJob) => {
  // The bytes are moved to the CLI's thread, not copied; encoding them here spares that thread the work too.
  const bytes = new TextEncoder().encode(pageText(job));
  parentPort?.postMessage(bytes, [bytes.buffer]);
});
