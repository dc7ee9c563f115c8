// Security Hub's control status (restJson1): the standards on offer and those enabled, each enabled standard's
// controls, the security controls across standards and their associations. Lists page with NextToken and MaxResults
// of at most 100; BatchGetSecurityControls takes at most 100 ids and names the ones it does not know.
import { AwsError } from './errors';
import type { ListOperation } from './jsonServices';
import type { WireItem } from './types';

const MAX = 100;

/** `arn:...:subscription/<standard path>` holds the controls whose ARN is `arn:...:control/<standard path>/<id>`. */
function ofSubscription(control: WireItem, input: Record<string, unknown>): boolean {
  const subscription = String(input.StandardsSubscriptionArn ?? '');
  const standardPath = subscription.split(':subscription/')[1];
  return standardPath !== undefined && String(control.StandardsControlArn ?? '').includes(`:control/${standardPath}/`);
}

export const SECURITY_HUB_LISTS: Record<string, ListOperation> = {
  'securityhub:DescribeStandards': {
    items: 'securityhub:Standards',
    out: 'Standards',
    tokenIn: 'NextToken',
    tokenOut: 'NextToken',
    limit: ['MaxResults', MAX],
  },
  'securityhub:GetEnabledStandards': {
    items: 'securityhub:StandardsSubscriptions',
    out: 'StandardsSubscriptions',
    tokenIn: 'NextToken',
    tokenOut: 'NextToken',
    limit: ['MaxResults', MAX],
  },
  'securityhub:DescribeStandardsControls': {
    items: 'securityhub:Controls',
    out: 'Controls',
    tokenIn: 'NextToken',
    tokenOut: 'NextToken',
    limit: ['MaxResults', MAX],
    keep: ofSubscription,
  },
  'securityhub:ListSecurityControlDefinitions': {
    items: 'securityhub:SecurityControlDefinitions',
    out: 'SecurityControlDefinitions',
    tokenIn: 'NextToken',
    tokenOut: 'NextToken',
    limit: ['MaxResults', MAX],
  },
  'securityhub:ListStandardsControlAssociations': {
    items: 'securityhub:StandardsControlAssociationSummaries',
    out: 'StandardsControlAssociationSummaries',
    tokenIn: 'NextToken',
    tokenOut: 'NextToken',
    limit: ['MaxResults', MAX],
    match: ['SecurityControlId', 'SecurityControlId'],
  },
};

/** BatchGetSecurityControls over the seeded `securityhub:SecurityControls`. */
export function batchGetSecurityControls(controls: WireItem[], input: Record<string, unknown>): WireItem {
  const ids = input.SecurityControlIds;
  if (!Array.isArray(ids) || ids.length === 0 || ids.length > MAX) {
    throw new AwsError('InvalidInputException', `SecurityControlIds must list 1 to ${MAX} control ids.`);
  }
  const found = ids.map(id => controls.find(c => c.SecurityControlId === id));
  return {
    SecurityControls: found.filter((c): c is WireItem => c !== undefined),
    UnprocessedIds: ids
      .filter((_, i) => !found[i])
      .map(id => ({
        SecurityControlId: id,
        ErrorCode: 'NOT_FOUND',
        ErrorReason: `No security control ${String(id)}.`,
      })),
  };
}
