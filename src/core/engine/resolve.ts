// Which engine runs a query block. On AWS, each block runs on the engine it names; on local data (tabletop
// exercises, downloaded logs) every block the local engine can answer runs there: SQL, CloudTrail lookups, and the
// `aws` reads that GuardDuty findings and Config items in the data answer (local/awsOffline.ts).
import { offlineProblem } from '../local/awsOffline';
import { parseAwsBlock } from '../playbook/awsBlockSpec';
import type { EngineId, QueryBlock, Step } from '../playbook/model';

export type DataMode = 'aws' | 'local';

/** Why a block is not offered on local data, or undefined when the local engine answers it. */
function localProblem(block: QueryBlock): string | undefined {
  if (block.engine === 'action') return 'a containment action changes AWS and never runs on local data';
  if (block.engine !== 'aws') return undefined;
  const { spec } = parseAwsBlock(block.text, 'read');
  return offlineProblem(spec.service, spec.operation);
}

/**
 * The blocks of a step that should be offered to the user in a mode: a `local` variant replaces its Athena block
 * locally, and blocks only the AWS API answers are not offered on local data (hiddenOnLocalData says why).
 */
export function blocksForMode(step: Step, mode: DataMode): QueryBlock[] {
  if (mode === 'local') {
    const replaced = new Set(step.queries.filter(q => q.engine === 'local' && q.variantOf).map(q => q.variantOf));
    return step.queries.filter(q => !replaced.has(q.id) && localProblem(q) === undefined);
  }
  return step.queries.filter(q => !(q.engine === 'local' && q.variantOf));
}

/** The blocks of a step not offered on local data, each with the reason. */
export function hiddenOnLocalData(step: Step): Array<{ block: QueryBlock; reason: string }> {
  return step.queries.flatMap(block => {
    const reason = localProblem(block);
    return reason ? [{ block, reason }] : [];
  });
}

/** The engine that runs a block in a mode. */
export function engineFor(block: QueryBlock, mode: DataMode): EngineId {
  return mode === 'local' ? 'local' : block.engine;
}
