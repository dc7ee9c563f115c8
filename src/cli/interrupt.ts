// Ctrl-C while a command works: what runs is told to stop, so a run ends cancelled and a load keeps what it
// committed, instead of the process dying midway. A reader closing `irp`'s output pipe raises the same (main.ts).

/** A signal the next Ctrl-C aborts, until `release()`. */
export function interruptSignal(): { signal: AbortSignal; release(): void } {
  const controller = new AbortController();
  const onInterrupt = () => controller.abort();
  process.once('SIGINT', onInterrupt);
  return { signal: controller.signal, release: () => process.removeListener('SIGINT', onInterrupt) };
}
