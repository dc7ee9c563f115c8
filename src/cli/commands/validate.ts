// `irp validate <playbook.md> [--json]`: checks a playbook and lists its problems.
import * as path from 'node:path';
import { diagnosticLine, parseFileArgs, readFileArg } from '../fileArgs';
import { EXIT_ERRORS, EXIT_OK, type CliCommand } from '../io';
import { writePlaybookFile } from '../../core/import';
import type { Playbook, PlaybookParseResult } from '../../core/playbook/model';
import { parsePlaybook } from '../../core/playbook/parser';
import { loadQueryFiles } from '../../core/playbook/queryFiles';
import { applyInsertions, stepIdEdits } from '../../core/playbook/stepIdEdits';

const USAGE = 'usage: irp validate <playbook.md> [--json] [--fix]';

/** The playbook's outline, as `--json` prints it. */
function outline(playbook: Playbook) {
  return {
    id: playbook.id,
    title: playbook.title,
    phases: playbook.phases.map(phase => ({
      id: phase.id,
      title: phase.title,
      steps: phase.steps.map(step => ({
        id: step.id,
        title: step.title,
        queries: step.queries.map(q => ({ engine: q.engine })),
      })),
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
  const fix = args.includes('--fix');
  const { file, json } = parseFileArgs(
    args.filter(a => a !== '--fix'),
    'playbook',
    USAGE,
  );
  let text = await readFileArg(file, io);
  if (fix) {
    // Steps without {#id} get the id they have now written into their heading, once.
    const edits = stepIdEdits(text);
    if (edits.length) {
      text = applyInsertions(text, edits);
      await writePlaybookFile(path.resolve(io.cwd, file), text, true);
      io.stderr(`${file}: wrote the id of ${edits.length} step(s) into their headings\n`);
    }
  }
  const result = parsePlaybook(text);
  if (result.playbook) {
    result.diagnostics.push(...loadQueryFiles(result.playbook, path.resolve(io.cwd, file)));
    result.diagnostics.sort((a, b) => a.line - b.line || a.column - b.column);
  }
  const failed = result.diagnostics.some(d => d.severity === 'error');
  if (json) {
    io.stdout(
      `${JSON.stringify(
        {
          playbook: result.playbook ? outline(result.playbook) : null,
          diagnostics: result.diagnostics.map(d => ({
            line: d.line,
            column: d.column,
            severity: d.severity,
            message: d.message,
          })),
        },
        null,
        2,
      )}\n`,
    );
  } else {
    for (const d of result.diagnostics) io.stdout(`${diagnosticLine(file, d)}\n`);
    io.stdout(`${file}: ${failed ? 'invalid' : 'valid'}: ${summary(result)}\n`);
  }
  return failed ? EXIT_ERRORS : EXIT_OK;
};
