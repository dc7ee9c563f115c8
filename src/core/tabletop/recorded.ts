// What the team recorded in an exercise report, as the texts the debrief reads: findings, answers, step notes and
// parameter values (the incident's and those a run was given). Query results are not in it: a result that happens
// to contain an address is the data, not something the team concluded.
import type { ReportState } from '../report/model';

export interface RecordedText {
  /** Where it was recorded, as the debrief names it ("notes of identify-actor", "finding f2"). */
  where: string;
  text: string;
}

export function recordedTexts(state: ReportState): RecordedText[] {
  const out: RecordedText[] = [];
  for (const f of state.findings ?? []) {
    const parts = [f.summary, f.eventTime ?? '', ...f.indicators.map(i => i.value)];
    out.push({ where: `finding ${f.id}`, text: parts.filter(Boolean).join('\n') });
  }
  for (const [stepId, step] of Object.entries(state.steps)) {
    for (const [question, answer] of Object.entries(step.answers)) {
      if (answer.trim()) out.push({ where: `${stepId}/${question}`, text: answer });
    }
    if (step.notes.trim()) out.push({ where: `notes of ${stepId}`, text: step.notes });
    for (const run of step.runs) {
      for (const [name, value] of Object.entries(run.parameters)) {
        if (value.trim()) out.push({ where: `${stepId}: ${run.queryId} parameter ${name}`, text: value });
      }
    }
  }
  for (const [name, value] of Object.entries(state.header.parameters)) {
    if (value.trim()) out.push({ where: `parameter ${name}`, text: value });
  }
  return out;
}
