// Address-in-network tests for Athena's contains(network, CAST(address AS IPADDRESS)), IPv4 and IPv6, which DuckDB
// cannot do offline (its inet extension is a download). Registered in the worker as the SQL function cidr_contains.

export interface Network {
  v6: boolean;
  /** The network bits: a number for IPv4 (most lookups, kept fast), a bigint for IPv6. */
  base: number | bigint;
  prefix: number;
}

/** IPv4 as an unsigned 32-bit number; undefined when not a dotted quad. */
function parseIpv4(text: string): number | undefined {
  let value = 0;
  let part = -1;
  let dots = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 46) {
      if (part < 0 || ++dots > 3) return undefined;
      value = value * 256 + part;
      part = -1;
    } else if (c >= 48 && c <= 57) {
      part = part < 0 ? c - 48 : part * 10 + c - 48;
      if (part > 255) return undefined;
    } else {
      return undefined;
    }
  }
  return dots === 3 && part >= 0 ? value * 256 + part : undefined;
}

function parseIpv6(text: string): bigint | undefined {
  let head = text;
  let tail4: bigint | undefined;
  const lastColon = text.lastIndexOf(':');
  if (text.includes('.')) {
    // An IPv4 tail (::ffff:10.0.0.1) fills the last 32 bits.
    const v4 = parseIpv4(text.slice(lastColon + 1));
    if (v4 === undefined) return undefined;
    tail4 = BigInt(v4);
    head = `${text.slice(0, lastColon + 1)}0:0`;
  }
  const halves = head.split('::');
  if (halves.length > 2) return undefined;
  const groups = (s: string) => (s === '' ? [] : s.split(':'));
  const left = groups(halves[0]);
  const right = halves.length === 2 ? groups(halves[1]) : [];
  const missing = 8 - left.length - right.length;
  if ((halves.length === 1 && missing !== 0) || (halves.length === 2 && missing < 1)) return undefined;
  const all = [...left, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...right];
  if (!all.every(g => /^[0-9a-fA-F]{1,4}$/.test(g))) return undefined;
  const value = all.reduce((n, g) => (n << 16n) | BigInt(parseInt(g, 16)), 0n);
  return tail4 === undefined ? value : (value & ~0xffffffffn) | tail4;
}

type Address = { v6: false; value: number } | { v6: true; value: bigint };

function parseAddress(text: string): Address | undefined {
  const t = text.trim();
  const v4 = parseIpv4(t);
  if (v4 !== undefined) return { v6: false, value: v4 };
  const v6 = t.includes(':') ? parseIpv6(t) : undefined;
  return v6 === undefined ? undefined : { v6: true, value: v6 };
}

/** The top `prefix` bits of an address. */
function networkBits(a: Address, prefix: number): number | bigint {
  if (a.v6) return a.value >> BigInt(128 - prefix);
  return prefix === 0 ? 0 : Math.floor(a.value / 2 ** (32 - prefix));
}

export function parseNetwork(text: string): Network | undefined {
  const slash = text.indexOf('/');
  const address = parseAddress(slash < 0 ? text : text.slice(0, slash));
  if (!address) return undefined;
  const width = address.v6 ? 128 : 32;
  const prefix = slash < 0 ? width : Number(text.slice(slash + 1));
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > width || (slash >= 0 && !/^\d+$/.test(text.slice(slash + 1))))
    return undefined;
  return { v6: address.v6, base: networkBits(address, prefix), prefix };
}

/**
 * True when `address` is inside `network`; false for an address of the other family; undefined (SQL NULL) when either
 * is not an address, where Trino's cast would fail.
 */
export function cidrContains(
  network: string,
  address: string,
  cache?: Map<string, Network | undefined>,
): boolean | undefined {
  let net = cache?.get(network);
  if (net === undefined) {
    net = parseNetwork(network);
    cache?.set(network, net);
  }
  const ip = parseAddress(address);
  if (!net || !ip) return undefined;
  if (net.v6 !== ip.v6) return false;
  return networkBits(ip, net.prefix) === net.base;
}
