// Reading data files whether plain or gzip-compressed (decided by the gzip magic bytes, not the name), within the
// ingest limits: decompressed size, line length and document size are bounded while reading, so a gzip bomb or a
// 100 MB line costs bounded memory and linear time.
import fs from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import zlib from 'node:zlib';
import { IngestLimits, formatBytes } from './limits';

/** What reading one file cost and found, kept in the manifest and reported. */
export interface ReadStats {
  /** Decompressed bytes read; reading stops just past the limit. */
  bytes: number;
  /** Invalid UTF-8 sequences, each replaced by U+FFFD (valid text is never changed). */
  invalidUtf8: number;
}

/** The file (or the document in it) is larger than a limit: nothing of it is loaded. */
export class InputTooLarge extends Error {}

/** Windows tools often start UTF-8 text with a byte-order mark; JSON.parse and the field splitter must not see it. */
const stripBom = (text: string) => (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);

export function isGzip(head: Buffer): boolean {
  return head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
}

export function readHead(file: string, bytes = 4096): Buffer {
  const fd = fs.openSync(file, 'r');
  try {
    // Only the bytes read are returned: nothing of the buffer's earlier content shows, and every file's head is read.
    const buf = Buffer.allocUnsafe(bytes);
    return buf.subarray(0, fs.readSync(fd, buf, 0, bytes, 0));
  } finally {
    fs.closeSync(fd);
  }
}

/** A file's first bytes and, for gzip, the size its trailer says it decompresses to (else the file's size). */
export interface FileHead {
  head: Buffer;
  gzip: boolean;
  /**
   * Only a hint: a crafted file can lie, and a file of several gzip members states only the last one's size (modulo
   * 4 GiB).
   */
  statedBytes: number;
}

/** Reads both with one open: thousands of small delivery files are sniffed before the first question. */
export function readFileHead(file: string, size: number, bytes = SNIFF_BYTES): FileHead {
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.allocUnsafe(Math.min(bytes, Math.max(size, 1)));
    const head = buf.subarray(0, fs.readSync(fd, buf, 0, buf.length, 0));
    const gzip = isGzip(head);
    if (!gzip || size < 18) return { head, gzip, statedBytes: gzip ? 0 : size };
    const tail = Buffer.alloc(4);
    fs.readSync(fd, tail, 0, 4, size - 4);
    return { head, gzip, statedBytes: tail.readUInt32LE(0) };
  } finally {
    fs.closeSync(fd);
  }
}

/** Decompressed output allowed for sniffing: the head of a gzip bomb must not expand 1000-fold in memory. */
const HEAD_OUTPUT_LIMIT = 1 << 20;

/** How much of a file's start content sniffing reads, and how much text it decompresses from it at most. */
export const SNIFF_BYTES = 65536;

/**
 * The text of a file's first bytes (`raw`, up to `bytes` of it), decompressed when they start a gzip stream, for
 * content sniffing; tolerant of a truncated gzip.
 */
export function textOfHead(raw: Buffer, bytes = SNIFF_BYTES): string {
  if (!isGzip(raw)) return stripBom(raw.toString('utf8'));
  // Less compressed input until the output fits: zlib refuses (rather than truncates) output past the limit. Starting
  // from a quarter of the head keeps sniffing cheap (every file is sniffed: a whole 64 KiB head of a CloudTrail
  // file inflates to about 640 KiB) and still gives `bytes` of text for text that compresses.
  for (let size = Math.min(raw.length, bytes >> 2); size >= 64; size >>= 2) {
    try {
      const out = zlib.gunzipSync(raw.subarray(0, size), {
        finishFlush: zlib.constants.Z_SYNC_FLUSH,
        maxOutputLength: HEAD_OUTPUT_LIMIT,
      });
      return stripBom(out.subarray(0, bytes).toString('utf8'));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ERR_BUFFER_TOO_LARGE') return '';
    }
  }
  return '';
}

const REPLACEMENT = '\uFFFD';
const ENCODED_REPLACEMENT = Buffer.from(REPLACEMENT, 'utf8');

function occurrences(text: string): number {
  let n = 0;
  for (let i = text.indexOf(REPLACEMENT); i >= 0; i = text.indexOf(REPLACEMENT, i + 1)) n++;
  return n;
}

/**
 * UTF-8 decoding that counts the sequences it replaces: every U+FFFD in the output that was not an encoded U+FFFD
 * in the input. The counts balance over the whole file (the decoder may hold a few bytes back between chunks).
 */
