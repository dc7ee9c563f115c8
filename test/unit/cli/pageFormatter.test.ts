// The formatting thread's fallback: a thread that cannot start or stops midway leaves the output whole and in order.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PageFormatter } from '../../../src/cli/pageFormatter';
import { type PageJob, pageText } from '../../../src/cli/rowsText';

const job = (i: number): PageJob => ({
  format: 'json',
  columns: [{ name: 'n', type: 'varchar' }],
  rows: [[`page ${i} ü`]],
  lookup: false,
});

async function formatAll(formatter: PageFormatter, count: number): Promise<string[]> {
  try {
    const pages = await Promise.all(Array.from({ length: count }, (_, i) => formatter.format(job(i))));
    return pages.map(b => Buffer.from(b).toString('utf8'));
  } finally {
    await formatter.dispose();
  }
}

const expected = (count: number) => Array.from({ length: count }, (_, i) => pageText(job(i)));

describe('page formatter thread', () => {
  it('formats pages in the order given, on one thread or on several in turn', async () => {
    assert.deepEqual(await formatAll(new PageFormatter(), 20), expected(20));
    assert.deepEqual(await formatAll(new PageFormatter(2), 21), expected(21));
    assert.deepEqual(await formatAll(new PageFormatter(3), 7), expected(7));
  });

  it('formats on the calling thread when the thread cannot start', async () => {
    assert.deepEqual(
      await formatAll(new PageFormatter(1, path.join(os.tmpdir(), 'no-such-script.js')), 5),
      expected(5),
    );
  });

  it('formats the rest on the calling thread when the thread stops after one page', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'irp-formatter-'));
    const script = path.join(dir, 'stops.js');
    const real = path.resolve(__dirname, '../../../src/cli/rowsFormatWorker.js');
    // Answers the first page as the real thread does, then ends.
    fs.writeFileSync(
      script,
      `const { parentPort } = require('node:worker_threads');
       const { pageText } = require(${JSON.stringify(path.join(path.dirname(real), 'rowsText.js'))});
       parentPort.once('message', job => {
         const bytes = new TextEncoder().encode(pageText(job));
         parentPort.postMessage(bytes, [bytes.buffer]);
         setTimeout(() => process.exit(3), 10);
       });`,
    );
    assert.deepEqual(await formatAll(new PageFormatter(1, script), 6), expected(6));
    // With two threads, the one that stops takes the other's pages back to the calling thread too.
    assert.deepEqual(await formatAll(new PageFormatter(2, script), 9), expected(9));
  });
});
