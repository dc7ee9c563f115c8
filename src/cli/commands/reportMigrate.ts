// `irp report migrate <report.md> [--json]`: moves a report written before the document layout into it (migrate.ts),
// through the one report writer (lock, merge with the file as it is now, atomic replace). A report already in the
// document layout is left as it is.
import * as path from 'node:path';
import { migrateReport } from '../../core/report/migrate';
import { parseReport } from '../../core/report/parse';
import { updateReportFile } from '../../core/report/reportFile';
import { parseFileArgs, readFileArg } from '../fileArgs';
import { EXIT_OK, type CliCommand } from '../io';
import { reportPlaybook } from './reportPlaybook';

const USAGE = 'usage: irp report migrate <report.md> [--json]';

export const reportMigrateCommand: CliCommand = async (args, io) => {
  const { file, json } = parseFileArgs(args, 'report', USAGE);
  const reportPath = path.resolve(io.cwd, file);
  const playbook = reportPlaybook(reportPath, parseReport(await readFileArg(file, io)).state.header, io.cwd);
  let keptLines = 0;
  const result = await updateReportFile(reportPath, text => {
    const migration = migrateReport(text, playbook);
    keptLines = migration.keptLines;
    return migration.text;
  });
  if (json) io.stdout(`${JSON.stringify({ file, migrated: result.written, keptLines }, null, 2)}\n`);
  else if (!result.written) io.stdout(`${file} is already in the document layout; nothing changed\n`);
  else
    io.stdout(
      `${file} moved to the document layout` +
        (keptLines > 0
          ? `; ${keptLines} line(s) you wrote outside the regions are under "Kept from the earlier layout"`
          : '') +
        '\n',
    );
  return EXIT_OK;
};
