// The worker's half of an offline `aws` block: each row the SQL found is put back into the SDK's output shape, checked
// against what SQL does not filter (GuardDuty criteria, EC2 filters), and turned into cells by the live projection.
import { cell, type Item, PROJECTIONS } from '../aws/api/projections';
import type { Column, ResultPage, Row } from '../engine/types';
import { EC2_FROM_CONFIG, type OfflineAwsRequest } from './awsOffline';
import { inPages } from './pages';
import { sdkShape, valueAt } from './sdkShape';

/** The columns of a block's rows, those of the live engine: `region`, then the projection's. */
function awsColumns(req: OfflineAwsRequest): Column[] {
  return [
    { name: 'region', type: 'varchar' },
    ...PROJECTIONS[`${req.service}:${req.operation}`].columns.map(([name]) => ({ name, type: 'varchar' })),
  ];
}

/** Every value at a dotted path, through lists (`Service.Action...` or `SecurityGroups.GroupId`). */
function valuesAt(value: unknown, path: string[]): unknown[] {
  if (Array.isArray(value)) return value.flatMap(v => valuesAt(v, path));
  if (!path.length) return value === undefined || value === null ? [] : [value];
  if (value === null || typeof value !== 'object') return [];
  return valuesAt((value as Item)[path[0]], path.slice(1));
}

/** A GuardDuty field name (`service.archived`) as a path in the SDK shape (`Service.Archived`). */
const pascalPath = (field: string) =>
  field
    .split('.')
    .map(k => k.charAt(0).toUpperCase() + k.slice(1))
    .join('.');

/** Times and numbers compare as numbers (GuardDuty's times as epoch milliseconds). */
function numberOf(v: unknown): number {
  if (typeof v === 'number') return v;
  const text = String(v);
  return /^\d{4}-\d{2}-\d{2}T/.test(text) ? Date.parse(text) : Number(text);
}

const TESTS: Readonly<Record<string, (value: unknown, wanted: unknown) => boolean>> = {
  Equals: (v, w) => (w as unknown[]).map(String).includes(String(v)),
  NotEquals: (v, w) => !(w as unknown[]).map(String).includes(String(v)),
  GreaterThan: (v, w) => numberOf(v) > numberOf(w),
  GreaterThanOrEqual: (v, w) => numberOf(v) >= numberOf(w),
  LessThan: (v, w) => numberOf(v) < numberOf(w),
  LessThanOrEqual: (v, w) => numberOf(v) <= numberOf(w),
};
const ALIASES: Readonly<Record<string, string>> = {
  Eq: 'Equals',
  Neq: 'NotEquals',
  Gt: 'GreaterThan',
  Gte: 'GreaterThanOrEqual',
  Lt: 'LessThan',
  Lte: 'LessThanOrEqual',
};

/** GuardDuty's FindingCriteria: every field's every condition holds (a list field: for one of its values). */
function matchesCriteria(finding: Item, input: Item): boolean {
  if (Array.isArray(input.FindingIds) && !input.FindingIds.includes(finding.Id)) return false;
  const criterion = (valueAt(input, 'FindingCriteria.Criterion') ?? {}) as Record<string, Record<string, unknown>>;
  return Object.entries(criterion).every(([field, conditions]) => {
    const values = valuesAt(finding, pascalPath(field).split('.'));
    return Object.entries(conditions).every(([op, wanted]) => {
      const test = TESTS[ALIASES[op] ?? op];
      return op === 'NotEquals' || op === 'Neq'
        ? values.every(v => test(v, wanted))
        : values.some(v => test(v, wanted));
    });
  });
}

/** The values an EC2 filter looks at in one resource (SDK shape). */
function filterValues(name: string, resource: Item): unknown[] {
  if (name.startsWith('tag:')) {
    return valuesAt(resource, ['Tags'])
      .filter(t => (t as Item).Key === name.slice(4))
      .map(t => (t as Item).Value);
  }
  const paths: Record<string, string[]> = {
    'vpc-id': ['VpcId'],
    'group-id': ['GroupId', 'SecurityGroups.GroupId'],
    'group-name': ['GroupName', 'SecurityGroups.GroupName'],
    'instance-id': ['InstanceId', 'Attachments.InstanceId'],
    'instance-state-name': ['State.Name'],
    'ip-permission.cidr': ['IpPermissions.IpRanges.CidrIp'],
    'route-table-id': ['RouteTableId'],
    'internet-gateway-id': ['InternetGatewayId'],
    'volume-id': ['VolumeId'],
    'network-acl-id': ['NetworkAclId'],
  };
  return (paths[name] ?? []).flatMap(p => valuesAt(resource, p.split('.')));
}

