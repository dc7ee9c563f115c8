// Builds what a step panel shows from the playbook and the report: the one place the panel's content is decided.
import type { DataMode } from '../../core/engine/resolve';
import { blocksForMode, engineFor } from '../../core/engine/resolve';
import type { Phase, Playbook, Step } from '../../core/playbook/model';
import type { RunRecord } from '../../core/report/model';
import { blockRequest, effectiveParameters } from '../../core/run/prepare';
import { resolvedQueryIfValid } from '../../core/run/resolvedQuery';
import type { RunView, StepView } from '../../shared/messages';
import type { ReportSession } from '../report/reportSession';
import { readSettings } from '../settings';
import { renderGuidance } from './guidance';
import { readsFlowLogsWithAthena } from './namedQueries';
import { adjacentStep, findStep } from '../../core/playbook/parser';
import { partialText } from '../../core/engine/partialReason';

/** A step of the playbook with the phase it sits in. */
function findStepInPhase(playbook: Playbook, stepId: string): { phase: Phase; step: Step } | undefined {
  const step = findStep(playbook, stepId);
  const phase = step && playbook.phases.find(p => p.steps.includes(step));
  return step && phase ? { phase, step } : undefined;
}

export function toRunView(run: RunRecord): RunView {
  return {
    runId: run.runId,
    queryId: run.queryId,
    startedAt: run.startedAt,
    rowCount: run.rowCount,
    partial: run.partial,
    partialReason: run.partial ? partialText(run) : undefined,
    error: run.error,
    evidence: run.evidence.map(e => ({ path: e.path, sha256: e.sha256, bytes: e.bytes })),
  };
}

/** Parameter values of the incident: the report's, else the playbook's defaults. */
export function parameterValues(session: ReportSession): Record<string, string> {
  return effectiveParameters(session.playbook, session.state?.header.parameters ?? {});
}

export function buildStepView(session: ReportSession, stepId: string, dataMode: DataMode): StepView | undefined {
  const found = findStepInPhase(session.playbook, stepId);
  if (!found || !session.state) return undefined;
  const { phase, step } = found;
  const state = session.stepState(step.id);
  const values = parameterValues(session);
  const queries = blocksForMode(step, dataMode).map(q => ({
    id: q.id,
    title: q.title || q.id,
    text: q.text,
    engine: engineFor(q, dataMode),
    parameters: q.parameters,
    resolvedText: resolvedQueryIfValid(blockRequest(session.playbook, q, values)),
  }));
  const used = new Set(queries.flatMap(q => q.parameters));
  return {
    reportUri: session.uri.toString(),
    reportName: session.name,
    mode: session.state.header.mode,
    dataMode,
    phaseTitle: phase.title,
    stepId: step.id,
    title: step.title,
    guidanceHtml: renderGuidance(step.guidance),
    checklist: step.checklist.map(c => ({ id: c.id, text: c.text })),
    questions: step.questions.map(q => ({ id: q.id, text: q.text, suggestions: q.suggestions })),
    queries,
    parameterDefinitions: session.playbook.parameters.filter(p => used.has(p.name)),
    parameters: values,
    state: {
      status: state.status,
      startedAt: state.startedAt,
      completedAt: state.completedAt,
      checklist: state.checklist,
      answers: state.answers,
      notes: state.notes,
    },
    runs: state.runs.map(toRunView),
    previousStep: neighbour(adjacentStep(session.playbook, step.id, -1)),
    nextStep: neighbour(adjacentStep(session.playbook, step.id, 1)),
    offersNamedQueries: dataMode === 'aws' && readsFlowLogsWithAthena(step),
    resultsTimeZone: readSettings().resultsTimeZone,
  };
}

function neighbour(step: Step | undefined): { id: string; title: string } | undefined {
  return step && { id: step.id, title: step.title };
}
