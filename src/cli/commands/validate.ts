// `irp validate <playbook.md> [--json]`: checks a playbook and lists its problems.
import { diagnosticLine, parseFileArgs, readFileArg } from '../fileArgs';
import { EXIT_ERRORS, EXIT_OK, type CliCommand } from '../io';
import type { Playbook, PlaybookParseResult } from '../../core/playbook/model';
import { parsePlaybook } from '../../core/playbook/parser';

const USAGE = 'usage: irp validate <playbook.md> [--json]';

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
  const { file, json } = parseFileArgs(args, 'playbook', USAGE);
  const result = parsePlaybook(await readFileArg(file, io));
  const failed = result.diagnostics.some(d => d.severity === 'error');
  if (json) {
    io.stdout(`${JSON.stringify({
      playbook: result.playbook ? outline(result.playbook) : null,
      diagnostics: result.diagnostics.map(d => ({ line: d.line, column: d.column, severity: d.severity, message: d.message })),
    }, null, 2)}\n`);
  } else {
    for (const d of result.diagnostics) io.stdout(`${diagnosticLine(file, d)}\n`);
    io.stdout(`${file}: ${failed ? 'invalid' : 'valid'}: ${summary(result)}\n`);
  }
  return failed ? EXIT_ERRORS : EXIT_OK;
};
