// Faults queued by a test, consumed by the requests they match, oldest first.
import type { Fault, ServiceName } from './types';

interface QueuedFault extends Fault {
  remaining: number;
}

export class FaultQueue {
  private readonly queue: QueuedFault[] = [];

  add(fault: Fault): void {
    const times = fault.times ?? 1;
    if (!(times > 0)) throw new Error(`fault.times must be a positive number (got ${String(fault.times)}).`);
    this.queue.push({ ...fault, remaining: times });
  }

  /** The first fault matching this request, with one use consumed. */
  take(service: ServiceName, action: string, region: string): Fault | undefined {
    const i = this.queue.findIndex(
      f =>
        (f.service === undefined || f.service === service) &&
        (f.action === undefined || f.action === action) &&
        (f.region === undefined || f.region === region),
    );
    if (i < 0) return undefined;
    const fault = this.queue[i];
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.queue.splice(i, 1);
    return fault;
  }
}
