// `irp run <playbook> --report <report.md> [--step ID]... | --all-queries  (--profile P [--region R] | --data <path>...)`:
// runs a playbook's query steps headless and records each run, with its evidence, into the incident report, so a
// responder opens a report that already holds the first triage. Each run is recorded as soon as it ends, into the
// report as it is on disk at that moment (updateReportFile): a crash or Ctrl-C loses nothing already recorded, and
// what someone else wrote meanwhile (a hand edit, another irp run) stays.
import fs from 'node:fs';
import path from 'node:path';
import { blocksForMode, DataMode, engineFor, hiddenOnLocalData } from '../../core/engine/resolve';
import { EngineRegistry } from '../../core/engine/registry';
import type { Playbook, Step } from '../../core/playbook/model';
import { allSteps, parsePlaybook } from '../../core/playbook/parser';
import { loadQueryFiles } from '../../core/playbook/queryFiles';
import {
  applyEdits,
  createReport,
  emptyStepState,
  parseReport,
  planRunAppend,
  planStepUpdate,
  ReportState,
  RunRecord,
  withWorkStarted,
  type Repair,
} from '../../core/report';
import { portableRelative } from '../../core/report/headerPaths';
import { updateReportFile } from '../../core/report/reportFile';
import { blockParameterProblems, blockRequest, effectiveParameters, executeAndRecord } from '../../core/run';
import { diagnosticLine } from '../fileArgs';
import { CliCommand, CliIo, EXIT_ERRORS, EXIT_OK, UsageError } from '../io';
import { one, parseFlags } from '../flags';
import { AWS_FLAGS, loadAws, openSession } from './awsOptions';
import { loadLocalCache, localEngineFromFlags, LOCAL_FLAGS, rowCapFromFlags } from './sql';
import type { LocalEngine } from '../../core/local';
import { partialText } from '../../core/engine/partialReason';
import { interruptSignal } from '../interrupt';

const RUN_USAGE =
  'irp run <playbook.md> --report <report.md> [--step ID]... [--all-queries] ' +
  '(--profile P [--region R] [--workgroup W --database D] | --data <path>...) [--param name=value]... [--max N] [--summary-rows N] ' +
  '[--allow-action ID]... [--json]';

const FLAGS = {
  ...AWS_FLAGS,
  ...LOCAL_FLAGS,
  report: 'value',
  step: 'list',
  'all-queries': 'switch',
  param: 'list',
  workgroup: 'value',
  database: 'value',
  catalog: 'value',
  output: 'value',
  'summary-rows': 'value',
  'allow-action': 'list',
} as const;

function readParams(list: string[]): Record<string, string> {
  return Object.fromEntries(
    list.map(p => {
      const eq = p.indexOf('=');
      if (eq < 1) throw new UsageError(`--param takes name=value (got "${p}")`);
      return [p.slice(0, eq), p.slice(eq + 1)];
    }),
  );
}

function selectSteps(playbook: Playbook, ids: string[], mode: DataMode): Step[] {
  const steps = allSteps(playbook);
  if (ids.length === 0) return steps.filter(s => blocksForMode(s, mode).length > 0);
  return ids.map(id => {
    const step = steps.find(s => s.id === id);
    if (!step)
      throw new UsageError(
        `the playbook has no step "${id}"; steps with queries: ${steps
          .filter(s => s.queries.length)
          .map(s => s.id)
          .join(', ')}`,
      );
    return step;
  });
}

/** The state of the report to record into: the existing file, or a new report for the playbook, written now. */
async function openReport(
  reportPath: string,
  playbook: Playbook,
  playbookPath: string,
  mode: DataMode,
  dataSources: string[],
): Promise<ReportState> {
  const reportDir = path.dirname(reportPath);
  fs.mkdirSync(reportDir, { recursive: true });
  const created = () =>
    createReport(playbook, {
      mode: 'live',
      now: new Date(),
      playbookPath: portableRelative(reportDir, playbookPath),
      defaultEngine: mode === 'local' ? 'local' : undefined,
      dataSources: dataSources.map(d => portableRelative(reportDir, d)),
    }).text;
  const { text } = await updateReportFile(
    reportPath,
    current => {
      const { state } = parseReport(current);
      if (state.header.playbookId && state.header.playbookId !== playbook.id) {
        throw new UsageError(`${reportPath} follows playbook "${state.header.playbookId}", not "${playbook.id}"`);
      }
      return current;
    },
    { ifMissing: created },
  );
  return parseReport(text).state;
}

