// What a finding pinned from a result row starts as: a summary line, the event time, a kind, the indicators and the
// id of the event in the evidence. All of it is a suggestion the person edits. The text is log data: it is kept as
// it is here and escaped wherever it is shown (report, tree, terminal).
import { meaningfulColumns, normalisedColumnName } from '../results/columnOrder';
import { cloudTrailSummary } from './cloudTrailSummary';
import { indicatorsOfRecord, indicatorsOfRow, parsedJsonCell } from './indicators';
import type { FindingKind, Indicator } from './model';
import { isoTime, obj, recordId, recordShape, recordTime, str, type Json, type RecordShape } from './recordShapes';

export interface FindingPrefill {
  summary: string;
  kind: FindingKind;
  eventTime?: string;
  /** The event's own id (CloudTrail eventID, GuardDuty finding id), when the row holds one. */
  eventId?: string;
  indicators: Indicator[];
}

/** Longest prefilled summary; the person can write more. */
const MAX_SUMMARY = 300;

const READ_CALL = /^(?:Describe|List|Get|Head|Lookup|BatchGet|Search|Select|Scan|Query)/;

function cut(text: string): string {
  const chars = Array.from(text.replace(/\s+/g, ' ').trim());
  return chars.length > MAX_SUMMARY ? chars.slice(0, MAX_SUMMARY - 1).join('') + '…' : chars.join('');
}

function guardDutySummary(f: Json): string {
  const service = obj(f.service);
  const action = obj(service?.action);
  const remote = [action?.networkConnectionAction, action?.awsApiCallAction, action?.portProbeAction]
    .map(a => str(obj(obj(a)?.remoteIpDetails)?.ipAddressV4))
    .find(Boolean);
  const resource = obj(f.resource);
  const target = str(obj(resource?.instanceDetails)?.instanceId) ?? str(obj(resource?.accessKeyDetails)?.accessKeyId);
  return [
    str(f.type) ?? 'GuardDuty finding',
    f.severity !== undefined && `(severity ${String(f.severity)})`,
    target && `on ${target}`,
    remote && `from ${remote}`,
  ]
    .filter(Boolean)
    .join(' ');
}

function configSummary(item: Json): string {
  return [str(item.resourceType) ?? 'resource', str(item.resourceId), str(item.configurationItemStatus)?.toLowerCase()]
    .filter(Boolean)
    .join(' ');
}

function shapeSummary(shape: RecordShape): string {
  if (shape.kind === 'cloudtrail') return cloudTrailSummary(shape.event);
  return shape.kind === 'guardduty' ? guardDutySummary(shape.finding) : configSummary(shape.item);
}

function shapeKind(shape: RecordShape): FindingKind {
  if (shape.kind === 'guardduty') return 'indicator';
  if (shape.kind === 'config') return 'observation';
  const e = shape.event;
  const write = e.readOnly === false || (e.readOnly === undefined && !READ_CALL.test(str(e.eventName) ?? ''));
  return write && !str(e.errorCode) ? 'attacker-action' : 'observation';
}

/** A prefill from a whole record (CloudTrail event, GuardDuty finding, Config item). */
export function prefillFromRecord(record: unknown): FindingPrefill | undefined {
  const shape = recordShape(record);
  if (!shape) return undefined;
  return {
    summary: cut(shapeSummary(shape)),
    kind: shapeKind(shape),
    eventTime: recordTime(shape),
    eventId: recordId(shape),
    indicators: indicatorsOfRecord(record),
  };
}

type Cells = Map<string, string>;

