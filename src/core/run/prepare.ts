// From a playbook block and the incident's parameter values to an engine request. Shared by the step panel and
// `irp run`, so a block is validated and sent the same way wherever it runs.
import type { QueryRequest } from '../engine/types';
import type { Playbook, QueryBlock } from '../playbook/model';
import { validateParameter } from '../playbook/parameters';

/** The values a run uses: the incident's parameters, then overrides, with playbook defaults filling the gaps. */
export function effectiveParameters(playbook: Playbook, ...sources: Record<string, string>[]): Record<string, string> {
  const values: Record<string, string> = Object.assign({}, ...sources);
  for (const def of playbook.parameters) {
    if ((values[def.name] ?? '').trim() === '' && def.default !== undefined) values[def.name] = def.default;
  }
  return values;
}

/** Problems with the parameters a block uses, in plain words; empty when the block can run. */
export function blockParameterProblems(
  playbook: Playbook,
  block: QueryBlock,
  values: Record<string, string>,
): string[] {
  return block.parameters.flatMap(name => {
    const def = playbook.parameters.find(d => d.name === name);
    if (!def) return [`the query uses {{${name}}}, which the playbook does not declare`];
    const problem = validateParameter({ ...def, required: true }, values[name]);
    return problem ? [problem] : [];
  });
}

/** The request for a block, in the block's own dialect (the local engine reads lookups and Athena SQL as such). */
export function blockRequest(
  playbook: Playbook,
  block: QueryBlock,
  values: Record<string, string>,
  rowCap?: number,
): QueryRequest {
  return {
    engine: block.engine,
    queryId: block.id,
    text: block.text,
    parameters: values,
    definitions: playbook.parameters,
    rowCap,
  };
}
