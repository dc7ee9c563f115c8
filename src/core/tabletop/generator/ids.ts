// AWS-shaped identifiers and addresses drawn from a seeded stream.
import type { Rng } from './rng';

/** `vpc-`, `sg-`, `i-`… followed by 17 hex digits, the current length of EC2 resource ids. */
export function resourceId(rng: Rng, prefix: string): string {
  return `${prefix}-0${rng.hex(16)}`;
}

/** Unique ids of IAM principals: AIDA (user), AROA (role), 21 characters. */
export function principalId(rng: Rng, prefix: 'AIDA' | 'AROA'): string {
  return prefix + rng.keyChars(17);
}

/** Access key ids: AKIA (long-term) or ASIA (temporary), 20 characters. */
export function accessKeyId(rng: Rng, prefix: 'AKIA' | 'ASIA'): string {
  return prefix + rng.keyChars(16);
}

/** First octets of widely used public ranges (ISPs, clouds, hosting), none private or reserved. */
const PUBLIC_FIRST_OCTETS = [
  2, 5, 23, 31, 37, 45, 46, 62, 77, 78, 80, 81, 82, 85, 86, 88, 89, 91, 92, 93, 94, 95, 103, 104, 109, 110, 112, 114,
  115, 116, 117, 118, 119, 121, 122, 123, 124, 125, 134, 138, 141, 143, 144, 146, 147, 151, 154, 157, 159, 160, 162,
  164, 165, 167, 171, 175, 176, 178, 180, 182, 183, 185, 186, 187, 188, 189, 190, 191, 193, 194, 195, 196, 197, 201,
  202, 203, 210, 211, 212, 213, 217, 218, 219, 220, 221, 222,
];

export function publicIp(rng: Rng): string {
  return `${rng.pick(PUBLIC_FIRST_OCTETS)}.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(1, 254)}`;
}

/** An address in one of the ranges reserved for documentation (RFC 5737). */
export function documentationIp(rng: Rng): string {
  return hostIn(rng, rng.pick(['192.0.2', '198.51.100', '203.0.113']));
}

/** An IPv6 address under a /32 prefix, written the way flow logs print it (lower case, no leading zeros). */
export function publicIpv6(
  rng: Rng,
  prefix32 = rng.pick(['2a01:4b00', '2a02:c7c', '2001:8a0', '2600:1700', '2a00:23c6']),
): string {
  const group = () => parseInt(rng.hex(4), 16).toString(16);
  return `${prefix32}:${Array.from({ length: 6 }, group).join(':')}`;
}

/** An address inside an AWS-owned block, like the endpoints of S3 or the egress of a CI service. */
export function awsIp(rng: Rng): string {
  const block = rng.pick([
    '3.248',
    '3.250',
    '18.200',
    '34.240',
    '34.248',
    '52.16',
    '52.18',
    '52.218',
    '54.72',
    '54.154',
  ]);
  return `${block}.${rng.int(0, 255)}.${rng.int(1, 254)}`;
}

/** A host address in a /24 given as its first three octets. */
export function hostIn(rng: Rng, prefix24: string): string {
  return `${prefix24}.${rng.int(4, 250)}`;
}

export function macAddress(rng: Rng): string {
  return `0a:${rng.hex(2)}:${rng.hex(2)}:${rng.hex(2)}:${rng.hex(2)}:${rng.hex(2)}`;
}

/** The EC2 private DNS name of an address in a region. */
export function privateDnsName(ip: string, region: string): string {
  const suffix = region === 'us-east-1' ? 'ec2.internal' : `${region}.compute.internal`;
  return `ip-${ip.replace(/\./g, '-')}.${suffix}`;
}
