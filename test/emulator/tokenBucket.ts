// Token buckets keyed by account+region: CloudTrail allows LookupEvents at a steady rate with a small burst.

interface Bucket {
  tokens: number;
  updatedAt: number;
}

export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();
  private readonly capacity: number;

  /** `ratePerSecond` tokens refill each second; the burst is max(2, rate) unless given (CloudTrail: two calls). */
  constructor(
    private readonly ratePerSecond: number,
    capacity?: number,
  ) {
    if (!(ratePerSecond > 0)) throw new Error(`a rate must be a positive number (got ${ratePerSecond}).`);
    this.capacity = capacity ?? Math.max(2, ratePerSecond);
  }

  /** Takes one token for `key`; false when the bucket is empty (the caller is throttled). */
  tryTake(key: string, now: number): boolean {
    if (this.ratePerSecond === Infinity) return true;
    const bucket = this.buckets.get(key) ?? { tokens: this.capacity, updatedAt: now };
    bucket.tokens = Math.min(this.capacity, bucket.tokens + ((now - bucket.updatedAt) / 1000) * this.ratePerSecond);
    bucket.updatedAt = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }
}
