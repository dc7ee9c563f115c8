// CloudTrail LookupEvents over seeded S3-style records, with the documented limits and the 2 calls/s throttle.
import { createHash, randomUUID } from 'node:crypto';
import type { Caller } from './auth';
import { AwsError, sharedError } from './errors';
import type { TokenBuckets } from './tokenBucket';
import type { SeedEvent } from './types';

const ATTRIBUTE_KEYS = [
  'EventId',
  'EventName',
  'ReadOnly',
  'Username',
  'ResourceType',
  'ResourceName',
  'EventSource',
  'AccessKeyId',
] as const;
type AttributeKey = (typeof ATTRIBUTE_KEYS)[number];

interface LookupResource {
  ResourceType: string;
  ResourceName: string;
}

interface StoredEvent {
  timeMs: number;
  /** Insertion order, to keep a stable order among events of the same second. */
  seq: number;
  fields: Record<Exclude<AttributeKey, 'ResourceType' | 'ResourceName'>, string | undefined>;
  resources: LookupResource[];
  /** The Event object as LookupEvents returns it (CloudTrailEvent already serialised). */
  wire: Record<string, unknown>;
}

interface Cursor {
  binding: string;
  timeMs: number;
  seq: number;
}

// Identifier members of requestParameters/responseElements that CloudTrail reports as event resources.
const RESOURCE_ID_TYPES = new Map(
  Object.entries({
    groupId: 'AWS::EC2::SecurityGroup',
    instanceId: 'AWS::EC2::Instance',
    vpcId: 'AWS::EC2::VPC',
    subnetId: 'AWS::EC2::Subnet',
    internetGatewayId: 'AWS::EC2::InternetGateway',
    routeTableId: 'AWS::EC2::RouteTable',
    networkAclId: 'AWS::EC2::NetworkAcl',
    vpcPeeringConnectionId: 'AWS::EC2::VPCPeeringConnection',
    natGatewayId: 'AWS::EC2::NatGateway',
    networkInterfaceId: 'AWS::EC2::NetworkInterface',
    transitGatewayId: 'AWS::EC2::TransitGateway',
    flowLogId: 'AWS::EC2::FlowLog',
    userName: 'AWS::IAM::User',
    roleName: 'AWS::IAM::Role',
    policyArn: 'AWS::IAM::Policy',
    bucketName: 'AWS::S3::Bucket',
  }),
);
const READ_ONLY_NAME = /^(Get|Describe|List|Lookup|Head|BatchGet|Search)/;
const DAY_MS = 24 * 3600 * 1000;

export class CloudTrailService {
  private readonly eventsByRegion = new Map<string, StoredEvent[]>();
  private seq = 0;

  constructor(
    private readonly buckets: TokenBuckets,
    private readonly retentionDays: number,
  ) {}

  seed(region: string, records: SeedEvent[]): void {
    const list = this.eventsByRegion.get(region) ?? [];
    records.forEach((record, i) => list.push(this.store(record, `seedEvents('${region}') record ${i}`)));
    list.sort((a, b) => b.timeMs - a.timeMs || a.seq - b.seq);
    this.eventsByRegion.set(region, list);
  }

  handle(action: string, input: Record<string, unknown>, caller: Caller, now: number): unknown {
    if (action !== 'LookupEvents')
      throw new AwsError('UnsupportedOperationException', `The emulator does not implement CloudTrail ${action}.`);
    if (!this.buckets.tryTake(`${caller.credentials.account}/${caller.region}`, now)) {
      throw sharedError('throttle', 'cloudtrail', 'Rate exceeded');
    }
    return this.lookup(input, caller, now);
  }

  private lookup(input: Record<string, unknown>, caller: Caller, now: number): unknown {
    const filter = readAttribute(input.LookupAttributes);
    const maxResults = readMaxResults(input.MaxResults);
    const start = readTime(input.StartTime, 'StartTime');
    const end = readTime(input.EndTime, 'EndTime');
    if (start !== undefined && end !== undefined && start > end) {
      throw new AwsError('InvalidTimeRangeException', 'Start time must be earlier than end time.');
    }
    if (input.EventCategory !== undefined && input.EventCategory !== 'insight') {
      throw new AwsError(
        'InvalidEventCategoryException',
        `EventCategory must be 'insight' (got ${JSON.stringify(input.EventCategory)}).`,
      );
    }
    const binding = hashOf([
      caller.credentials.account,
      caller.region,
      filter,
      start,
      end,
      input.EventCategory ?? null,
    ]);
    const cursor = input.NextToken === undefined ? undefined : readCursor(input.NextToken, binding);
    // Insights events are never seeded: an insight lookup finds nothing, as in an account without Insights.
    if (input.EventCategory === 'insight') return { Events: [] };

    const oldest = Math.max(
      start ?? -Infinity,
      this.retentionDays === Infinity ? -Infinity : now - this.retentionDays * DAY_MS,
    );
    const page: StoredEvent[] = [];
    let more = false;
    const events = this.eventsByRegion.get(caller.region) ?? [];
    // Events are sorted newest first, so where the page may begin is found by bisection.
    const from = Math.max(
      end === undefined ? 0 : firstIndex(events, ev => ev.timeMs <= end),
      cursor === undefined ? 0 : firstIndex(events, ev => isAfter(ev, cursor)),
    );
    for (let i = from; i < events.length; i++) {
      const ev = events[i];
      if (ev.timeMs < oldest) break;
      if (filter && !matches(ev, filter)) continue;
      if (page.length === maxResults) {
        more = true;
        break;
      }
      page.push(ev);
    }
    const last = page[page.length - 1];
    return {
      Events: page.map(e => e.wire),
      ...(more ? { NextToken: encodeCursor({ binding, timeMs: last.timeMs, seq: last.seq }) } : {}),
    };
  }

