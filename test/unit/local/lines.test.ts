// The bounded reader under the loader: line splitting, the line limit and UTF-8 accounting across the chunks a file
// is read in (1 MiB for a plain file), and the sniffing of a gzip bomb's head.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { DEFAULT_LIMITS } from '../../../src/core/local/ingest/limits';
import {
  ReadStats,
  SNIFF_BYTES,
  readHead,
  readLines,
  readWholeText,
  textOfHead,
} from '../../../src/core/local/ingest/lines';
import { tempDir } from './helpers';

const MiB = 1024 * 1024;
const LIMITS = { ...DEFAULT_LIMITS, maxLineBytes: 1000 };

async function linesOf(content: Buffer): Promise<{ lines: Array<string | null>; stats: ReadStats }> {
  const file = path.join(tempDir(), 'data.log');
  fs.writeFileSync(file, content);
  const stats = { bytes: 0, invalidUtf8: 0 };
  const lines: Array<string | null> = [];
  for await (const batch of readLines(file, LIMITS, stats)) for (const line of batch) lines.push(line);
  return { lines, stats };
}

describe('local engine: bounded line reader', function () {
  it('gives a line over the limit as null, spanning chunks, and the lines around it intact', async () => {
    const long = 'y'.repeat(3 * MiB);
    const content = Buffer.from(`\uFEFFfirst\n${long}\n${'z'.repeat(1000)}\nlast`);
    const { lines, stats } = await linesOf(content);
    assert.deepEqual(lines, ['first', null, 'z'.repeat(1000), 'last']);
    assert.equal(stats.bytes, content.length);
  });

  it('counts each invalid UTF-8 sequence once, also at a chunk boundary, and never a valid U+FFFD', async () => {
    // Empty lines up to the boundary, so only the last lines are long enough to look at.
    const pad = (n: number) => Buffer.alloc(n, '\n');
    const validSplit = Buffer.concat([pad(MiB - 1), Buffer.from('\uFFFD'), Buffer.from('\n')]);
    assert.equal((await linesOf(validSplit)).stats.invalidUtf8, 0);
    const invalidAtBoundary = Buffer.concat([pad(MiB - 1), Buffer.from([0xe2, 0x82]), Buffer.from('x\nok \u00e9\n')]);
    const r = await linesOf(invalidAtBoundary);
    assert.equal(r.stats.invalidUtf8, 1);
    assert.deepEqual(r.lines.slice(-2), ['\uFFFDx', 'ok \u00e9']);
  });

  it('reads a whole document with the same accounting', async () => {
    const file = path.join(tempDir(), 'doc.json.gz');
    fs.writeFileSync(
      file,
      zlib.gzipSync(Buffer.concat([Buffer.from('{"a":"'), Buffer.from([0xff]), Buffer.from('"}')])),
    );
    const stats = { bytes: 0, invalidUtf8: 0 };
    assert.equal(await readWholeText(file, DEFAULT_LIMITS, stats), '{"a":"\uFFFD"}');
    assert.deepEqual(stats, { bytes: 9, invalidUtf8: 1 });
  });

  it('sniffs the start of a gzip bomb without expanding all of its head', () => {
    const file = path.join(tempDir(), 'bomb.gz');
    fs.writeFileSync(file, Buffer.concat([zlib.gzipSync('{"Records":['), zlib.gzipSync(Buffer.alloc(64 * MiB, ' '))]));
    const head = textOfHead(readHead(file, SNIFF_BYTES));
    assert.equal(head.length, 65536);
    assert.ok(head.startsWith('{"Records":[   '));
  });
});
