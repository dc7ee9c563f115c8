// Releasing the remaining injects on a timer: each at its time into the exercise, counted from the moment the
// timer starts minus the time of the latest inject already out (so starting it after "T+00:10" was released by hand
// releases "T+00:25" fifteen minutes later). It lives in the process only; each release is written to the report.
import type { ReleasedInject } from './exerciseSection';
import type { Scenario } from './model';

/** How the timer waits: the global timers, or a test's own clock. */
export interface Clock {
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const SYSTEM_CLOCK: Clock = {
  setTimeout: (run, ms) => setTimeout(run, ms),
  clearTimeout: handle => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export class InjectTimer {
  private timers: unknown[] = [];

  constructor(private readonly clock: Clock = SYSTEM_CLOCK) {}

  get running(): boolean {
    return this.timers.length > 0;
  }

  /** Schedules every inject not yet released; `release` is called with each one's id when its time comes. */
  start(scenario: Scenario, released: ReleasedInject[], release: (id: string) => Promise<void>): number {
    this.stop();
    const out = new Set(released.map(r => r.id));
    const base = Math.max(0, ...scenario.injects.filter(i => out.has(i.id)).map(i => i.offsetMinutes));
    const pending = scenario.injects.filter(i => !out.has(i.id));
    for (const inject of pending) {
      const delay = Math.max(0, inject.offsetMinutes - base) * 60_000;
      const timer = this.clock.setTimeout(() => {
        this.timers = this.timers.filter(t => t !== timer);
        void release(inject.id);
      }, delay);
      this.timers.push(timer);
    }
    return pending.length;
  }

  stop(): void {
    for (const t of this.timers) this.clock.clearTimeout(t);
    this.timers = [];
  }

  dispose(): void {
    this.stop();
  }
}
