// When background things happen: at random (a Poisson process) or on a schedule with jitter.
import type { Rng } from './rng';

/** Times of a Poisson process with `perHour` events per hour between `fromMs` and `toMs`, ascending. */
export function randomTimes(rng: Rng, fromMs: number, toMs: number, perHour: number): number[] {
  const out: number[] = [];
  if (perHour <= 0) return out;
  const meanGapMs = 3600000 / perHour;
  for (let t = fromMs - Math.log(1 - rng.next()) * meanGapMs; t < toMs; t -= Math.log(1 - rng.next()) * meanGapMs) {
    out.push(Math.floor(t));
  }
  return out;
}

/** Every `periodMs` from a random phase, each tick moved by up to `jitterMs`. */
export function scheduledTimes(rng: Rng, fromMs: number, toMs: number, periodMs: number, jitterMs: number): number[] {
  const out: number[] = [];
  for (let t = fromMs + rng.int(0, periodMs - 1); t < toMs; t += periodMs) {
    const at = t + rng.int(0, jitterMs);
    if (at < toMs) out.push(at);
  }
  return out;
}
