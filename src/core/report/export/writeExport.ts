// Writes an exported report with the core's atomic writer; the export never takes the place of the report itself.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { PendingFile } from '../../fs/atomicWrite';

async function realOrResolved(file: string): Promise<string> {
  return fs.realpath(file).catch(() => path.resolve(file));
}

/** Same file by path, through a symbolic link, or as another hard link of it. */
async function sameFile(a: string, b: string): Promise<boolean> {
  if (a === b) return true;
  const [sa, sb] = await Promise.all([fs.stat(a).catch(() => undefined), fs.stat(b).catch(() => undefined)]);
  return sa !== undefined && sb !== undefined && sa.dev === sb.dev && sa.ino === sb.ino;
}

/** Throws (naming both files) when `out` is the report, by path or through a link; else writes `html` to `out`. */
export async function writeExport(reportFile: string, out: string, html: string): Promise<void> {
  const [report, target] = await Promise.all([realOrResolved(reportFile), realOrResolved(out)]);
  if (await sameFile(report, target)) {
    throw new Error(`the export ${out} would replace the report ${reportFile}; choose another output file`);
  }
  const pending = await PendingFile.start(target);
  await pending.write(Buffer.from(html, 'utf8'));
  await pending.finish();
  await pending.commit();
}
