// `irp report lint <report.md> [--json]`: what the report still lacks as the incident's document (lint.ts). Exit 1
// when there is an error, 0 otherwise (warnings only), 2 on usage errors.
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { lintReport } from '../../core/report/lint';
import { parseReport } from '../../core/report/parse';
import { diagnosticLine, parseFileArgs, readFileArg } from '../fileArgs';
import { EXIT_ERRORS, EXIT_OK, type CliCommand } from '../io';
import { reportPlaybook } from './reportPlaybook';

const USAGE = 'usage: irp report lint <report.md> [--json]';

export const reportLintCommand: CliCommand = async (args, io) => {
  const { file, json } = parseFileArgs(args, 'report', USAGE);
  const text = await readFileArg(file, io);
  const reportPath = path.resolve(io.cwd, file);
  const playbook = reportPlaybook(reportPath, parseReport(text).state.header, io.cwd);
  const diagnostics = lintReport(text, {
    playbook,
    evidenceExists: p => existsSync(path.resolve(path.dirname(reportPath), p)),
  });
  if (json) io.stdout(`${JSON.stringify({ file, playbookUsed: playbook !== undefined, diagnostics }, null, 2)}\n`);
  else {
    for (const d of diagnostics) io.stdout(`${diagnosticLine(file, d)} [${d.code}]\n`);
    if (diagnostics.length === 0) io.stdout(`${file}: no problems\n`);
  }
  return diagnostics.some(d => d.severity === 'error') ? EXIT_ERRORS : EXIT_OK;
};