/**
 * Adds the run to the step in the report text as it is now; a run on a step that was not started starts it. Marker
 * repairs the update made are reported, so the user knows to look at those lines.
 */
function recordRun(
  text: string,
  playbook: Playbook,
  stepId: string,
  run: RunRecord,
  repaired: (r: Repair) => void,
): string {
  const append = planRunAppend(text, playbook, stepId, run);
  append.repairs.forEach(repaired);
  const withRun = applyEdits(text, append.edits);
  const step = parseReport(withRun).state.steps[stepId] ?? emptyStepState();
  if (step.status !== 'not-started') return withRun;
  const start = planStepUpdate(withRun, playbook, stepId, withWorkStarted(step, new Date()));
  start.repairs.forEach(repaired);
  return applyEdits(withRun, start.edits);
}

async function engines(
  mode: DataMode,
  flags: ReturnType<typeof parseFlags>,
  io: CliIo,
): Promise<{ registry: EngineRegistry; close(): Promise<void>; local?: LocalEngine }> {
  const registry = new EngineRegistry();
  if (mode === 'local') {
    const local = await localEngineFromFlags(flags, io, RUN_USAGE);
    registry.register(local);
    return { registry, close: () => local.dispose(), local };
  }
  const session = await openSession(io, flags, one(flags, 'region'));
  const { ActionEngine, AthenaEngine, AwsApiEngine, CloudTrailEngine } = await loadAws();
  registry.register(new CloudTrailEngine(session));
  registry.register(new AwsApiEngine(session));
  // An action block runs only when named with --allow-action (checked before it starts): that flag is the consent,
  // and the exact call it gave consent to is printed.
  registry.register(
    new ActionEngine(session, async q => {
      io.stderr(`confirmed by --allow-action: ${q.call} on ${q.resource} in account ${q.account}, ${q.region}\n`);
      return true;
    }),
  );
  const workgroup = one(flags, 'workgroup');
  const database = one(flags, 'database');
  if (workgroup && database) {
    // Headless runs never change anything: a statement that is not read-only is refused, not confirmed.
    registry.register(
      new AthenaEngine(
        session,
        {
          workgroup,
          database,
          catalog: one(flags, 'catalog'),
          outputLocation: one(flags, 'output'),
          pricePerTerabyteUsd: 5,
        },
        async () => false,
      ),
    );
  }
  return { registry, close: async () => session.destroy() };
}

function describeRun(stepId: string, run: RunRecord): string {
  const outcome = run.error
    ? `failed: ${run.error.code ? `${run.error.code}: ` : ''}${run.error.message}`
    : run.partial
      ? `${run.rowCount} row(s), partial (${partialText(run)})`
      : `${run.rowCount} row(s)`;
  return `${stepId} / ${run.queryId} [${run.engine}]: ${outcome}\n`;
}

