// `irp verify <report.md> [--json]`: checks every evidence file the report lists against its SHA-256 in the report
// and in its run's manifest, the same check as the extension's "Verify evidence". Exit 0 when all match, 1 when a
// file is missing or changed, 2 for usage.
import * as path from 'node:path';
import { parseReport } from '../../core/report/index';
import { verifyEvidence } from '../../core/run/index';
import { parseFileArgs, readFileArg } from '../fileArgs';
import { EXIT_ERRORS, EXIT_OK, type CliCommand } from '../io';
import { terminalSafe } from '../terminalText';

const USAGE = 'usage: irp verify <report.md> [--json]';

export const verifyCommand: CliCommand = async (args, io) => {
  const { file, json } = parseFileArgs(args, 'report', USAGE);
  const { state } = parseReport(await readFileArg(file, io));
  const checks = await verifyEvidence(path.resolve(io.cwd, file), state);
  const bad = checks.filter(c => !c.ok);
  if (json) {
    io.stdout(
      `${JSON.stringify({ report: file, ok: bad.length === 0, checked: checks.length, problems: bad.length, checks }, null, 2)}\n`,
    );
  } else {
    for (const c of checks)
      io.stdout(
        `${c.ok ? 'ok     ' : 'PROBLEM'} ${terminalSafe(c.path)}${c.problem ? `: ${terminalSafe(c.problem)}` : ''}\n`,
      );
    io.stdout(
      checks.length === 0
        ? `${file} records no evidence files yet\n`
        : bad.length === 0
          ? `all ${checks.length} evidence file(s) match\n`
          : `${bad.length} of ${checks.length} evidence file(s) are missing or changed\n`,
    );
  }
  return bad.length ? EXIT_ERRORS : EXIT_OK;
};
