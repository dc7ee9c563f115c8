// What an Athena query costs: Athena bills the bytes scanned, rounded up to the next megabyte with a 10 MB minimum
// per query, at a price per terabyte (a setting, since it differs by region). TB here is 2^40 bytes.
const MB = 1024 * 1024;
const TB = 1024 ** 4;
const MINIMUM_BYTES = 10 * MB;

export function athenaCostUsd(bytesScanned: number, pricePerTerabyteUsd: number): number {
  if (!(bytesScanned > 0)) return 0;
  const billed = Math.max(Math.ceil(bytesScanned / MB) * MB, MINIMUM_BYTES);
  return (billed / TB) * pricePerTerabyteUsd;
}

export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = bytes;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${u === 0 ? v : v.toFixed(1)} ${units[u]}`;
}
