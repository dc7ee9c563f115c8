// Redaction for sharing a report outside the team: AWS account ids, access key ids, IP addresses, ARNs and e-mail
// addresses become placeholders. One value always gets the same placeholder (ACCOUNT-1, IP-3...), so a reader can
// still follow "the same address again" without learning the address.
import { isIPv6 } from 'node:net';

export type RedactedKind = 'arn' | 'email' | 'access-key' | 'ipv6' | 'ipv4' | 'account';

export interface Replacement {
  kind: RedactedKind;
  original: string;
  placeholder: string;
  /** How many times the value was replaced. */
  count: number;
}

const PREFIX: Record<RedactedKind, string> = {
  arn: 'ARN',
  email: 'EMAIL',
  'access-key': 'ACCESS-KEY',
  ipv6: 'IP',
  ipv4: 'IP',
  account: 'ACCOUNT',
};

const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';

/**
 * Alternatives in priority order, tried at each position: an ARN is taken whole before the account id inside it is
 * seen, an e-mail before its domain could look like anything else. Boundaries are letters and digits, so an id inside
 * a file name (`111122223333_CloudTrail_...`) is found but a run of digits inside a hash is not.
 */
const KINDS: { kind: RedactedKind; source: string; keep?: (value: string) => boolean }[] = [
  { kind: 'arn', source: String.raw`\barn:aws[a-z-]*:[a-z0-9-]*:[a-z0-9-]*:(?:\d{12}|aws)?:[^\s"'\u0060<>|()[\]{}]+` },
  { kind: 'email', source: String.raw`(?<![\w.%+-])[\w.%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b` },
  { kind: 'access-key', source: String.raw`(?<![A-Za-z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Za-z0-9])` },
  {
    kind: 'ipv6',
    source: String.raw`(?<![\w:.])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?![\w:])`,
    // "12:47:55" has the shape of a candidate; only real addresses (not "::", the unspecified one) count.
    keep: v => !isIPv6(v) || v === '::',
  },
  {
    kind: 'ipv4',
    source: String.raw`(?<![\d.])(?:${OCTET}\.){3}${OCTET}(?!\d|\.\d)`,
    // "open to 0.0.0.0/0" must still say so.
    keep: v => v === '0.0.0.0',
  },
  { kind: 'account', source: String.raw`(?<![A-Za-z0-9])\d{12}(?![A-Za-z0-9])` },
];

/** One scan of the text, so placeholders are numbered in the order the values first appear. */
const ANY = new RegExp(KINDS.map(k => `(${k.source})`).join('|'), 'g');

export class Redactor {
  private readonly byValue = new Map<string, Replacement>();
  private readonly counters = new Map<string, number>();

  /** The text with every value replaced; call it on every part of one document so numbering is shared. */
  redact(text: string): string {
    return text.replace(ANY, (value: string, ...groups: unknown[]) => {
      const { kind, keep } = KINDS[groups.findIndex(g => g !== undefined)];
      return keep?.(value) ? value : this.placeholder(kind, value);
    });
  }

  /** What was replaced, in the order first seen. */
  replacements(): Replacement[] {
    return [...this.byValue.values()];
  }

  private placeholder(kind: RedactedKind, value: string): string {
    // Addresses and ARNs are compared as AWS compares them: IPv6 and e-mail without case.
    const key = kind === 'ipv6' || kind === 'email' ? value.toLowerCase() : value;
    let r = this.byValue.get(key);
    if (!r) {
      const prefix = PREFIX[kind];
      const n = (this.counters.get(prefix) ?? 0) + 1;
      this.counters.set(prefix, n);
      r = { kind, original: value, placeholder: `${prefix}-${n}`, count: 0 };
      this.byValue.set(key, r);
    }
    r.count++;
    return r.placeholder;
  }
}
