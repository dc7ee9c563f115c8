// The whole report from a playbook and a state. Incremental updates (edits.ts) write the same regions the same way.
import type { Phase, Playbook } from '../playbook/model';
import { renderFindingsSection } from '../findings/findingsSection';
import { renderTimelineSection } from '../findings/timelineSection';
import { encodeLine } from './escape';
import { renderHeader } from './headerFormat';
import type { ReportState } from './model';
import { reportHeadings } from './headings';
import { openMarker } from './markerRegions';
import { own, renderStep, stepView } from './stepFormat';

export function phaseLines(phase: Phase): string[] {
  return [openMarker('phase', { id: phase.id }), `## ${encodeLine(phase.title)}`];
}

export function renderReport(playbook: Playbook, state: ReportState): string {
  const parts = [renderHeader(state.header)];
  const listed = new Set<string>();
  for (const phase of playbook.phases) {
    parts.push(phaseLines(phase).join('\n'));
    for (const step of phase.steps) {
      listed.add(step.id);
      const stepState = own(state.steps, step.id);
      parts.push(renderStep(stepView(step.id, step, stepState, playbook.language), stepState));
    }
  }
  const orphans = Object.keys(state.steps).filter(id => !listed.has(id));
  if (orphans.length > 0) {
    parts.push(reportHeadings(playbook.language).orphans);
    for (const id of orphans) {
      parts.push(renderStep(stepView(id, undefined, state.steps[id], playbook.language), state.steps[id]));
    }
  }
  // Reports from before findings, and new ones, have no findings section until the first finding is added.
  if (state.findings?.length) parts.push(renderFindingsSection(state.findings), renderTimelineSection(state));
  return parts.join('\n\n') + '\n';
}
