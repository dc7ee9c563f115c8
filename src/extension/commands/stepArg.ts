// Step commands are invoked from a tree item (its node), from a link or the test API ({ stepId }), or with a plain id.
import type { IncidentNode, StepRef } from '../tree/incidentTree';

export type StepArgument = IncidentNode | StepRef | string | undefined;

export function stepIdOf(arg: StepArgument): string | undefined {
  if (typeof arg === 'string') return arg;
  if (!arg) return undefined;
  if ('stepId' in arg) return arg.stepId;
  return arg.kind === 'step' ? arg.step.id : undefined;
}
