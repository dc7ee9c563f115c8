// Which calls leave the account unchanged. Tests use this to prove the product only reads unless the user confirms.
import { isReadOnlySql } from './sql';

const READ_ONLY_ACTION = /^(Get|List|Describe|Lookup|BatchGet)/;
// Issuing temporary credentials changes no resource in the account.
const READ_ONLY_EXTRA = new Set(['AssumeRole']);

/**
 * StartQueryExecution is read-only only for a query/SHOW/DESCRIBE/EXPLAIN text; anything unclassifiable counts as
 * mutating. An EC2 call with DryRun=true changes nothing (EC2 only checks it would be allowed).
 */
export function isReadOnlyCall(action: string, input: Record<string, unknown> | undefined): boolean {
  if (action === 'StartQueryExecution')
    return typeof input?.QueryString === 'string' && isReadOnlySql(input.QueryString);
  if (input?.DryRun === 'true') return true;
  return READ_ONLY_ACTION.test(action) || READ_ONLY_EXTRA.has(action);
}
