// `irp validate <playbook.md> [--json]`: checks a playbook and lists its problems.
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { EXIT_ERRORS, EXIT_OK, UsageError, type CliCommand } from '../io';
import type { Playbook, PlaybookParseResult } from '../../core/playbook/model';
import { parsePlaybook } from '../../core/playbook/parser';

interface ValidateArgs {
  file: string;
  json: boolean;
}

function parseArgs(args: string[]): ValidateArgs {
  let file: string | undefined;
  let json = false;
  for (const arg of args) {
    if (arg === '--json') json = true;
    else if (arg.startsWith('-')) throw new UsageError(`unknown option "${arg}"; usage: irp validate <playbook.md> [--json]`);
    else if (file !== undefined) throw new UsageError(`one playbook at a time; got "${file}" and "${arg}"`);
    else file = arg;
  }
  if (file === undefined) throw new UsageError('which playbook? usage: irp validate <playbook.md> [--json]');
  return { file, json };
}

/** The playbook's outline, as `--json` prints it. */
function outline(playbook: Playbook) {
  return {
    id: playbook.id,
    title: playbook.title,
    phases: playbook.phases.map(phase => ({
      id: phase.id,
      title: phase.title,
      steps: phase.steps.map(step => ({ id: step.id, title: step.title, queries: step.queries.map(q => ({ engine: q.engine })) })),
    })),
  };
}

function summary(result: PlaybookParseResult): string {
  const count = (severity: string) => result.diagnostics.filter(d => d.severity === severity).length;
  const problems = `${count('error')} error(s), ${count('warning')} warning(s)`;
  const pb = result.playbook;
  if (!pb) return problems;
  const steps = pb.phases.reduce((n, p) => n + p.steps.length, 0);
  const queries = pb.phases.reduce((n, p) => n + p.steps.reduce((m, s) => m + s.queries.length, 0), 0);
  return `${problems}; ${pb.phases.length} phase(s), ${steps} step(s), ${queries} query block(s)`;
}

export const validateCommand: CliCommand = async (args, io) => {
  const { file, json } = parseArgs(args);
  let text: string;
  try {
    text = await readFile(path.resolve(io.cwd, file), 'utf8');
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code === 'EISDIR' ? 'it is a directory' : (e as Error).message;
    throw new UsageError(`cannot read "${file}": ${reason}`);
  }
  const result = parsePlaybook(text);
  const failed = result.diagnostics.some(d => d.severity === 'error');
  if (json) {
    io.stdout(`${JSON.stringify({
      playbook: result.playbook ? outline(result.playbook) : null,
      diagnostics: result.diagnostics.map(d => ({ line: d.line, column: d.column, severity: d.severity, message: d.message })),
    }, null, 2)}\n`);
  } else {
    for (const d of result.diagnostics) io.stdout(`${file}:${d.line}:${d.column}: ${d.severity}: ${d.message}\n`);
    io.stdout(`${file}: ${failed ? 'invalid' : 'valid'}: ${summary(result)}\n`);
  }
  return failed ? EXIT_ERRORS : EXIT_OK;
};
