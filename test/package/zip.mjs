// Lists the entries of a zip file (a .vsix is one) from its central directory, so the package test needs no unzip
// tool and no extra dependency. Plain zip only: a .vsix never needs zip64 (it would have to pass 4 GiB).
import fs from 'node:fs';
import { inflateRawSync } from 'node:zlib';

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_FILE_HEADER = 0x02014b50;

/** @returns {{name: string, size: number, compressedSize: number, method: number, offset: number}[]} */
export function listZip(file) {
  const data = fs.readFileSync(file);
  // The end record sits in the last 22 bytes plus an optional comment of at most 65535 bytes.
  let end = -1;
  for (let i = data.length - 22; i >= Math.max(0, data.length - 22 - 0xffff); i--) {
    if (data.readUInt32LE(i) === END_OF_CENTRAL_DIRECTORY) {
      end = i;
      break;
    }
  }
  if (end < 0) throw new Error(`${file} is not a zip file (no end-of-central-directory record)`);
  const count = data.readUInt16LE(end + 10);
  let at = data.readUInt32LE(end + 16);
  const entries = [];
  for (let n = 0; n < count; n++) {
    if (data.readUInt32LE(at) !== CENTRAL_FILE_HEADER)
      throw new Error(`${file}: damaged central directory at byte ${at}`);
    const nameLength = data.readUInt16LE(at + 28);
    const extraLength = data.readUInt16LE(at + 30);
    const commentLength = data.readUInt16LE(at + 32);
    entries.push({
      name: data.toString('utf8', at + 46, at + 46 + nameLength),
      method: data.readUInt16LE(at + 10),
      compressedSize: data.readUInt32LE(at + 20),
      size: data.readUInt32LE(at + 24),
      offset: data.readUInt32LE(at + 42),
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** Reads one entry's bytes (stored or deflated), e.g. the manifest files at the top of a .vsix. */
export function readZipEntry(file, name) {
  const entry = listZip(file).find(e => e.name === name);
  if (!entry) throw new Error(`${file} has no entry ${name}`);
  const data = fs.readFileSync(file);
  // Sizes come from the central directory: the local header may leave them to a trailing data descriptor.
  const nameLength = data.readUInt16LE(entry.offset + 26);
  const extraLength = data.readUInt16LE(entry.offset + 28);
  const start = entry.offset + 30 + nameLength + extraLength;
  const body = data.subarray(start, start + entry.compressedSize);
  return entry.method === 0 ? body : inflateRawSync(body);
}
