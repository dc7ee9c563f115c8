// The whole report from a playbook and a state: the header with the incident facts, the document sections
// (documentFormat.ts), then the step-by-step record as an appendix, where a step nobody has touched takes one line.
// Incremental updates (edits.ts) write the same regions the same way.
import type { Phase, Playbook } from '../playbook/model';
import { renderDocument } from './documentFormat';
import { encodeLine } from './escape';
import { renderHeader } from './headerFormat';
import type { ReportState } from './model';
import { reportHeadings } from './headings';
import { openMarker } from './markerRegions';
import { own, renderStep, stepView } from './stepFormat';

export function phaseLines(phase: Phase): string[] {
  return [openMarker('phase', { id: phase.id }), `### ${encodeLine(phase.title)}`];
}

/**
 * The one line of a step that is not in the state. It is the person's text, not a region: when the step is first
 * recorded, the line (if it still reads exactly so) is replaced by the step's region.
 */
export function untouchedStepLine(title: string, language: string | undefined): string {
  return `- ${encodeLine(title)} — ${reportHeadings(language).notStarted}`;
}

/** Blocks joined by blank lines, where consecutive untouched-step lines form one list. */
function joinBlocks(blocks: { text: string; listItem: boolean }[]): string {
  let out = '';
  blocks.forEach((b, i) => {
    if (i > 0) out += b.listItem && blocks[i - 1].listItem ? '\n' : '\n\n';
    out += b.text;
  });
  return out;
}

export function renderReport(playbook: Playbook, state: ReportState): string {
  const headings = reportHeadings(playbook.language);
  const blocks: { text: string; listItem: boolean }[] = [
    { text: renderHeader(state.header), listItem: false },
    { text: renderDocument(playbook, state), listItem: false },
    { text: headings.sections.record, listItem: false },
  ];
  const block = (text: string, listItem = false) => blocks.push({ text, listItem });
  const listed = new Set<string>();
  for (const phase of playbook.phases) {
    block(phaseLines(phase).join('\n'));
    for (const step of phase.steps) {
      listed.add(step.id);
      const stepState = own(state.steps, step.id);
      if (stepState === undefined) block(untouchedStepLine(step.title, playbook.language), true);
      else block(renderStep(stepView(step.id, step, stepState, playbook.language), stepState));
    }
  }
  const orphans = Object.keys(state.steps).filter(id => !listed.has(id));
  if (orphans.length > 0) {
    block(headings.orphans);
    for (const id of orphans) {
      block(renderStep(stepView(id, undefined, state.steps[id], playbook.language), state.steps[id]));
    }
  }
  return joinBlocks(blocks) + '\n';
}