  private store(record: SeedEvent, where: string): StoredEvent {
    const timeMs = Date.parse(String(record.eventTime));
    if (Number.isNaN(timeMs) || typeof record.eventName !== 'string') {
      throw new Error(`${where}: a CloudTrail record needs an ISO 'eventTime' and an 'eventName'.`);
    }
    const identity = asObject(record.userIdentity);
    const fields = {
      EventId: typeof record.eventID === 'string' ? record.eventID : randomUUID(),
      EventName: record.eventName,
      ReadOnly: String(typeof record.readOnly === 'boolean' ? record.readOnly : READ_ONLY_NAME.test(record.eventName)),
      Username: usernameOf(identity),
      EventSource: typeof record.eventSource === 'string' ? record.eventSource : undefined,
      AccessKeyId: typeof identity.accessKeyId === 'string' ? identity.accessKeyId : undefined,
    };
    const resources = resourcesOf(record);
    const wire: Record<string, unknown> = {
      ...fields,
      EventTime: timeMs / 1000,
      CloudTrailEvent: JSON.stringify(record),
    };
    if (resources.length > 0) wire.Resources = resources;
    return { timeMs, seq: this.seq++, fields, resources, wire };
  }
}

function readAttribute(value: unknown): { key: AttributeKey; value: string } | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.length > 1) {
    throw new AwsError('InvalidLookupAttributesException', 'You can specify only one lookup attribute.');
  }
  if (value.length === 0) return undefined;
  const { AttributeKey: key, AttributeValue: v } = asObject(value[0]);
  if (!ATTRIBUTE_KEYS.includes(key as AttributeKey)) {
    throw new AwsError(
      'InvalidLookupAttributesException',
      `AttributeKey must be one of ${ATTRIBUTE_KEYS.join(', ')} (got ${JSON.stringify(key)}).`,
    );
  }
  if (typeof v !== 'string' || v.length === 0 || v.length > 2000) {
    throw new AwsError('InvalidLookupAttributesException', 'AttributeValue must be a string of 1 to 2000 characters.');
  }
  return { key: key as AttributeKey, value: v };
}

function readMaxResults(value: unknown): number {
  if (value === undefined) return 50;
  if (!Number.isInteger(value) || (value as number) < 1 || (value as number) > 50) {
    throw new AwsError(
      'InvalidMaxResultsException',
      `MaxResults must be between 1 and 50 (got ${JSON.stringify(value)}).`,
    );
  }
  return value as number;
}

function readTime(value: unknown, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new AwsError('InvalidTimeRangeException', `${name} must be a timestamp in epoch seconds.`);
  }
  return value * 1000;
}

function matches(ev: StoredEvent, filter: { key: AttributeKey; value: string }): boolean {
  if (filter.key === 'ResourceType') return ev.resources.some(r => r.ResourceType === filter.value);
  if (filter.key === 'ResourceName') return ev.resources.some(r => r.ResourceName === filter.value);
  return ev.fields[filter.key] === filter.value;
}

function isAfter(ev: StoredEvent, c: Cursor): boolean {
  return ev.timeMs < c.timeMs || (ev.timeMs === c.timeMs && ev.seq > c.seq);
}

/** First index where `pred` holds, for a predicate that is false then true along the list. */
function firstIndex<T>(list: T[], pred: (item: T) => boolean): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (pred(list[mid])) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify(c)).toString('base64url');
}

function readCursor(token: unknown, binding: string): Cursor {
  const invalid = new AwsError(
    'InvalidNextTokenException',
    'Invalid NextToken: it must come from a call with the same parameters.',
  );
  if (typeof token !== 'string') throw invalid;
  try {
    const c = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Cursor;
    if (c.binding !== binding || typeof c.timeMs !== 'number' || typeof c.seq !== 'number') throw invalid;
    return c;
  } catch {
    throw invalid;
  }
}

function hashOf(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 32);
}

// CloudTrail's "User name": the IAM user, the role session name, root, or the calling service.
function usernameOf(identity: Record<string, unknown>): string | undefined {
  if (typeof identity.userName === 'string') return identity.userName;
  const type = identity.type;
  if (type === 'Root') return 'root';
  if ((type === 'AssumedRole' || type === 'FederatedUser') && typeof identity.arn === 'string') {
    return identity.arn.slice(identity.arn.lastIndexOf('/') + 1);
  }
  if (type === 'AWSService' && typeof identity.invokedBy === 'string') return identity.invokedBy;
  return typeof identity.principalId === 'string' ? identity.principalId : undefined;
}

function resourcesOf(record: SeedEvent): LookupResource[] {
  const found = new Map<string, LookupResource>();
  const add = (type: string, name: string): void => {
    found.set(`${type}\n${name}`, { ResourceType: type, ResourceName: name });
  };
  if (Array.isArray(record.resources)) {
    for (const r of record.resources.map(asObject)) {
      if (typeof r.type === 'string' && typeof r.ARN === 'string') add(r.type, r.ARN);
    }
  }
  const visit = (value: unknown, depth: number): void => {
    if (depth > 6 || value === null || typeof value !== 'object') return;
    for (const [k, v] of Object.entries(value)) {
      const type = RESOURCE_ID_TYPES.get(k);
      if (type && typeof v === 'string') add(type, v);
      else visit(v, depth + 1);
    }
  };
  visit(record.requestParameters, 0);
  visit(record.responseElements, 0);
  return [...found.values()];
}

function asObject(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
