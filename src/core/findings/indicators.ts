// Indicators (addresses, access keys, principals, accounts, resource ids) taken from a result row or a whole record:
// a CloudTrail event, a GuardDuty finding, a Config item, a flow-log row. Values are recognised by their own shape
// (an access key id, an ARN, an instance id look the same wherever they are), except addresses, accounts, domains
// and e-mail addresses, which count only under a key that says what they are: a 12-digit number is not always an
// account. Log data is attacker-controlled, so the walk is bounded in depth, nodes, text scanned and results.
import { INDICATOR_TYPES, type Indicator, type IndicatorType } from './model';
import { publicHostAddress } from './ipAddress';

const MAX_DEPTH = 24;
const MAX_NODES = 20_000;
/** Only the start of a long text is scanned (ids sit in short fields; a huge blob is not worth the time). */
const MAX_SCANNED = 8_192;
const MAX_INDICATORS = 100;
/** A cell longer than this is not parsed as JSON (a CloudTrail event is at most a few hundred KB). */
const MAX_JSON_CELL = 1_048_576;

const ACCESS_KEY = /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g;
const ARN = /\barn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:(?:\d{12})?:[^\s"',;|()<>{}[\]]+/g;
const PRINCIPAL_ARN =
  /^arn:aws[a-z-]*:(?:iam::\d{12}:(?:root$|user\/|role\/)|sts::\d{12}:(?:assumed-role|federated-user)\/)/;
const EC2_ID_SOURCE =
  '\\b(i|sg|vpc|subnet|eni|ami|vol|snap|sgr|igw|nat|rtb|acl|vpce|pcx|eipalloc|eipassoc|lt|tgw)-(?:[0-9a-f]{17}|[0-9a-f]{8})\\b';
const EC2_ID = new RegExp(EC2_ID_SOURCE, 'g');
const HAS_EC2_ID = new RegExp(EC2_ID_SOURCE);
const ACCOUNT = /^\d{12}$/;
const EMAIL = /^[^@\s]{1,64}@[^@\s]+\.[a-z]{2,}$/i;
const DOMAIN = /^(?=.{4,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}\.?$/i;
/** AWS's own service endpoints and principals (ec2.amazonaws.com) are not indicators of anyone. */
const AWS_SERVICE_NAME = /(?:^|\.)amazonaws\.com(?:\.cn)?\.?$|(?:^|\.)aws\.internal$/i;

function keyName(key: string): string {
  return key.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** The value must also parse as an address, so a key that only looks like one ("principalId") is harmless. */
const isAddressKey = (key: string) => /ip|addr/.test(keyName(key));

const isAccountKey = (key: string) => /^(?:.*accountid|account|ownerid|groupownerid|accountids?)$/.test(keyName(key));
const isDomainKey = (key: string) => /domain|hostname|dnsname/.test(keyName(key));
const isEmailKey = (key: string) => /email/.test(keyName(key));

class Collector {
  readonly found = new Map<string, Indicator>();
  nodes = 0;

  add(type: IndicatorType, value: string): void {
    if (this.found.size >= MAX_INDICATORS) return;
    const key = `${type}\u0000${value}`;
    if (!this.found.has(key)) this.found.set(key, { type, value });
  }

  text(key: string, raw: string): void {
    const text = raw.length > MAX_SCANNED ? raw.slice(0, MAX_SCANNED) : raw;
    const trimmed = text.trim();
    if (isAddressKey(key)) {
      for (const part of trimmed.split(/[\s,]+/)) {
        const address = publicHostAddress(part);
        if (address) this.add('ip', address);
      }
    }
    if (isAccountKey(key) && ACCOUNT.test(trimmed)) this.add('account', trimmed);
    if (isEmailKey(key) && EMAIL.test(trimmed)) this.add('email', trimmed.toLowerCase());
    else if (isDomainKey(key) && DOMAIN.test(trimmed) && !AWS_SERVICE_NAME.test(trimmed))
      this.add('domain', trimmed.toLowerCase().replace(/\.$/, ''));
    for (const m of text.matchAll(ACCESS_KEY)) this.add('access-key', m[0]);
    for (const m of text.matchAll(ARN)) {
      const arn = m[0].replace(/[.:/]+$/, '');
      if (PRINCIPAL_ARN.test(arn)) {
        this.add('principal', arn);
        this.add('account', arn.split(':')[4]);
      } else if (!HAS_EC2_ID.test(arn)) {
        // An EC2 resource's ARN adds nothing to its id, which is what people search for.
        this.add('resource', arn);
      }
    }
    for (const m of text.matchAll(EC2_ID)) {
      const type: IndicatorType = m[1] === 'i' ? 'instance' : m[1] === 'sg' ? 'security-group' : 'resource';
      this.add(type, m[0]);
    }
  }

  walk(key: string, value: unknown, depth: number): void {
    if (++this.nodes > MAX_NODES || depth > MAX_DEPTH || this.found.size >= MAX_INDICATORS) return;
    if (typeof value === 'string') this.text(key, value);
    else if (typeof value === 'number' && isAccountKey(key)) this.text(key, String(value));
    else if (Array.isArray(value)) for (const item of value) this.walk(key, item, depth + 1);
    else if (value && typeof value === 'object')
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) this.walk(k, v, depth + 1);
  }

  sorted(): Indicator[] {
    const rank = (i: Indicator) => INDICATOR_TYPES.indexOf(i.type);
    return [...this.found.values()].sort((a, b) => rank(a) - rank(b));
  }
}

/** JSON held in a text cell (an event, a finding, request parameters), or undefined when the cell is plain text. */
export function parsedJsonCell(text: string): unknown {
  const t = text.trimStart();
  if ((!t.startsWith('{') && !t.startsWith('[')) || t.length > MAX_JSON_CELL) return undefined;
  try {
    return JSON.parse(t) as unknown;
  } catch {
    return undefined;
  }
}

/** Indicators in a whole record (a CloudTrail event, a GuardDuty finding, a Config item), in table order. */
export function indicatorsOfRecord(record: unknown): Indicator[] {
  const collector = new Collector();
  collector.walk('', record, 0);
  return collector.sorted();
}

/** Indicators in a result row; a cell holding JSON is read as the record it is, under its column's name. */
export function indicatorsOfRow(columns: readonly string[], values: readonly string[]): Indicator[] {
  const collector = new Collector();
  columns.forEach((column, i) => {
    const cell = values[i] ?? '';
    const json = parsedJsonCell(cell);
    collector.walk(column, json === undefined ? cell : json, 0);
  });
  return collector.sorted();
}
