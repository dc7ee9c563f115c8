// Finding things in a parsed playbook: the tree, the step panel, the CLI and the report all look steps and blocks up by id.
import type { Playbook, QueryBlock, Step } from './model';

/** Every step, phase by phase, in the order written. */
export function allSteps(playbook: Playbook): Step[] {
  return playbook.phases.flatMap(p => p.steps);
}

export function findStep(playbook: Playbook, id: string): Step | undefined {
  for (const phase of playbook.phases) {
    const step = phase.steps.find(s => s.id === id);
    if (step) return step;
  }
  return undefined;
}

/** The step before (-1) or after (+1) a step, across phase boundaries. */
export function adjacentStep(playbook: Playbook, id: string, direction: -1 | 1): Step | undefined {
  const steps = allSteps(playbook);
  const index = steps.findIndex(s => s.id === id);
  return index < 0 ? undefined : steps[index + direction];
}

export function allQueries(playbook: Playbook): QueryBlock[] {
  return allSteps(playbook).flatMap(s => s.queries);
}

/** A query block and the step it belongs to. */
export function findQuery(playbook: Playbook, id: string): { step: Step; query: QueryBlock } | undefined {
  for (const step of allSteps(playbook)) {
    const query = step.queries.find(q => q.id === id);
    if (query) return { step, query };
  }
  return undefined;
}
