// Sample values that published playbooks put in queries for the reader to replace: `'AKIAIOSFODNN7EXAMPLE'`,
// `'START_TIME'`, `'<ACCOUNT_ID>'`, `123456789012`, `'1.2.3.4'`. Left in place they make a query that runs and
// silently matches nothing. The parser warns about them; the importer turns them into typed parameters.

export type PlaceholderKind =
  'accessKeyId' | 'windowStart' | 'windowEnd' | 'time' | 'accountId' | 'ip' | 'instanceId' | 'securityGroupId' | 'text';

interface PlaceholderLiteral {
  /** Offset of the literal in the text, quotes included when it is quoted. */
  offset: number;
  length: number;
  literal: string;
  kind: PlaceholderKind;
  /** The parameter name the importer gives it (`access_key_id`, `window`, `user_name`...). */
  name: string;
  /** Part of a longer string (`'%AKIAIOSFODNN7EXAMPLE%'`): a bound parameter cannot stand in for it. */
  inString: boolean;
}

interface Rule {
  kind: PlaceholderKind;
  name: string | ((inner: string) => string);
  /** Matches the value without quotes. */
  value: RegExp;
  /** Whether the rule also applies to an unquoted value (a number, a key id). */
  bare?: boolean;
}

const DOC_IP = String.raw`(?:1\.2\.3\.4|x\.x\.x\.x|(?:192\.0\.2|198\.51\.100|203\.0\.113)\.\d{1,3})`;
const FAKE_HEX = String.raw`(?:0123456789abcdef0|1234567890abcdef0|x{8,17}|X{8,17}|abcd1234)`;

const RULES: Rule[] = [
  {
    kind: 'accessKeyId',
    name: 'access_key_id',
    value: /^(?:AKIA|ASIA)[A-Z0-9]{0,16}EXAMPLE$|^(?:AKIA|ASIA)(?:\.\.\.|X{16})$/,
    bare: true,
  },
  { kind: 'accessKeyId', name: 'access_key_id', value: /^<?(?:ACCESS_KEY_ID|ACCESS_KEY|AKID)>?$/i },
  {
    kind: 'windowStart',
    name: 'window',
    value: /^<?(?:START_TIME|START_DATE|STARTTIME|START_TIMESTAMP|BEGIN_TIME)>?$/i,
  },
  { kind: 'windowEnd', name: 'window', value: /^<?(?:END_TIME|END_DATE|ENDTIME|END_TIMESTAMP)>?$/i },
  { kind: 'time', name: 'time', value: /^<?(?:EVENT_TIME|INCIDENT_TIME|TIMESTAMP)>?$/i },
  { kind: 'accountId', name: 'account_id', value: /^(?:123456789012|111122223333|444455556666)$/, bare: true },
  { kind: 'accountId', name: 'account_id', value: /^<?(?:ACCOUNT_ID|ACCOUNT|AWS_ACCOUNT_ID|ACCOUNT_NUMBER)>?$/i },
  { kind: 'ip', name: 'ip', value: new RegExp(`^${DOC_IP}$`) },
  {
    kind: 'ip',
    name: 'ip',
    value: /^<?(?:IP|IP_ADDRESS|SOURCE_IP|SRC_IP|SUSPICIOUS_IP|ATTACKER_IP|MALICIOUS_IP|IP_ADDR)>?$/i,
  },
  { kind: 'instanceId', name: 'instance_id', value: new RegExp(`^i-${FAKE_HEX}$`), bare: true },
  { kind: 'instanceId', name: 'instance_id', value: /^<?(?:INSTANCE_ID|INSTANCE)>?$/i },
  { kind: 'securityGroupId', name: 'security_group_id', value: new RegExp(`^sg-${FAKE_HEX}$`), bare: true },
  { kind: 'securityGroupId', name: 'security_group_id', value: /^<?(?:SECURITY_GROUP_ID|SG_ID|GROUP_ID)>?$/i },
  // Any other <ANGLE_BRACKETED> or YOUR_/REPLACE_ value, or an upper-case name ending in a word such values use.
  {
    kind: 'text',
    name: inner => snake(inner),
    value: /^<[A-Za-z][\w .-]{0,40}>$|^(?:YOUR|REPLACE|INSERT)_[A-Z0-9_]+$/,
  },
  {
    kind: 'text',
    name: inner => snake(inner),
    value: /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*_(?:NAME|ID|ARN|KEY|BUCKET|USER|ROLE|REGION|DOMAIN|HOST|EMAIL|PRINCIPAL)$/,
  },
  {
    kind: 'text',
    name: inner => snake(inner),
    value: /^(?:USERNAME|USER_NAME|ROLENAME|ROLE_NAME|BUCKET_NAME|BUCKETNAME)$/,
  },
];

function snake(inner: string): string {
  const words = inner
    .replace(/^<|>$/g, '')
    .replace(/^(?:YOUR|REPLACE|INSERT)_/, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return /^[a-z]/.test(words) ? words.slice(0, 40) : `value_${words}`.slice(0, 40);
}

const QUOTED = /'([^'\n]{1,80})'/g;
const BARE =
  /(?<![\w.'-])(?:AKIA|ASIA)[A-Z0-9.]{3,16}EXAMPLE|(?<![\w.'-])(?:AKIA|ASIA)\.\.\.|(?<![\w'-])\d{12}(?![\w'])|(?<![\w'-])(?:i|sg)-[0-9a-fA-Fx]{8,17}(?![\w'])/g;

function classify(inner: string, quoted: boolean): Rule | undefined {
  return RULES.find(r => (quoted || r.bare) && r.value.test(inner));
}

/** SQL and lookup text with `--` comments blanked out (same length), so sample values in comments do not count. */
function withoutComments(text: string): string {
  return text.replace(/--[^\n]*/g, m => ' '.repeat(m.length));
}

/** The sample values in a query, in order of appearance. */
export function findPlaceholderLiterals(text: string): PlaceholderLiteral[] {
  const scan = withoutComments(text);
  const found: PlaceholderLiteral[] = [];
  const strings: [number, number][] = [];
  for (const m of scan.matchAll(QUOTED)) {
    const offset = m.index ?? 0;
    strings.push([offset, offset + m[0].length]);
    const rule = classify(m[1], true);
    if (rule)
      found.push({
        offset,
        length: m[0].length,
        literal: m[0],
        kind: rule.kind,
        name: nameOf(rule, m[1]),
        inString: false,
      });
  }
  for (const m of scan.matchAll(BARE)) {
    const offset = m.index ?? 0;
    if (found.some(f => offset >= f.offset && offset < f.offset + f.length)) continue;
    const rule = classify(m[0], false);
    if (!rule) continue;
    const inString = strings.some(([a, b]) => offset > a && offset < b);
    found.push({ offset, length: m[0].length, literal: m[0], kind: rule.kind, name: nameOf(rule, m[0]), inString });
  }
  return found.sort((a, b) => a.offset - b.offset);
}

function nameOf(rule: Rule, inner: string): string {
  return typeof rule.name === 'string' ? rule.name : rule.name(inner);
}
