// The zone result times are shown in (setting irPlaybook.results.timeZone, sent with the step). Grids already drawn
// are told when it changes, so every time on the page reads in the same zone.
import type { TimeZoneSetting } from '../../core/results/valueFormat';

let zone: TimeZoneSetting = 'utc';
const listeners = new Set<() => void>();

export function resultsTimeZone(): TimeZoneSetting {
  return zone;
}

export function setResultsTimeZone(next: TimeZoneSetting | undefined): void {
  const value = next === 'local' ? 'local' : 'utc';
  if (value === zone) return;
  zone = value;
  for (const listener of listeners) listener();
}

/** Calls `listener` on every change until the returned function is called. */
export function onTimeZoneChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