function matchesFilters(resource: Item, input: Item, idsKey: string, idField: string): boolean {
  if (Array.isArray(input[idsKey]) && !(input[idsKey] as unknown[]).includes(resource[idField])) return false;
  const filters = (input.Filters ?? []) as Array<{ Name: string; Values: unknown[] }>;
  return filters.every(f => filterValues(f.Name, resource).some(v => f.Values.map(String).includes(String(v))));
}

/** Config records a group's CIDRs as text (`ipRanges`) beside `ipv4Ranges`; the API gives `IpRanges` of objects. */
function securityGroupFromConfig(group: Item): Item {
  const perms = (key: string) =>
    ((group[key] as Item[] | undefined) ?? []).map(perm => {
      const { Ipv4Ranges, IpRanges, Ipv6Ranges, ...rest } = perm;
      const asObjects = (list: unknown, field: string) =>
        ((list as unknown[] | undefined) ?? []).map(r => (typeof r === 'string' ? { [field]: r } : r));
      return {
        ...rest,
        IpRanges: asObjects(Ipv4Ranges ?? IpRanges, 'CidrIp'),
        Ipv6Ranges: asObjects(Ipv6Ranges, 'CidrIpv6'),
      };
    });
  return { ...group, IpPermissions: perms('IpPermissions'), IpPermissionsEgress: perms('IpPermissionsEgress') };
}

/** One found row → the SDK output it stands for (and the input the projection reads), or undefined when filtered out. */
function toOutput(req: OfflineAwsRequest, text: string): { out: Item; input: Item; finding?: Item } | undefined {
  const parsed = JSON.parse(text) as Item;
  if (req.service === 'guardduty') {
    const finding = sdkShape(parsed) as Item;
    if (!matchesCriteria(finding, req.input)) return undefined;
    const input = { DetectorId: req.input.DetectorId ?? valueAt(finding, 'Service.DetectorId') };
    const out = req.operation === 'ListFindings' ? { FindingIds: [finding.Id] } : { Findings: [finding] };
    return { out, input, finding };
  }
  if (req.service === 'config') return { out: { configurationItems: [parsed] }, input: req.input };
  const { idsKey, idField, outputKey } = EC2_FROM_CONFIG[req.operation];
  let resource = sdkShape(JSON.parse(String(parsed.configuration ?? '{}'))) as Item;
  if (req.operation === 'DescribeSecurityGroups') resource = securityGroupFromConfig(resource);
  if (!matchesFilters(resource, req.input, idsKey, idField)) return undefined;
  const items =
    req.operation === 'DescribeInstances' ? [{ OwnerId: parsed.accountId, Instances: [resource] }] : [resource];
  return { out: { [outputKey]: items }, input: req.input };
}

async function* rowsOf(raw: AsyncIterable<ResultPage>, req: OfflineAwsRequest): AsyncGenerator<Row[]> {
  const projection = PROJECTIONS[`${req.service}:${req.operation}`];
  const sort = req.input.SortCriteria as { AttributeName: string; OrderBy?: string } | undefined;
  const held: Array<{ key: unknown; row: Row }> = [];
  for await (const { rows } of raw) {
    const out: Row[] = [];
    for (const [region, text] of rows) {
      const found = toOutput(req, String(text));
      if (!found) continue;
      for (const item of projection.items(found.out)) {
        const row = [region, ...projection.columns.map(([, get]) => cell(get(item, found.input)))];
        if (sort) held.push({ key: valueAt(found.finding, pascalPath(sort.AttributeName)), row });
        else out.push(row);
      }
    }
    yield out;
  }
  if (!sort) return;
  const sign = sort.OrderBy === 'DESC' ? -1 : 1;
  yield held
    .sort((a, b) => sign * (numberOf(a.key) - numberOf(b.key) || String(a.key).localeCompare(String(b.key))))
    .map(h => h.row);
}

/** The rows of an offline `aws` block, in pages, with the live engine's columns. */
export function awsPages(
  raw: AsyncIterable<ResultPage>,
  req: OfflineAwsRequest,
  pageSize: number,
): AsyncGenerator<ResultPage> {
  return inPages(rowsOf(raw, req), awsColumns(req), pageSize);
}
