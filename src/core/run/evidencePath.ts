// Where a path the report lists as evidence may point: only into the report's own evidence folder. The report is a
// file anyone can edit, so a link in it to ../../.aws/credentials or /etc/passwd is neither opened nor read.
import { realpath } from 'node:fs/promises';
import * as path from 'node:path';
import { evidenceFolderName } from './evidenceSink';

export class EvidencePathError extends Error {
  constructor(relative: string, folder: string) {
    super(`${relative} is not inside the report's evidence folder ${folder}; only files there are evidence.`);
    this.name = 'EvidencePathError';
  }
}

const inside = (folder: string, file: string) => {
  const rel = path.relative(folder, file);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
};

/** The absolute path of an evidence file the report lists (relative to the report), by its text alone. */
export function evidencePathByName(reportPath: string, relative: string): string {
  const reportFolder = path.dirname(path.resolve(reportPath));
  const file = path.resolve(reportFolder, relative);
  const folderName = evidenceFolderName(reportPath);
  if (path.isAbsolute(relative) || !inside(path.join(reportFolder, folderName), file))
    throw new EvidencePathError(relative, folderName);
  return file;
}

/**
 * The absolute path of an evidence file the report lists (relative to the report), checked to lie inside the
 * report's evidence folder, links followed. A missing file passes (reading it then says it is missing).
 */
export async function resolveEvidencePath(reportPath: string, relative: string): Promise<string> {
  const file = evidencePathByName(reportPath, relative);
  const folderName = evidenceFolderName(reportPath);
  const folder = path.join(path.dirname(path.resolve(reportPath)), folderName);
  let real: string;
  try {
    real = await realpath(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return file;
    throw e;
  }
  if (!inside(await realpath(folder), real)) throw new EvidencePathError(relative, folderName);
  return file;
}
