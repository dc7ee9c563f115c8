// Reading data files whether plain or gzip-compressed (decided by the gzip magic bytes, not the name).
import fs from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import zlib from 'node:zlib';

/** Windows tools often start UTF-8 text with a byte-order mark; JSON.parse and the field splitter must not see it. */
const stripBom = (text: string) => (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);

function isGzip(head: Buffer): boolean {
  return head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
}

export function readHead(file: string, bytes = 4096): Buffer {
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    return buf.subarray(0, fs.readSync(fd, buf, 0, bytes, 0));
  } finally {
    fs.closeSync(fd);
  }
}

/** The decompressed start of a file (up to `bytes`), for content sniffing; tolerant of a truncated gzip. */
export function readTextHead(file: string, bytes = 65536): string {
  const raw = readHead(file, bytes);
  if (!isGzip(raw)) return stripBom(raw.toString('utf8'));
  try {
    return stripBom(zlib.gunzipSync(raw, { finishFlush: zlib.constants.Z_SYNC_FLUSH }).subarray(0, bytes).toString('utf8'));
  } catch {
    return '';
  }
}

/** The whole file as text, decompressed when gzip. Throws with zlib's message on a corrupt or truncated gzip. */
export function readWholeText(file: string): string {
  const raw = fs.readFileSync(file);
  return stripBom((isGzip(raw) ? zlib.gunzipSync(raw) : raw).toString('utf8'));
}

/**
 * Streams a file's lines (without line ends), 1-based line numbers. A gzip error surfaces as a thrown error after the
 * lines read so far have been delivered.
 */
export async function* readLines(file: string): AsyncGenerator<string[]> {
  const gz = isGzip(readHead(file, 2));
  const input = fs.createReadStream(file, { highWaterMark: 1 << 20 });
  const stream = gz ? input.pipe(zlib.createGunzip()) : input;
  if (gz) input.on('error', e => stream.destroy(e));
  const decoder = new StringDecoder('utf8');
  let carry = '';
  let first = true;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    const decoded = decoder.write(chunk);
    const text = carry + (first ? stripBom(decoded) : decoded);
    first = false;
    const lines = text.split('\n');
    carry = lines.pop() ?? '';
    yield lines;
  }
  const rest = carry + decoder.end();
  if (rest.length) yield [rest];
}
