// The JSON inventory services: GuardDuty (restJson1, camelCase on the wire), Lambda and Security Hub (restJson1),
// Config and EventBridge (awsJson1_1), CloudWatch (awsJson1_0). Seeded lists answered page by page with each
// service's own token and page-size names and limits.
import { AwsError } from './errors';
import { batchGetSecurityControls, SECURITY_HUB_LISTS } from './securityHub';
import type { ServiceName, WireItem } from './types';

export interface ListOperation {
  /** `service:ListKey` of the seeded items. */
  items: string;
  /** Output key of the list. */
  out: string;
  /** Input and output names of the page token, and of the page size with its largest value. */
  tokenIn: string;
  tokenOut: string;
  limit?: [name: string, max: number];
  /** Keep items whose field equals the input's value (ListTargetsByRule's Rule, Config's resourceId...). */
  match?: [inputKey: string, itemField: string];
  /** Keep only the items this says belong to the input (Security Hub's controls of one subscription). */
  keep?: (item: WireItem, input: Record<string, unknown>) => boolean;
}

const LISTS: Record<string, ListOperation> = {
  'config:DescribeConfigRules': {
    items: 'config:ConfigRules',
    out: 'ConfigRules',
    tokenIn: 'NextToken',
    tokenOut: 'NextToken',
  },
  'config:GetResourceConfigHistory': {
    items: 'config:configurationItems',
    out: 'configurationItems',
    tokenIn: 'nextToken',
    tokenOut: 'nextToken',
    limit: ['limit', 100],
    match: ['resourceId', 'resourceId'],
  },
  'config:GetComplianceDetailsByConfigRule': {
    items: 'config:EvaluationResults',
    out: 'EvaluationResults',
    tokenIn: 'NextToken',
    tokenOut: 'NextToken',
    limit: ['Limit', 100],
  },
  'monitoring:DescribeAlarms': {
    items: 'monitoring:MetricAlarms',
    out: 'MetricAlarms',
    tokenIn: 'NextToken',
    tokenOut: 'NextToken',
    limit: ['MaxRecords', 100],
  },
  'monitoring:DescribeAlarmHistory': {
    items: 'monitoring:AlarmHistoryItems',
    out: 'AlarmHistoryItems',
    tokenIn: 'NextToken',
    tokenOut: 'NextToken',
    limit: ['MaxRecords', 100],
    match: ['AlarmName', 'AlarmName'],
  },
  'monitoring:GetMetricData': {
    items: 'monitoring:MetricDataResults',
    out: 'MetricDataResults',
    tokenIn: 'NextToken',
    tokenOut: 'NextToken',
  },
  'events:ListRules': {
    items: 'events:Rules',
    out: 'Rules',
    tokenIn: 'NextToken',
    tokenOut: 'NextToken',
    limit: ['Limit', 100],
  },
  'events:ListTargetsByRule': {
    items: 'events:Targets',
    out: 'Targets',
    tokenIn: 'NextToken',
    tokenOut: 'NextToken',
    limit: ['Limit', 100],
    match: ['Rule', 'Rule'],
  },
  'securityhub:GetFindings': {
    items: 'securityhub:Findings',
    out: 'Findings',
    tokenIn: 'NextToken',
    tokenOut: 'NextToken',
    limit: ['MaxResults', 100],
  },
  'lambda:ListFunctions': {
    items: 'lambda:Functions',
    out: 'Functions',
    tokenIn: 'Marker',
    tokenOut: 'NextMarker',
    limit: ['MaxItems', 50],
  },
  'lambda:ListLayers': {
    items: 'lambda:Layers',
    out: 'Layers',
    tokenIn: 'Marker',
    tokenOut: 'NextMarker',
    limit: ['MaxItems', 50],
  },
  ...SECURITY_HUB_LISTS,
};

/** GuardDuty ListFindings: maxResults 1..50; GetFindings: at most 50 ids (GuardDuty API reference). */
const GUARDDUTY_MAX = 50;

export class JsonServices {
  /** Per region: seeded items by `service:ListKey`; GuardDuty detectors and findings. */
  private readonly lists = new Map<string, WireItem[]>();
  private readonly detectors = new Map<string, { detectorId: string; findings: WireItem[] }>();

  seed(region: string, lists: Record<string, WireItem[]>): void {
    for (const [key, items] of Object.entries(lists)) {
      const k = `${region}/${key}`;
      this.lists.set(k, [...(this.lists.get(k) ?? []), ...structuredClone(items)]);
    }
  }

  seedGuardDuty(region: string, detector: { detectorId: string; findings: WireItem[] }): void {
    this.detectors.set(region, structuredClone(detector));
  }

