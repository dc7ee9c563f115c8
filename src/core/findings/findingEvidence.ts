// The evidence a finding names: a file inside the report's folder (links followed), by its path relative to the
// report, the row or event in it, and the file's SHA-256 now, so a later change of the file shows.
import { realpath } from 'node:fs/promises';
import * as path from 'node:path';
import { portableRelative } from '../report/headerPaths';
import { hashFile } from '../run/verify';
import type { FindingEvidence } from './model';

export class FindingEvidenceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FindingEvidenceError';
  }
}

/** `file` is absolute (or relative to the working directory); `row` a 1-based data row number or an event id. */
export async function findingEvidence(reportPath: string, file: string, row?: string): Promise<FindingEvidence> {
  let real: string;
  try {
    real = await realpath(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new FindingEvidenceError(
      `evidence file ${file} ${code === 'ENOENT' ? 'does not exist' : `cannot be read (${code ?? String(e)})`}`,
    );
  }
  const folder = await realpath(path.dirname(path.resolve(reportPath)));
  const relative = path.relative(folder, real);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative))
    throw new FindingEvidenceError(
      `evidence file ${file} is not inside the report's folder ${folder}; a finding names evidence kept with the report.`,
    );
  let hashed: { sha256: string };
  try {
    hashed = await hashFile(real);
  } catch (e) {
    throw new FindingEvidenceError(`evidence file ${file} cannot be read: ${(e as Error).message}`);
  }
  const evidence: FindingEvidence = { path: portableRelative(folder, real), sha256: hashed.sha256 };
  if (row !== undefined && row !== '') evidence.row = row;
  return evidence;
}
