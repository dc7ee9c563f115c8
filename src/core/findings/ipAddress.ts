// Which addresses are worth keeping as indicators: a public IPv4 or IPv6 host address. CloudTrail's sourceIPAddress
// also holds AWS service names ("ec2.amazonaws.com") and "AWS Internal", which are not addresses; private, loopback,
// link-local and unspecified addresses name our own hosts, which the instance and interface ids identify better.
import { cidrContains, parseNetwork } from '../local/cidr';

const NOT_PUBLIC = [
  '0.0.0.0/8',
  '10.0.0.0/8',
  '100.64.0.0/10',
  '127.0.0.0/8',
  '169.254.0.0/16',
  '172.16.0.0/12',
  '192.168.0.0/16',
  '224.0.0.0/3',
  '::/127',
  '::ffff:0:0/96',
  'fc00::/7',
  'fe80::/10',
  'ff00::/8',
];

/** The host address in `text` (a bare address, or a /32 or /128 network) when it is a public one. */
export function publicHostAddress(text: string): string | undefined {
  const value = text.trim();
  const network = parseNetwork(value);
  if (!network || network.prefix !== (network.v6 ? 128 : 32)) return undefined;
  const address = value.replace(/\/\d+$/, '');
  return NOT_PUBLIC.some(range => cidrContains(range, address)) ? undefined : address.toLowerCase();
}
