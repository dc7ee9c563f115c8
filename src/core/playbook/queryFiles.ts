// Query blocks whose SQL lives in a file beside the playbook (`athena id=x file=queries/x.sql`). The parser checks
// the path; loadQueryFiles reads the files when the playbook is loaded from disk. A path never leaves the playbook's
// folder, symbolic links included, and a file is read only up to a size no query reaches.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Diagnostic, Playbook } from './model';
import { findPlaceholders } from './placeholders';

const MAX_QUERY_FILE = 256 * 1024;

/** Why a `file=` path is refused, or undefined when it is a relative `.sql` path inside the folder. */
export function queryFileProblem(file: string): string | undefined {
  if (!file.toLowerCase().endsWith('.sql')) return `file=${file} must name a .sql file`;
  if (file.startsWith('/') || /^[A-Za-z]:/.test(file) || file.includes('\\') || file.includes('\0')) {
    return `file=${file} must be a path relative to the playbook's folder, written with "/"`;
  }
  if (file.split('/').includes('..')) return `file=${file} must stay inside the playbook's folder (no "..")`;
  return undefined;
}

/** Reads each file= block's SQL into its text; returns a diagnostic for each file that cannot be used. */
export function loadQueryFiles(playbook: Playbook, playbookPath: string): Diagnostic[] {
  const problems: Diagnostic[] = [];
  const folder = path.dirname(path.resolve(playbookPath));
  const declared = new Set(playbook.parameters.map(p => p.name));
  for (const block of playbook.phases.flatMap(p => p.steps).flatMap(s => s.queries)) {
    if (!block.file) continue;
    const fail = (message: string) =>
      problems.push({
        ...block.position,
        severity: 'error',
        code: 'bad-query-file',
        message: `query block "${block.id}": ${message}`,
      });
    try {
      const root = fs.realpathSync(folder);
      const file = fs.realpathSync(path.join(folder, block.file));
      if (!file.startsWith(root + path.sep)) {
        fail(`file=${block.file} leads outside the playbook's folder`);
        continue;
      }
      if (fs.statSync(file).size > MAX_QUERY_FILE) {
        fail(`file=${block.file} is larger than ${MAX_QUERY_FILE / 1024} KiB`);
        continue;
      }
      block.text = fs.readFileSync(file, 'utf8');
    } catch (e) {
      fail(`file=${block.file} cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
      continue;
    }
    const names = [...new Set(findPlaceholders(block.text).map(r => r.name))];
    const undeclared = names.filter(n => !declared.has(n));
    if (undeclared.length) {
      fail(`file=${block.file} uses ${undeclared.map(n => `{{${n}}}`).join(', ')}, not declared under parameters`);
    }
    block.parameters = names;
  }
  return problems;
}