  /** An awsJson call, or a restJson call already mapped to its operation and input. */
  handle(service: ServiceName, action: string, input: Record<string, unknown>, region: string): unknown {
    if (service === 'guardduty') return this.guardDuty(action, input, region);
    if (service === 'events' && action === 'DescribeRule') {
      const rule = (this.lists.get(`${region}/events:Rules`) ?? []).find(r => r.Name === input.Name);
      if (!rule) throw new AwsError('ResourceNotFoundException', `Rule ${String(input.Name)} does not exist.`);
      return rule;
    }
    if (service === 'securityhub' && action === 'BatchGetSecurityControls')
      return batchGetSecurityControls(this.lists.get(`${region}/securityhub:SecurityControls`) ?? [], input);
    const op = LISTS[`${service}:${action}`];
    if (!op) throw new AwsError('UnknownOperationException', `Unknown operation '${action}'.`);
    let items = this.lists.get(`${region}/${op.items}`) ?? [];
    if (op.match && input[op.match[0]] !== undefined)
      items = items.filter(i => i[op.match![1]] === input[op.match![0]]);
    if (op.keep) items = items.filter(i => op.keep!(i, input));
    const limit = op.limit && input[op.limit[0]] !== undefined ? Number(input[op.limit[0]]) : op.limit?.[1];
    if (op.limit && (limit === undefined || !Number.isInteger(limit) || limit < 1 || limit > op.limit[1])) {
      throw new AwsError(
        service === 'lambda' ? 'InvalidParameterValueException' : 'ValidationException',
        `${op.limit[0]} must be between 1 and ${op.limit[1]}.`,
      );
    }
    return pageOf(items, op.out, input[op.tokenIn], op.tokenOut, limit ?? items.length);
  }

  private guardDuty(action: string, input: Record<string, unknown>, region: string): unknown {
    const detector = this.detectors.get(region);
    if (action === 'ListDetectors') {
      return pageOf(detector ? [detector.detectorId] : [], 'detectorIds', input.nextToken, 'nextToken', GUARDDUTY_MAX);
    }
    if (!detector || detector.detectorId !== input.DetectorId) {
      throw new AwsError(
        'BadRequestException',
        'The request is rejected because the input detectorId is not owned by the current account.',
      );
    }
    if (action === 'GetDetector')
      return { status: 'ENABLED', findingPublishingFrequency: 'SIX_HOURS', serviceRole: '' };
    if (action === 'ListFindings') {
      const max = input.maxResults === undefined ? GUARDDUTY_MAX : Number(input.maxResults);
      if (!Number.isInteger(max) || max < 1 || max > GUARDDUTY_MAX) {
        throw new AwsError('BadRequestException', 'The request is rejected because the maxResults is out of range.');
      }
      const criterion = ((input.findingCriteria as WireItem | undefined)?.criterion ?? {}) as Record<string, WireItem>;
      const ids = detector.findings.filter(f => matchesCriterion(f, criterion)).map(f => f.id);
      return pageOf(ids, 'findingIds', input.nextToken, 'nextToken', max);
    }
    if (action === 'GetFindings') {
      const ids = (input.findingIds as string[] | undefined) ?? [];
      if (ids.length > GUARDDUTY_MAX) {
        throw new AwsError(
          'BadRequestException',
          `The request is rejected because findingIds has more than ${GUARDDUTY_MAX} items.`,
        );
      }
      return { findings: detector.findings.filter(f => ids.includes(String(f.id))) };
    }
    throw new AwsError('BadRequestException', `Unknown operation '${action}'.`);
  }
}

function pageOf(items: unknown[], out: string, token: unknown, tokenOut: string, size: number): WireItem {
  const start = token === undefined ? 0 : Number(Buffer.from(String(token), 'base64url').toString());
  if (!Number.isInteger(start) || start < 0 || start > items.length) {
    throw new AwsError('InvalidNextTokenException', 'The pagination token is invalid.');
  }
  const end = start + size;
  return {
    [out]: items.slice(start, end),
    ...(end < items.length ? { [tokenOut]: Buffer.from(String(end)).toString('base64url') } : {}),
  };
}

/** GuardDuty finding criteria: each key a dotted camelCase path, each condition eq/neq or a numeric comparison. */
function matchesCriterion(finding: WireItem, criterion: Record<string, WireItem>): boolean {
  return Object.entries(criterion).every(([path, condition]) => {
    const value = path
      .split('.')
      .reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as WireItem)[k] : undefined), finding);
    const asNumber = typeof value === 'string' && !isNaN(Date.parse(value)) ? Date.parse(value) : Number(value);
    return Object.entries(condition).every(([op, arg]) => {
      switch (op) {
        case 'eq':
        case 'equals':
          return (arg as unknown[]).map(String).includes(String(value));
        case 'neq':
        case 'notEquals':
          return !(arg as unknown[]).map(String).includes(String(value));
        case 'gt':
        case 'greaterThan':
          return asNumber > Number(arg);
        case 'gte':
        case 'greaterThanOrEqual':
          return asNumber >= Number(arg);
        case 'lt':
        case 'lessThan':
          return asNumber < Number(arg);
        case 'lte':
        case 'lessThanOrEqual':
          return asNumber <= Number(arg);
        default:
          throw new AwsError('BadRequestException', `Unknown condition '${op}'.`);
      }
    });
  });
}
