// What the commands that read one file share: the arguments of `irp validate` and `irp report parse` (a file and
// `--json`), reading that file, and the `file:line:column: severity: message` lines editors and terminals link to.
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { UsageError, type CliIo } from './io';
import { terminalSafe } from './terminalText';
import type { Diagnostic } from '../core/playbook/model';

/**
 * One file and an optional `--json`. `what` names the file in messages ("playbook", "report"); a lone `-` is a file
 * name, not an option.
 */
export function parseFileArgs(args: string[], what: string, usage: string): { file: string; json: boolean } {
  let file: string | undefined;
  let json = false;
  for (const arg of args) {
    if (arg === '--json') json = true;
    else if (arg.startsWith('-') && arg !== '-') throw new UsageError(`unknown option "${arg}"; ${usage}`);
    else if (file !== undefined) throw new UsageError(`one ${what} at a time; got "${file}" and "${arg}"`);
    else file = arg;
  }
  if (file === undefined) throw new UsageError(`which ${what}? ${usage}`);
  return { file, json };
}

/** The file's text, relative to the working directory; one that cannot be read is a usage error saying why. */
export async function readFileArg(file: string, io: CliIo): Promise<string> {
  try {
    return await readFile(path.resolve(io.cwd, file), 'utf8');
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code === 'EISDIR' ? 'it is a directory' : (e as Error).message;
    throw new UsageError(`cannot read "${file}": ${reason}`);
  }
}

/**
 * One problem as `file:line:column: severity: message`; the message can quote the file, so its control characters are
 * shown as escapes (pass `message` to show it differently, e.g. cut short).
 */
export function diagnosticLine(file: string, d: Diagnostic, message = terminalSafe(d.message)): string {
  return `${file}:${d.line}:${d.column}: ${d.severity}: ${message}`;
}