class CountingDecoder {
  private readonly decoder = new StringDecoder('utf8');
  private tail = Buffer.alloc(0);
  private first = true;

  constructor(private readonly stats: ReadStats) {}

  write(chunk: Buffer): string {
    let encoded = 0;
    for (let i = chunk.indexOf(ENCODED_REPLACEMENT); i >= 0; i = chunk.indexOf(ENCODED_REPLACEMENT, i + 3)) encoded++;
    // An encoded U+FFFD split across two chunks.
    const seam = Buffer.concat([this.tail, chunk.subarray(0, 2)]);
    for (let i = 0; i < this.tail.length; i++) if (seam.subarray(i, i + 3).equals(ENCODED_REPLACEMENT)) encoded++;
    this.tail = Buffer.from(chunk.subarray(Math.max(0, chunk.length - 2)));
    let text = this.decoder.write(chunk);
    if (this.first && text.length) {
      text = stripBom(text);
      this.first = false;
    }
    this.stats.invalidUtf8 += occurrences(text) - encoded;
    return text;
  }

  end(): string {
    const text = this.decoder.end();
    this.stats.invalidUtf8 += occurrences(text);
    return text;
  }
}

/** The file's bytes, decompressed when gzip; throws InputTooLarge (from `tooLarge`) once past `maxBytes`. */
async function* decompressed(
  file: string,
  maxBytes: number,
  stats: ReadStats,
  tooLarge: (gzip: boolean) => string,
): AsyncGenerator<Buffer> {
  const gz = isGzip(readHead(file, 2));
  const input = fs.createReadStream(file, { highWaterMark: 1 << 20 });
  const stream = gz ? input.pipe(zlib.createGunzip()) : input;
  if (gz) input.on('error', e => stream.destroy(e));
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      stats.bytes += chunk.length;
      if (stats.bytes > maxBytes) throw new InputTooLarge(tooLarge(gz));
      yield chunk;
    }
  } finally {
    input.destroy();
    stream.destroy();
  }
}

const fileTooLarge = (limits: IngestLimits) => (gz: boolean) =>
  `${gz ? 'decompresses to' : 'is'} more than ${formatBytes(limits.maxFileBytes)}, the limit for one file`;

/**
 * The whole file as text, decompressed when gzip, for a JSON document that must be parsed whole. Throws
 * InputTooLarge past the document (or file) limit, and zlib's error on a corrupt or truncated gzip.
 */
export async function readWholeText(file: string, limits: IngestLimits, stats: ReadStats): Promise<string> {
  const decoder = new CountingDecoder(stats);
  const parts: string[] = [];
  const max = Math.min(limits.maxDocumentBytes, limits.maxFileBytes);
  const tooLarge = (gz: boolean) =>
    `${gz ? 'decompresses to' : 'is'} a JSON document of more than ` +
    `${formatBytes(max)}, the limit for a document read whole; split it, or convert it to JSON lines ` +
    '(one record per line)';
  for await (const chunk of decompressed(file, max, stats, tooLarge)) parts.push(decoder.write(chunk));
  parts.push(decoder.end());
  return parts.join('');
}

/**
 * Streams a file's lines (without line ends) in batches, in linear time whatever the line length. A line longer than
 * the limit (in characters) is not kept: it comes as `null`, so the caller counts and names it. Throws InputTooLarge
 * past the file limit; a gzip error surfaces as a thrown error after the lines read so far have been delivered.
 */
export async function* readLines(
  file: string,
  limits: IngestLimits,
  stats: ReadStats,
): AsyncGenerator<Array<string | null>> {
  const decoder = new CountingDecoder(stats);
  // The line being read: its pieces so far (none once it is known to be too long) and its length.
  let pieces: string[] = [];
  let length = 0;
  const take = (text: string, lines: Array<string | null>) => {
    let start = 0;
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
      length += nl - start;
      lines.push(length > limits.maxLineBytes ? null : pieces.join('') + text.slice(start, nl));
      pieces = [];
      length = 0;
      start = nl + 1;
    }
    length += text.length - start;
    if (length > limits.maxLineBytes) pieces = [];
    else if (start < text.length) pieces.push(text.slice(start));
  };
  for await (const chunk of decompressed(file, limits.maxFileBytes, stats, fileTooLarge(limits))) {
    const lines: Array<string | null> = [];
    take(decoder.write(chunk), lines);
    if (lines.length) yield lines;
  }
  const lines: Array<string | null> = [];
  take(decoder.end(), lines);
  if (length > 0) lines.push(length > limits.maxLineBytes ? null : pieces.join(''));
  if (lines.length) yield lines;
}
