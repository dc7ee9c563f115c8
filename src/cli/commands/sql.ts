// `irp sql --data <path> [--data <path>...] [--cache <dir>] [--dialect athena|duckdb] [--max N] "SQL" [--json|--csv]`:
// one SQL statement over local CloudTrail and VPC flow log files, through the local engine.
import path from 'node:path';
import type { QueryRequest } from '../../core/engine/types';
import type { LocalEngine, LocalEngineOptions } from '../../core/local';
import { CliCommand, CliIo, EXIT_ERRORS, EXIT_OK, UsageError } from '../io';
import { formatRows, RowsOutputOptions, RowsWriter } from '../rowsOutput';
import { FlagKind, ParsedFlags, one, outputFormat, parseFlags } from '../flags';
import { collectRun } from '../collectRun';
import { interruptSignal } from '../interrupt';
import { partialText } from '../../core/engine/partialReason';

const SQL_USAGE =
  'irp sql --data <path> [--data <path>...] [--cache <dir>] [--dialect athena|duckdb] [--max N] "SQL" [--json|--csv]';

/** Flags shared by the commands that read local log files. */
export const LOCAL_FLAGS: Record<string, FlagKind> = {
  data: 'list',
  cache: 'value',
  max: 'value',
  json: 'switch',
  csv: 'switch',
};

/**
 * The engine the --data/--cache flags describe; the cache defaults to `.irp-cache` in the working folder.
 * IRP_LOCAL_ENGINE_WORKER names another worker script (tests run the compiled one instead of the bundle).
 */
export async function localEngineFromFlags(
  flags: ParsedFlags,
  io: CliIo,
  usage: string,
  options: Pick<LocalEngineOptions, 'rawLookupEvents'> = {},
): Promise<LocalEngine> {
  const data = flags.values.get('data') ?? [];
  if (!data.length) throw new UsageError(`which log files? give --data <file or folder>; usage: ${usage}`);
  const cache = one(flags, 'cache') ?? path.join(io.cwd, '.irp-cache');
  // Loaded here, not at start: the bundler makes the engine's host side a file of its own (dist/local-engine.js).
  const { LocalEngine } = await import('../../core/local/index.js');
  return new LocalEngine({
    dataSources: data.map(d => path.resolve(io.cwd, d)),
    cacheDir: path.resolve(io.cwd, cache),
    workerScript: io.env.IRP_LOCAL_ENGINE_WORKER || undefined,
    // A command asks its questions and exits: DuckDB in its own process saves a second start and a copy of every row.
    inProcess: true,
    ...options,
  });
}

export function rowCapFromFlags(flags: ParsedFlags): number | undefined {
  const max = one(flags, 'max');
  if (max === undefined) return undefined;
  if (!/^\d+$/.test(max) || Number(max) < 1)
    throw new UsageError(`--max must be a positive whole number (got "${max}")`);
  return Number(max);
}

function printLoadProblems(c: Record<string, string>, io: CliIo): void {
  if (c.loadProblems)
    io.stderr(
      `problems while loading (${c.skippedRecords ?? 0} record(s), ${c.skippedFiles ?? 0} file(s) skipped):\n${c.loadProblems}\n`,
    );
}

/** Progress lines while loading go to standard error at most this often. */
const PROGRESS_EVERY_MS = 5000;

/**
 * Loads the data sources into the cache with progress on standard error, after `intro`. Ctrl-C stops the load; what
 * it committed is kept and the next command goes on from there.
 */
export async function loadLocalCache(engine: LocalEngine, io: CliIo, intro: string): Promise<void> {
  io.stderr(`${intro} (Ctrl-C stops, what is loaded is kept)\n`);
  const interrupt = interruptSignal();
  let last = Date.now();
  try {
    const meta = await engine.loadCache(interrupt.signal, p => {
      if (Date.now() - last < PROGRESS_EVERY_MS) return;
      last = Date.now();
      io.stderr(`${p.message}\n`);
    });
    printLoadProblems(meta.context, io);
    if (meta.error) io.stderr(`the cache was not loaded: ${meta.error.message}\n`);
    else if (meta.partial) io.stderr('loading stopped; the next command loads the rest\n');
    else io.stderr(`cache ready: ${meta.context.files ?? '?'} file(s)\n`);
  } finally {
    interrupt.release();
  }
}

/** Runs one request on local data and prints the rows, the run summary and any load problems. */
export async function runLocal(
  engine: LocalEngine,
  request: QueryRequest,
  flags: ParsedFlags,
  io: CliIo,
  output?: RowsOutputOptions,
): Promise<number> {
  const format = outputFormat(flags);
  // JSON and CSV are printed page by page as the worker sends them; a table needs every row for its widths. The writer
  // starts nothing until rows come; it is disposed in `finally`, as a formatting thread left running would keep the
  // process alive.
  const writer =
    format === 'table' ? undefined : new RowsWriter(format, { text: t => io.stdout(t), bytes: io.stdoutBytes }, output);
  try {
    const availability = await engine.availability();
    if (!availability.available) {
      io.stderr(`${availability.reason}\n`);
      return EXIT_ERRORS;
    }
    const result = await collectRun(
      signal => engine.run(request, signal),
      writer && (page => writer.rows(page.columns, page.rows)),
    );
    const c = result.metadata.context;
    printLoadProblems(c, io);
    if (result.error) {
      // Rows already printed stay printed (an error after the first page); the exit code says the output is cut.
      await writer?.dispose();
      io.stderr(`${result.error.message}\n`);
      return EXIT_ERRORS;
    }
    if (writer) await writer.end(result.metadata);
    else io.stdout(formatRows(format, result.columns, result.rows, result.metadata, output));
    const partial = result.metadata.partial ? ` (partial: ${partialText(result.metadata)})` : '';
    io.stderr(`${result.metadata.rowCount} row(s)${partial} from ${c.dataSource}\n`);
    // Answered from the files themselves (the cache did not hold them): load them now for the next question.
    if (c.readFrom === 'files')
      await loadLocalCache(
        engine,
        io,
        `Answered from the ${c.files} log file(s) directly; loading them into the cache`,
      );
    return EXIT_OK;
  } finally {
    await writer?.dispose();
    await engine.dispose();
  }
}

export const sqlCommand: CliCommand = async (args, io) => {
  const flags = parseFlags(args, { ...LOCAL_FLAGS, dialect: 'value' }, SQL_USAGE);
  if (flags.positional.length !== 1)
    throw new UsageError(`give exactly one SQL statement (in quotes); usage: ${SQL_USAGE}`);
  const dialect = one(flags, 'dialect') ?? 'athena';
  if (dialect !== 'athena' && dialect !== 'duckdb')
    throw new UsageError(`--dialect must be athena or duckdb (got "${dialect}")`);
  const engine = await localEngineFromFlags(flags, io, SQL_USAGE);
  const request: QueryRequest = {
    engine: dialect === 'athena' ? 'athena' : 'local',
    queryId: 'cli-sql',
    text: flags.positional[0],
    parameters: {},
    definitions: [],
    rowCap: rowCapFromFlags(flags),
  };
  return runLocal(engine, request, flags, io);
};
