// `irp`: the playbook core without VS Code. Each command lives in its own file under commands/.
import { CliCommand, CliIo, EXIT_ERRORS, EXIT_USAGE, UsageError } from './io';
import { terminalSafeLines } from './terminalText';

const USAGE = `irp <command> [options]

Commands:
  validate <playbook.md> [--json] [--fix]  check a playbook (--fix writes derived step ids); exit 0 ok, 1 errors, 2 usage
  import <file.md> [--out F] [--force]     convert a playbook as AWS publishes it (--json for the counts)
  report parse <report.md> [--json]        print the state stored in an incident report
  report lint <report.md> [--json]         what the report still lacks as the incident's document; exit 1 on errors
  report migrate <report.md> [--json]      move a report written before the document layout into it, keeping your text
  report add-finding <report.md>           record a finding (--time ISO --summary TEXT [--kind K] [--indicator type=value]...
                                           [--evidence FILE[#ROW]] [--json]); the evidence file's SHA-256 is recorded
  report timeline <report.md> [--json]     print the timeline and the indicators table built from a report
  report export <report.md> --html <out>   the report as one self-contained HTML file (--redact, --json)
  lookup --attribute Key=Value [...]       CloudTrail event history (--profile, --region R|all, --start, --end, --max, --json|--csv)
  sql --data <path> "SQL"                  SQL over local CloudTrail / flow-log files (--data repeatable, --cache, --dialect, --json|--csv)
  athena --workgroup W --database D "SQL"  run an Athena query (--profile, --region, --param name[:type]=value, --json|--csv)
  aws <service> <operation>                one read-only AWS API call (--input JSON | --param Key=value, --region R|all, --json|--csv)
  run <playbook> --report <report.md>      run query steps headless into a report (--step ID | --all-queries; --profile or --data)
  verify <report.md> [--json]              check the evidence files against the report and their manifests; exit 1 on a change
  tabletop generate <scenario> --out <dir> write a scenario's CloudTrail and flow logs (--seed N, --scale N, --replace, --json)
  tabletop debrief <scenario> <report.md>  score what an exercise report recorded (--write: into the report; --json)
`;

// Each command's module is evaluated only when that command runs: `irp lookup --data` never sets up the report,
// playbook or tabletop code (the bundler keeps them in cli.js, but the code left unrun costs little).
const commands: Record<string, () => Promise<CliCommand>> = {
  'report parse': async () => (await import('./commands/reportParse.js')).reportParseCommand,
  'report lint': async () => (await import('./commands/reportLint.js')).reportLintCommand,
  'report migrate': async () => (await import('./commands/reportMigrate.js')).reportMigrateCommand,
  'report add-finding': async () => (await import('./commands/reportFindings.js')).reportAddFindingCommand,
  'report timeline': async () => (await import('./commands/reportFindings.js')).reportTimelineCommand,
  'report export': async () => (await import('./commands/reportExport.js')).reportExportCommand,
  validate: async () => (await import('./commands/validate.js')).validateCommand,
  import: async () => (await import('./commands/import.js')).importCommand,
  lookup: async () => (await import('./commands/lookup.js')).lookupCommand,
  athena: async () => (await import('./commands/athena.js')).athenaCommand,
  aws: async () => (await import('./commands/aws.js')).awsCommand,
  sql: async () => (await import('./commands/sql.js')).sqlCommand,
  run: async () => (await import('./commands/run.js')).runCommand,
  verify: async () => (await import('./commands/verify.js')).verifyCommand,
  'tabletop generate': async () => (await import('./commands/tabletop.js')).tabletopGenerateCommand,
  'tabletop debrief': async () => (await import('./commands/tabletop.js')).tabletopDebriefCommand,
};

export async function main(argv: string[], processIo: CliIo): Promise<number> {
  // Messages can quote log data (an engine's error, a load problem): their control characters are shown, not sent.
  // So are those of rows printed to a terminal; a pipe or a file gets the CSV or JSON byte for byte.
  const io: CliIo = {
    ...processIo,
    stdout: processIo.stdoutIsTerminal ? text => processIo.stdout(terminalSafeLines(text)) : processIo.stdout,
    stdoutBytes: processIo.stdoutIsTerminal ? undefined : processIo.stdoutBytes,
    stderr: text => processIo.stderr(terminalSafeLines(text)),
  };
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(USAGE);
    return name ? 0 : EXIT_USAGE;
  }
  // Two-word commands ("report parse", "tabletop generate") are keyed with a space.
  const command = commands[`${name} ${rest[0] ?? ''}`] ?? commands[name];
  const args = commands[`${name} ${rest[0] ?? ''}`] ? rest.slice(1) : rest;
  if (!command) {
    io.stderr(`irp: unknown command "${name}"\n\n${USAGE}`);
    return EXIT_USAGE;
  }
  try {
    return await (
      await command()
    )(args, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`irp ${name}: ${e.message}\n`);
      return EXIT_USAGE;
    }
    io.stderr(`irp ${name}: ${e instanceof Error ? e.message : String(e)}\n`);
    return EXIT_ERRORS;
  }
}

/** Runs the command line of this process, and sets its exit code. */
export function runCli(): void {
  // `irp … | head`: the reader closed the pipe. Output stops there, and a run still going stops as on Ctrl-C (its
  // listener is there while it runs) instead of the process dying on an unhandled EPIPE; nothing else is cut short.
  let readerGone = false;
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (readerGone) return;
    if (e.code !== 'EPIPE') throw e;
    readerGone = true;
    process.emit('SIGINT', 'SIGINT');
  });
  main(process.argv.slice(2), {
    stdout: t => {
      if (!readerGone) process.stdout.write(t);
    },
    stdoutBytes: b => {
      if (!readerGone) process.stdout.write(b);
    },
    stderr: t => process.stderr.write(t),
    cwd: process.cwd(),
    env: process.env,
    stdoutIsTerminal: process.stdout.isTTY === true,
  }).then(code => {
    process.exitCode = code;
  });
}

// Run directly (the compiled tests do); the bundle is loaded by entry.ts.
if (require.main === module) runCli();