/** A CloudTrail event rebuilt from the columns of an Athena or local query (lower-case names, JSON in text cells). */
function eventFromColumns(c: Cells): Json | undefined {
  const name = c.get('eventname');
  if (!name) return undefined;
  const arn = c.get('userarn') ?? c.get('useridentityarn') ?? c.get('principal');
  const identity = obj(parsedJsonCell(c.get('useridentity') ?? '')) ?? {
    // Without the identity's type, the ARN tells a root call or an assumed role's session from a user.
    type: /:root$/.test(arn ?? '') ? 'Root' : /:assumed-role\//.test(arn ?? '') ? 'AssumedRole' : undefined,
    arn,
    accountId: arn?.split(':')[4],
    userName: c.get('username') ?? c.get('useridentityusername'),
    accessKeyId: c.get('accesskeyid') ?? c.get('useridentityaccesskeyid'),
  };
  return {
    eventName: name,
    eventTime: c.get('eventtime'),
    eventID: c.get('eventid'),
    userIdentity: identity,
    sourceIPAddress: c.get('sourceipaddress'),
    recipientAccountId: c.get('recipientaccountid'),
    requestParameters: parsedJsonCell(c.get('requestparameters') ?? ''),
    errorCode: c.get('errorcode'),
    readOnly: c.get('readonly') === undefined ? undefined : c.get('readonly') === 'true',
  };
}

const PROTOCOLS: Record<string, string> = { '1': 'icmp', '6': 'tcp', '17': 'udp', '58': 'icmpv6' };

function flowSummary(c: Cells): string {
  const endpoint = (addr: string, port?: string) => (port && port !== '0' ? `${addr}:${port}` : addr);
  const protocol = c.get('protocol') ?? '';
  return [
    c.get('action') ?? 'flow',
    PROTOCOLS[protocol] ?? (protocol ? `protocol ${protocol}` : undefined),
    `${endpoint(c.get('srcaddr') ?? '?', c.get('srcport'))} → ${endpoint(c.get('dstaddr') ?? '?', c.get('dstport'))}`,
    c.get('packets') && `(${c.get('packets')} packets, ${c.get('bytes') ?? '?'} bytes)`,
  ]
    .filter(Boolean)
    .join(' ');
}

function guardDutyRowSummary(c: Cells): string {
  const target = c.get('instanceid') ?? c.get('accesskeyid');
  return [
    c.get('type'),
    c.get('severity') && `(severity ${c.get('severity')})`,
    target && `on ${target}`,
    c.get('remoteip') && `from ${c.get('remoteip')}`,
  ]
    .filter(Boolean)
    .join(' ');
}

/** The row's first few meaningful cells as "column value" pairs: a start for rows of no known shape. */
function genericSummary(columns: readonly string[], values: readonly string[]): string {
  return meaningfulColumns(columns, 4)
    .filter(i => (values[i] ?? '') !== '')
    .map(i => `${columns[i]} ${values[i]}`)
    .join(', ');
}

function rowTime(c: Cells): string | undefined {
  for (const name of ['eventtime', 'time', 'timestamp', 'start', 'createdat', 'updatedat', 'capturetime']) {
    const t = isoTime(c.get(name));
    if (t) return t;
  }
  return undefined;
}

/** A prefill from a result row: from the whole record when a cell holds one, else from the columns it has. */
export function prefillFromRow(columns: readonly string[], values: readonly string[]): FindingPrefill {
  const indicators = indicatorsOfRow(columns, values);
  for (const value of values) {
    const fromRecord = prefillFromRecord(parsedJsonCell(value));
    if (fromRecord) return { ...fromRecord, indicators };
  }
  const cells: Cells = new Map();
  columns.forEach((name, i) => {
    const key = normalisedColumnName(name);
    if (values[i] && !cells.has(key)) cells.set(key, values[i]);
  });
  const event = eventFromColumns(cells);
  const base = { eventTime: rowTime(cells), indicators };
  if (event) {
    const shape: RecordShape = { kind: 'cloudtrail', event };
    return { ...base, summary: cut(cloudTrailSummary(event)), kind: shapeKind(shape), eventId: cells.get('eventid') };
  }
  if (cells.has('srcaddr') && cells.has('dstaddr'))
    return { ...base, summary: cut(flowSummary(cells)), kind: 'observation' };
  if (cells.has('type') && (cells.has('remoteip') || cells.has('severity')))
    return { ...base, summary: cut(guardDutyRowSummary(cells)), kind: 'indicator', eventId: cells.get('id') };
  return { ...base, summary: cut(genericSummary(columns, values)), kind: 'observation' };
}
