/**
 * Where stateful and windowed bolts read the time and set their timers: the system clock by default, a ManualClock
 * under test (the testkit's BoltDriver), so checkpoint, window and watermark logic is tested without sleeping.
 */
export interface Clock {
  now(): number;
  /** Calls `fn` every `ms` until the returned function is called. */
  every(ms: number, fn: () => void): () => void;
}

/** Wall-clock time and unref'd intervals (a bolt's timers never keep a process alive on their own). */
export const systemClock: Clock = {
  now: () => Date.now(),
  every(ms, fn) {
    const timer = setInterval(fn, ms);
    timer.unref();
    return () => clearInterval(timer);
  },
};

interface Timer {
  due: number;
  readonly period: number;
  readonly fn: () => void;
  cancelled: boolean;
}

/** A clock that moves only when told: `advance(ms)` fires every timer that falls due, in time order. */
export class ManualClock implements Clock {
  #now: number;
  readonly #timers = new Set<Timer>();

  constructor(start = 0) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  every(ms: number, fn: () => void): () => void {
    const timer: Timer = { due: this.#now + ms, period: ms, fn, cancelled: false };
    this.#timers.add(timer);
    return () => {
      timer.cancelled = true;
      this.#timers.delete(timer);
    };
  }

  /** Moves time forward by `ms`, firing each timer at its due time (a timer due several times fires that often). */
  advance(ms: number): void {
    const end = this.#now + ms;
    for (;;) {
      let next: Timer | undefined;
      for (const t of this.#timers) if (t.due <= end && (next === undefined || t.due < next.due)) next = t;
      if (next === undefined) break;
      this.#now = next.due;
      next.due += next.period;
      next.fn();
    }
    this.#now = end;
  }
}

const CLOCK = Symbol.for('twinstorm.state.clock');

/** Gives a bolt the clock it will use; call before prepare (the testkit's BoltDriver does). */
export function useClock(bolt: object, clock: Clock): void {
  (bolt as { [CLOCK]?: Clock })[CLOCK] = clock;
}

/** The clock a bolt was given, else the system clock. */
export function clockOf(bolt: object): Clock {
  return (bolt as { [CLOCK]?: Clock })[CLOCK] ?? systemClock;
}
