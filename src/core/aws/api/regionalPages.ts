// Runs one producer per region at the same time and hands their pages to a single reader in arrival order. Rows of
// healthy regions stay when another region fails; the reader learns which regions failed and why.
import type { ResultPage } from '../../engine/types';

export interface RegionOutcome {
  region: string;
  error?: unknown;
}

type Producer = (region: string, emit: (page: ResultPage) => void) => Promise<void>;

/** Pages from every region as they arrive, then each region's outcome through `done`. */
export async function* regionalPages(
  regions: string[],
  produce: Producer,
  done: (outcomes: RegionOutcome[]) => void,
): AsyncGenerator<ResultPage> {
  const queue: ResultPage[] = [];
  let wake: (() => void) | undefined;
  const notify = () => {
    wake?.();
    wake = undefined;
  };
  const outcomes: RegionOutcome[] = [];
  let running = regions.length;
  for (const region of regions) {
    produce(region, page => {
      queue.push(page);
      notify();
    })
      .then(
        () => outcomes.push({ region }),
        (error: unknown) => outcomes.push({ region, error }),
      )
      .finally(() => {
        running--;
        notify();
      });
  }
  while (running > 0 || queue.length > 0) {
    if (queue.length === 0) {
      await new Promise<void>(resolve => {
        wake = resolve;
      });
      continue;
    }
    yield queue.shift()!;
  }
  done(outcomes);
}
