// Client-side pacing for APIs with a documented request rate, e.g. CloudTrail LookupEvents: "two per second, per
// account, per Region". Pacing ourselves keeps throttling errors rare; the SDK's adaptive retry stays as the net.
import { cancelledError } from './errors';

interface Waiter {
  grant(): void;
}

/**
 * A token bucket in "virtual scheduling" form: each grant takes the next free slot, so waiters are served in
 * arrival order and never more than `capacity` requests pass in any burst. A slot is only taken when it is granted:
 * a waiter that is cancelled leaves the queue without using one, so a cancelled run never slows the next one down.
 */
export class TokenBucket {
  private readonly intervalMs: number;
  /** Time at which the bucket would be empty again if nobody else asked (theoretical arrival time). */
  private nextSlot = 0;
  private readonly queue: Waiter[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    readonly ratePerSecond: number,
    readonly capacity = 1,
    private readonly now: () => number = Date.now,
  ) {
    if (!(ratePerSecond > 0) || capacity < 1) throw new Error('a token bucket needs a positive rate and capacity ≥ 1');
    this.intervalMs = 1000 / ratePerSecond;
  }

  /** Milliseconds until the next slot is free (a caller also waits for everyone queued before it). */
  delayMs(): number {
    return Math.max(0, this.nextSlot - (this.capacity - 1) * this.intervalMs - this.now());
  }

  /** Resolves when the caller may send; rejects with a Cancelled EngineError, at once, if the signal aborts first. */
  acquire(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(cancelledError());
    if (this.queue.length === 0 && this.delayMs() === 0) {
      this.take();
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        this.queue.splice(this.queue.indexOf(waiter), 1);
        if (this.queue.length === 0) {
          clearTimeout(this.timer);
          this.timer = undefined;
        }
        reject(cancelledError());
      };
      const waiter: Waiter = {
        grant: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.queue.push(waiter);
      this.schedule();
    });
  }

  private take(): void {
    this.nextSlot = Math.max(this.now(), this.nextSlot) + this.intervalMs;
  }

  /** One timer for the head of the queue; each firing grants the waiters whose slot has come. */
  private schedule(): void {
    if (this.timer || this.queue.length === 0) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      while (this.queue.length && this.delayMs() === 0) {
        this.take();
        this.queue.shift()!.grant();
      }
      this.schedule();
    }, this.delayMs());
  }
}

/** LookupEvents limit per account and region (CloudTrail API reference). */
const LOOKUP_EVENTS_PER_SECOND = 2;
/**
 * We pace slightly under the limit: requests leave exactly one interval apart, but arrive with network jitter, and
 * a request that lands a millisecond early on a bucket with no burst room is throttled and costs a 1 s back-off.
 */
const PACING_MARGIN = 0.98;

const lookupBuckets = new Map<string, TokenBucket>();

/** The one bucket shared by every lookup against this account and region in this process. */
export function lookupEventsLimiter(account: string, region: string): TokenBucket {
  const key = `${account}/${region}`;
  let bucket = lookupBuckets.get(key);
  if (!bucket) {
    bucket = new TokenBucket(LOOKUP_EVENTS_PER_SECOND * PACING_MARGIN);
    lookupBuckets.set(key, bucket);
  }
  return bucket;
}

/**
 * Documented request rates of the AWS API engine's reads, per account, region and operation. EC2 throttles each
 * non-mutating action with a bucket of 100 requests refilled at 20 per second (EC2 API reference, "Request
 * throttling"). Services without a published rate are left to the SDK's adaptive retry.
 */
export interface ApiRate {
  perSecond: number;
  burst: number;
}

const API_RATES: Readonly<Record<string, ApiRate>> = {
  ec2: { perSecond: 20, burst: 100 },
};

const apiBuckets = new Map<string, TokenBucket>();

/**
 * The bucket shared by every call of this operation against this account and region, if the service has a rate.
 * `rates` replaces the documented ones for an account whose limits AWS changed.
 */
export function apiLimiter(
  account: string,
  region: string,
  service: string,
  operation: string,
  rates: Readonly<Record<string, ApiRate>> = API_RATES,
): TokenBucket | undefined {
  const rate = rates[service];
  if (!rate) return undefined;
  const key = `${account}/${region}/${service}:${operation}/${rate.perSecond}/${rate.burst}`;
  let bucket = apiBuckets.get(key);
  if (!bucket) {
    // One call of the burst is kept in reserve: the first call's connection set-up delays its arrival more than the
    // others', so a full burst would let the call after it reach AWS before AWS's bucket has refilled.
    bucket = new TokenBucket(rate.perSecond * PACING_MARGIN, Math.max(1, rate.burst - 1));
    apiBuckets.set(key, bucket);
  }
  return bucket;
}
