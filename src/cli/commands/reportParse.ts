// `irp report parse <report.md> [--json]`: prints the state an incident report holds, as the extension restores it.
import { diagnosticLine, parseFileArgs, readFileArg } from '../fileArgs';
import { EXIT_ERRORS, EXIT_OK, type CliCommand } from '../io';
import { terminalSafe } from '../terminalText';
import { parseReport, type ReportState, type RunRecord, type StepState } from '../../core/report/index';
import { partialText } from '../../core/engine/partialReason';

const USAGE = 'usage: irp report parse <report.md> [--json]';

/** Report text is partly log data: control characters (terminal escape sequences) are shown, not sent; long text is cut. */
function printable(text: string, max = 100): string {
  const shown = terminalSafe(text.replace(/\n/g, '⏎'));
  const chars = Array.from(shown);
  return chars.length > max ? chars.slice(0, max - 1).join('') + '…' : shown;
}

function runLine(run: RunRecord): string {
  const outcome = run.error
    ? `failed: ${printable(run.error.message, 60)}`
    : run.partial
      ? `partial (${printable(partialText(run), 40)})`
      : 'complete';
  return `    run ${printable(run.queryId, 40)} on ${run.engine} at ${printable(run.startedAt, 30)}: ${run.rowCount} row(s), ${outcome}, ${run.evidence.length} evidence file(s)`;
}

function stepLines(id: string, step: StepState): string[] {
  const times = [
    step.startedAt && `started ${printable(step.startedAt, 30)}`,
    step.completedAt && `completed ${printable(step.completedAt, 30)}`,
  ].filter(Boolean);
  const ticks = Object.values(step.checklist);
  const answers = Object.entries(step.answers);
  return [
    `[${step.status}] ${printable(id, 60)}${times.length ? ` (${times.join(', ')})` : ''}`,
    ...(ticks.length ? [`    checklist: ${ticks.filter(Boolean).length}/${ticks.length} ticked`] : []),
    ...answers.map(([q, a]) => `    ${printable(q, 40)}: ${a === '' ? '(no answer)' : printable(a)}`),
    ...(step.notes ? [`    notes: ${printable(step.notes)}`] : []),
    ...step.runs.map(runLine),
  ];
}

function humanSummary(state: ReportState): string {
  const h = state.header;
  const params = Object.entries(h.parameters).map(([k, v]) => `${printable(k, 40)}=${printable(v, 60)}`);
  return (
    [
      `${h.mode === 'exercise' ? 'EXERCISE ' : ''}incident ${printable(h.incidentId, 40)}: ${printable(h.title)}`,
      `playbook ${printable(h.playbookId, 60)} ${printable(h.playbookVersion, 20)} (${printable(h.playbookPath)}), created ${printable(h.createdAt, 30)}` +
        (h.defaultEngine ? `, default engine ${h.defaultEngine}` : ''),
      ...(h.dataSources.length ? [`data sources: ${h.dataSources.map(s => printable(s, 60)).join(', ')}`] : []),
      ...(params.length ? [`parameters: ${params.join(', ')}`] : []),
      '',
      ...Object.entries(state.steps).flatMap(([id, step]) => stepLines(id, step)),
    ].join('\n') + '\n'
  );
}

export const reportParseCommand: CliCommand = async (args, io) => {
  const { file, json } = parseFileArgs(args, 'report', USAGE);
  const { state, diagnostics } = parseReport(await readFileArg(file, io));
  for (const d of diagnostics) io.stderr(`${diagnosticLine(file, d, printable(d.message, 500))}\n`);
  io.stdout(json ? `${JSON.stringify(state, null, 2)}\n` : humanSummary(state));
  return diagnostics.some(d => d.severity === 'error') ? EXIT_ERRORS : EXIT_OK;
};
