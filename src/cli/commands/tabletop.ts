// `irp tabletop generate` writes a scenario's logs; `irp tabletop debrief` scores an exercise report against the
// scenario's expected findings (and with --write puts the debrief into the report's exercise section).
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { parseReport } from '../../core/report/parse';
import { updateReportFile } from '../../core/report/reportFile';
import {
  generateScenarioData,
  hasErrors,
  loadScenario,
  readExercise,
  renderDebrief,
  scoreDebrief,
  withExercise,
  type GenerationSummary,
  type Scenario,
} from '../../core/tabletop/index';
import { diagnosticLine } from '../fileArgs';
import { EXIT_ERRORS, EXIT_OK, UsageError, type CliCommand, type CliIo } from '../io';
import { one, parseFlags, type ParsedFlags } from '../flags';

const GENERATE_USAGE =
  'irp tabletop generate <scenario-dir-or-file> --out <dir> [--seed N] [--scale N] [--replace] [--json]';
const DEBRIEF_USAGE = 'irp tabletop debrief <scenario-dir-or-file> <report.md> [--write] [--json]';

function numberOption(
  flags: ParsedFlags,
  name: string,
  check: (n: number) => boolean,
  what: string,
): number | undefined {
  const v = one(flags, name);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (v.trim() === '' || !check(n)) throw new UsageError(`--${name} must be ${what}; got "${v}"`);
  return n;
}

/** Reads the scenario, printing its problems; undefined when it cannot be used. */
function readScenario(p: string, io: CliIo): Scenario | undefined {
  const loaded = loadScenario(path.resolve(io.cwd, p));
  const shown = path.relative(io.cwd, loaded.file) || loaded.file;
  for (const d of loaded.diagnostics) io.stderr(`${diagnosticLine(shown, d)} [${d.code}]\n`);
  return loaded.scenario && !hasErrors(loaded.diagnostics) ? loaded.scenario : undefined;
}

function describeGeneration(s: GenerationSummary): string {
  const ct = s.files.filter(f => f.kind === 'cloudtrail').length;
  const fl = s.files.length - ct;
  const f = s.story;
  return [
    `Wrote ${s.cloudTrailEvents} CloudTrail events in ${ct} files and ${s.flowRecords} flow-log records in ${fl} files to ${s.outDir} (seed ${s.seed}, scale ${s.scale}).`,
    '',
    'For the facilitator (what the logs hide):',
    `  access key ${f.accessKeyId} of ${f.userName}, used from ${f.attackerIp} (first ${f.times.firstUse})`,
    `  ${f.securityGroupId} opened to 0.0.0.0/0 on tcp 22 at ${f.times.openSsh}`,
    `  instances ${f.instanceIds.join(', ')} launched at ${f.times.runInstances}`,
    `  route 0.0.0.0/0 -> ${f.internetGatewayId} in ${f.routeTableId} at ${f.times.createRoute}`,
    `  data out to ${f.exfilIp} from ${f.times.exfilStart} to ${f.times.exfilEnd}; other SSH sources ${f.sshSources.join(', ')}`,
    `  key disabled ${f.times.deactivateKey}, deleted ${f.times.deleteKey} by ${f.adminSession}`,
    '',
  ].join('\n');
}

export const tabletopGenerateCommand: CliCommand = async (args, io) => {
  const p = parseFlags(
    args,
    { out: 'value', seed: 'value', scale: 'value', replace: 'switch', json: 'switch' },
    GENERATE_USAGE,
  );
  if (p.positional.length !== 1) throw new UsageError(`one scenario; usage: ${GENERATE_USAGE}`);
  const out = one(p, 'out');
  if (!out) throw new UsageError(`where to? --out <dir> is required; usage: ${GENERATE_USAGE}`);
  const seed = numberOption(
    p,
    'seed',
    n => Number.isInteger(n) && n >= 0 && n <= 0xffffffff,
    'a whole number from 0 to 4294967295',
  );
  const scale = numberOption(p, 'scale', n => n > 0 && n <= 100, 'a number above 0 and at most 100');
  const scenario = readScenario(p.positional[0], io);
  if (!scenario) return EXIT_ERRORS;
  const summary = generateScenarioData(scenario, path.resolve(io.cwd, out), {
    seed,
    scale,
    replace: p.values.has('replace'),
  });
  io.stdout(p.values.has('json') ? `${JSON.stringify(summary, null, 2)}\n` : describeGeneration(summary));
  return EXIT_OK;
};

export const tabletopDebriefCommand: CliCommand = async (args, io) => {
  const p = parseFlags(args, { json: 'switch', write: 'switch' }, DEBRIEF_USAGE);
  if (p.positional.length !== 2) throw new UsageError(`a scenario and a report; usage: ${DEBRIEF_USAGE}`);
  const scenario = readScenario(p.positional[0], io);
  if (!scenario) return EXIT_ERRORS;
  const reportFile = path.resolve(io.cwd, p.positional[1]);
  let text: string;
  try {
    text = await readFile(reportFile, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read the report "${p.positional[1]}": ${(e as Error).message}`);
  }
  const results = scoreDebrief(scenario, parseReport(text).state);
  const debrief = renderDebrief(scenario, results, new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'));
  if (p.values.has('write')) {
    await updateReportFile(reportFile, current =>
      withExercise(current, scenario, { ...readExercise(current), debrief }),
    );
  }
  io.stdout(p.values.has('json') ? `${JSON.stringify(results, null, 2)}\n` : `${debrief}\n`);
  return EXIT_OK;
};
