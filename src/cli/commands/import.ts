// `irp import <file.md> [--out <playbook.md>] [--json] [--force]`: turns a playbook as AWS publishes it into one in
// this project's format, and says what it made of it and what stayed as guidance.
import * as path from 'node:path';
import { companionReader, importPlaybook, OutputExistsError, writePlaybookFile } from '../../core/import';
import { readFileArg } from '../fileArgs';
import { EXIT_ERRORS, EXIT_OK, UsageError, type CliCommand } from '../io';
import { terminalSafe } from '../terminalText';

const USAGE = 'usage: irp import <file.md> [--out <playbook.md>] [--json] [--force]';

interface ImportArgs {
  file: string;
  out?: string;
  json: boolean;
  force: boolean;
}

function parseArgs(args: string[]): ImportArgs {
  let file: string | undefined;
  let out: string | undefined;
  let json = false;
  let force = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--json') json = true;
    else if (arg === '--force') force = true;
    else if (arg === '--out') {
      out = args[++i];
      if (!out) throw new UsageError(`--out needs a file name; ${USAGE}`);
    } else if (arg.startsWith('-') && arg !== '-') throw new UsageError(`unknown option "${arg}"; ${USAGE}`);
    else if (file !== undefined) throw new UsageError(`one file at a time; got "${file}" and "${arg}"`);
    else file = arg;
  }
  if (file === undefined) throw new UsageError(`which file? ${USAGE}`);
  return { file, out, json, force };
}

export const importCommand: CliCommand = async (args, io) => {
  const options = parseArgs(args);
  const source = path.resolve(io.cwd, options.file);
  const result = importPlaybook(await readFileArg(options.file, io), {
    fileName: path.basename(source),
    readCompanion: companionReader(source),
  });
  if (!result.ok) {
    io.stderr(`irp import: ${options.file} was not imported: ${result.reason}\n`);
    if (options.json) io.stdout(`${JSON.stringify({ imported: false, reason: result.reason }, null, 2)}\n`);
    return EXIT_ERRORS;
  }
  const id = /^id: (.+)$/m.exec(result.markdown)?.[1] ?? 'imported-playbook';
  const target = options.out ?? path.join('playbooks', `${id}.md`);
  try {
    await writePlaybookFile(path.resolve(io.cwd, target), result.markdown, options.force);
  } catch (e) {
    if (e instanceof OutputExistsError) {
      io.stderr(`irp import: "${target}" already exists; nothing was written (use --force to replace it)\n`);
      return EXIT_ERRORS;
    }
    throw e;
  }
  const c = result.counts;
  if (options.json) {
    io.stdout(`${JSON.stringify({ imported: true, output: target, counts: c, unmapped: result.unmapped }, null, 2)}\n`);
    return EXIT_OK;
  }
  io.stdout(
    `${options.file} → ${target}: ${c.phases} phase(s), ${c.steps} step(s), ` +
      `${c.checklistItems} checklist item(s), ${c.questions} question(s), ${c.athena} athena and ` +
      `${c.cloudtrail} cloudtrail quer(ies), ${c.aws} aws read(s), ${c.action} action(s), ${c.parameters} parameter(s), ` +
      `${c.references} reference section(s); ${c.repairedLines} line(s) of markup repaired\n`,
  );
  for (const u of result.unmapped) {
    const reason = u.reason ? ` (${terminalSafe(u.reason)})` : '';
    io.stdout(`  kept as guidance (${u.kind}) in "${terminalSafe(u.where)}": ${terminalSafe(u.text)}${reason}\n`);
  }
  return EXIT_OK;
};
