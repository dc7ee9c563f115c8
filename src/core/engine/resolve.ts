// Which engine runs a query block. On AWS, each block runs on the engine it names; on local data (tabletop
// exercises, downloaded logs) every block runs on the local engine, which also answers CloudTrail lookups.
import type { EngineId, QueryBlock, Step } from '../playbook/model';

export type DataMode = 'aws' | 'local';

/** Blocks that call the AWS API itself (inventory reads, containment actions): no local data answers them. */
const AWS_ONLY = new Set<EngineId>(['aws', 'action']);

/**
 * The blocks of a step that should be offered to the user in a mode: a `local` variant replaces its Athena block
 * locally, and blocks that need the AWS API are not offered on local data.
 */
export function blocksForMode(step: Step, mode: DataMode): QueryBlock[] {
  if (mode === 'local') {
    const replaced = new Set(step.queries.filter(q => q.engine === 'local' && q.variantOf).map(q => q.variantOf));
    return step.queries.filter(q => !replaced.has(q.id) && !AWS_ONLY.has(q.engine));
  }
  return step.queries.filter(q => !(q.engine === 'local' && q.variantOf));
}

/** The engine that runs a block in a mode. */
export function engineFor(block: QueryBlock, mode: DataMode): EngineId {
  return mode === 'local' ? 'local' : block.engine;
}
