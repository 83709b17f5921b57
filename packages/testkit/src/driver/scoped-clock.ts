import type { Clock, ManualClock } from '@twinstorm/state';

/** One incarnation's view of the driver's clock: `kill()` cancels every timer it set, as a crash would. */
export class ScopedClock implements Clock {
  readonly #cancels = new Set<() => void>();
  constructor(private readonly clock: ManualClock) {}
  now(): number {
    return this.clock.now();
  }
  every(ms: number, fn: () => void): () => void {
    const cancel = this.clock.every(ms, fn);
    this.#cancels.add(cancel);
    return () => {
      cancel();
      this.#cancels.delete(cancel);
    };
  }
  kill(): void {
    for (const cancel of this.#cancels) cancel();
    this.#cancels.clear();
  }
}
