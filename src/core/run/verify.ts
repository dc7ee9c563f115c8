// Checks that the evidence files a report lists are still the files that were written (size and SHA-256).
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import * as path from 'node:path';
import type { ReportState } from '../report/model';

export interface EvidenceCheck {
  /** The path as the report lists it (relative to the report). */
  path: string;
  ok: boolean;
  problem?: string;
}

async function hashFile(file: string): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(file)) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { sha256: hash.digest('hex'), bytes };
}

export async function verifyEvidence(reportPath: string, state: ReportState): Promise<EvidenceCheck[]> {
  const folder = path.dirname(path.resolve(reportPath));
  const checks: EvidenceCheck[] = [];
  for (const step of Object.values(state.steps)) {
    for (const file of step.runs.flatMap(r => r.evidence)) {
      const resolved = path.resolve(folder, file.path);
      if (path.isAbsolute(file.path) || path.relative(folder, resolved).startsWith('..')) {
        checks.push({ path: file.path, ok: false, problem: 'the path leaves the report folder; evidence must sit next to the report' });
        continue;
      }
      try {
        const found = await hashFile(resolved);
        const problem = found.bytes !== file.bytes ? `size is ${found.bytes} bytes, the report says ${file.bytes}`
          : found.sha256 !== file.sha256.toLowerCase() ? `SHA-256 is ${found.sha256}, the report says ${file.sha256}` : undefined;
        checks.push(problem ? { path: file.path, ok: false, problem: `changed since it was recorded: ${problem}` } : { path: file.path, ok: true });
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        checks.push({ path: file.path, ok: false, problem: code === 'ENOENT' ? 'the file is missing' : `cannot read it (${code ?? String(e)})` });
      }
    }
  }
  return checks;
}