export const runCommand: CliCommand = async (args, io) => {
  const flags = parseFlags(args, FLAGS, RUN_USAGE);
  if (flags.positional.length !== 1) throw new UsageError(`give one playbook file; usage: ${RUN_USAGE}`);
  const reportFlag = one(flags, 'report');
  if (!reportFlag) throw new UsageError(`which report? give --report <report.md>; usage: ${RUN_USAGE}`);
  const stepIds = flags.values.get('step') ?? [];
  if (stepIds.length === 0 && !flags.values.has('all-queries'))
    throw new UsageError(`give --step ID or --all-queries; usage: ${RUN_USAGE}`);
  const mode: DataMode = flags.values.has('data') ? 'local' : 'aws';
  const summaryRows = Number(one(flags, 'summary-rows') ?? 5);
  if (!Number.isInteger(summaryRows) || summaryRows < 0) throw new UsageError('--summary-rows must be a whole number');

  const playbookPath = path.resolve(io.cwd, flags.positional[0]);
  if (!fs.existsSync(playbookPath)) throw new UsageError(`cannot read ${playbookPath}`);
  const parsed = parsePlaybook(fs.readFileSync(playbookPath, 'utf8'));
  if (parsed.playbook) parsed.diagnostics.push(...loadQueryFiles(parsed.playbook, playbookPath));
  const errors = parsed.diagnostics.filter(d => d.severity === 'error');
  if (!parsed.playbook || errors.length) {
    for (const d of errors) io.stderr(`${diagnosticLine(flags.positional[0], d)}\n`);
    io.stderr('fix the playbook first (irp validate shows every problem)\n');
    return EXIT_ERRORS;
  }
  const playbook = parsed.playbook;
  const steps = selectSteps(playbook, stepIds, mode);
  const reportPath = path.resolve(io.cwd, reportFlag);
  const dataSources = (flags.values.get('data') ?? []).map(d => path.resolve(io.cwd, d));
  const params = readParams(flags.values.get('param') ?? []);
  const rowCap = rowCapFromFlags(flags);
  const state = await openReport(reportPath, playbook, playbookPath, mode, dataSources);
  // The header's parameters as they are now hold for every block of this command.
  const values = effectiveParameters(playbook, state.header.parameters, params);

  const interrupt = interruptSignal();
  const { registry, close, local } = await engines(mode, flags, io);
  const runs: { stepId: string; run: RunRecord }[] = [];
  try {
    // Several blocks on log files: load them into the cache once, rather than read every file for each block.
    const blocks = steps.reduce((n, step) => n + blocksForMode(step, mode).length, 0);
    if (local && blocks > 1)
      await loadLocalCache(local, io, `Loading the log files into the cache for ${blocks} blocks`);
    for (const step of steps) {
      for (const { block, reason } of mode === 'local' ? hiddenOnLocalData(step) : []) {
        io.stderr(`${step.id} / ${block.id}: not run on local data: ${reason}\n`);
      }
      for (const block of blocksForMode(step, mode)) {
        if (interrupt.signal.aborted) break;
        const engine = registry.get(engineFor(block, mode));
        if (!engine) {
          io.stderr(
            `${step.id} / ${block.id}: skipped, the ${block.engine} engine needs ${block.engine === 'athena' ? '--workgroup and --database' : 'an engine'}\n`,
          );
          continue;
        }
        if (block.engine === 'action' && !(flags.values.get('allow-action') ?? []).includes(block.id)) {
          io.stderr(
            `${step.id} / ${block.id}: not run: a containment action runs only with --allow-action ${block.id}\n`,
          );
          continue;
        }
        const problems = blockParameterProblems(playbook, block, values);
        if (problems.length) {
          io.stderr(`${step.id} / ${block.id}: not run: ${problems.join('; ')} (give --param name=value)\n`);
          continue;
        }
        const run = await executeAndRecord(engine, blockRequest(playbook, block, values, rowCap), {
          reportPath,
          stepId: step.id,
          summaryRowCap: summaryRows,
          signal: interrupt.signal,
        });
        try {
          // A retried write recomputes the change: report the repairs of the attempt that landed, once.
          let repairs: Repair[] = [];
          await updateReportFile(reportPath, text => {
            repairs = [];
            return recordRun(text, playbook, step.id, run, r => repairs.push(r));
          });
          for (const r of repairs) io.stderr(`${reportPath}:${r.line}: repaired: ${r.message}\n`);
        } catch (e) {
          io.stderr(
            `${step.id} / ${block.id}: ran, but could not be recorded in the report; its evidence is ` +
              `${run.evidence.map(f => f.path).join(', ') || 'none'}. Runs after it were not started.\n`,
          );
          throw e;
        }
        runs.push({ stepId: step.id, run });
        io.stderr(describeRun(step.id, run));
      }
    }
  } finally {
    interrupt.release();
    await close();
  }
  if (flags.values.has('json')) io.stdout(JSON.stringify({ report: reportPath, runs }, null, 2) + '\n');
  else io.stdout(`${runs.length} run(s) recorded in ${reportPath}\n`);
  return runs.some(r => r.run.error) || interrupt.signal.aborted ? EXIT_ERRORS : EXIT_OK;
};
