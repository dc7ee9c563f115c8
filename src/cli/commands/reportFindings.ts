// `irp report add-finding` and `irp report timeline`: record a finding in a report (appended through the text on
// disk, under the report's lock, evidence hashed from the file), and print the timeline the report's state gives.
import { stat } from 'node:fs/promises';
import * as path from 'node:path';
import { findingEvidence } from '../../core/findings/findingEvidence';
import { isFindingKind, isIndicatorType } from '../../core/findings/findingsSection';
import { INDICATOR_TYPES } from '../../core/findings/model';
import { FINDING_KINDS, type Finding, type Indicator } from '../../core/findings/model';
import { addFinding } from '../../core/findings/refreshTimeline';
import { buildTimeline } from '../../core/findings/timeline';
import { isIsoTime } from '../../core/playbook/parameters';
import { parseReport } from '../../core/report/index';
import { updateReportFile } from '../../core/report/reportFile';
import { parseFileArgs, readFileArg } from '../fileArgs';
import { one, parseFlags } from '../flags';
import { EXIT_OK, UsageError, type CliCommand } from '../io';
import { terminalSafe } from '../terminalText';

const ADD_USAGE =
  'irp report add-finding <report.md> --time ISO --summary TEXT [--kind K] [--indicator type=value]... ' +
  '[--evidence FILE[#ROW]] [--json]';
const TIMELINE_USAGE = 'usage: irp report timeline <report.md> [--json]';

function timeFlag(value: string | undefined): string {
  if (value === undefined) throw new UsageError(`--time is required (when it happened, ISO 8601); usage: ${ADD_USAGE}`);
  if (!isIsoTime(value))
    throw new UsageError(
      `--time "${terminalSafe(value)}" is not an ISO 8601 time with a zone, e.g. 2026-11-29T10:02:11Z`,
    );
  return new Date(value).toISOString();
}

function indicatorFlag(value: string): Indicator {
  const eq = value.indexOf('=');
  const type = eq < 0 ? '' : value.slice(0, eq);
  if (!isIndicatorType(type))
    throw new UsageError(
      `--indicator "${terminalSafe(value)}" is not type=value with a type among ${INDICATOR_TYPES.join(', ')}`,
    );
  if (value.slice(eq + 1).trim() === '') throw new UsageError(`--indicator "${terminalSafe(value)}" has no value`);
  return { type, value: value.slice(eq + 1).trim() };
}

/** FILE or FILE#ROW; a file whose own name holds "#" is taken whole when it exists. */
async function evidenceFlag(reportPath: string, value: string, cwd: string) {
  const hash = value.lastIndexOf('#');
  const whole = path.resolve(cwd, value);
  const wholeExists = await stat(whole).then(
    s => s.isFile(),
    () => false,
  );
  const [file, row] =
    hash < 0 || wholeExists ? [whole, undefined] : [path.resolve(cwd, value.slice(0, hash)), value.slice(hash + 1)];
  try {
    return await findingEvidence(reportPath, file, row);
  } catch (e) {
    throw new UsageError(`--evidence: ${(e as Error).message}`);
  }
}

export const reportAddFindingCommand: CliCommand = async (args, io) => {
  const flags = parseFlags(
    args,
    { time: 'value', summary: 'value', kind: 'value', indicator: 'list', evidence: 'value', json: 'switch' },
    ADD_USAGE,
  );
  if (flags.positional.length !== 1)
    throw new UsageError(`give exactly one report (got ${flags.positional.length}); usage: ${ADD_USAGE}`);
  const report = flags.positional[0];
  const reportPath = path.resolve(io.cwd, report);
  const summary = one(flags, 'summary');
  if (summary === undefined || summary.trim() === '')
    throw new UsageError(`--summary is required and cannot be empty; usage: ${ADD_USAGE}`);
  const kind = one(flags, 'kind') ?? 'observation';
  if (!isFindingKind(kind))
    throw new UsageError(`--kind "${terminalSafe(kind)}" is not one of ${FINDING_KINDS.join(', ')}`);
  const input: Omit<Finding, 'id'> = {
    eventTime: timeFlag(one(flags, 'time')),
    recordedAt: new Date().toISOString(),
    kind,
    summary,
    indicators: (flags.values.get('indicator') ?? []).map(indicatorFlag),
  };
  const evidence = one(flags, 'evidence');
  if (evidence !== undefined) input.evidence = await evidenceFlag(reportPath, evidence, io.cwd);
  await readFileArg(report, io);
  let added: Finding | undefined;
  await updateReportFile(reportPath, text => {
    const missing = parseReport(text).diagnostics.find(d => d.code === 'missing-header');
    if (missing) throw new Error(`${report} is not an incident report: ${missing.message}`);
    const result = addFinding(text, input);
    added = result.finding;
    return result.text;
  });
  const finding = added as Finding;
  io.stdout(
    flags.values.has('json')
      ? `${JSON.stringify(finding, null, 2)}\n`
      : `${report}: added finding ${finding.id}: ${terminalSafe(finding.summary)}\n`,
  );
  return EXIT_OK;
};

export const reportTimelineCommand: CliCommand = async (args, io) => {
  const { file, json } = parseFileArgs(args, 'report', TIMELINE_USAGE);
  const { state, diagnostics } = parseReport(await readFileArg(file, io));
  const missing = diagnostics.find(d => d.code === 'missing-header');
  if (missing) throw new Error(`${file} is not an incident report: ${missing.message}`);
  const timeline = buildTimeline(state);
  if (json) {
    io.stdout(`${JSON.stringify(timeline, null, 2)}\n`);
    return EXIT_OK;
  }
  const lines = [
    `Timeline of ${file} (${timeline.entries.length} entries; "happened" is the incident, "response" what was done):`,
    ...timeline.entries.map(
      e => `${terminalSafe(e.time)}  ${e.side === 'incident' ? 'happened' : 'response'}  ${terminalSafe(e.what)}`,
    ),
    '',
    `Indicators (${timeline.indicators.length}):`,
    ...timeline.indicators.map(
      i =>
        `${i.type}  ${terminalSafe(i.value)}  first ${terminalSafe(i.firstSeen ?? '?')}  last ${terminalSafe(i.lastSeen ?? '?')}  ` +
        `findings ${i.findings.map(terminalSafe).join(', ')}`,
    ),
  ];
  io.stdout(lines.join('\n') + '\n');
  return EXIT_OK;
};
