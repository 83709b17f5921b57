/** Int32 slots per thread, 64 bytes apart so two threads' bells never share a cache line. */
const SLOTS = 16;
const SEQ = 0;
const SLEEPING = 1;

/** Atomics.waitAsync (Node 16+, ES2024: not in this project's lib yet). */
type WaitAsync = (
  array: Int32Array,
  index: number,
  value: number,
) => { async: false; value: 'not-equal' | 'timed-out' } | { async: true; value: Promise<'ok' | 'timed-out'> };
const waitAsync = (Atomics as unknown as { waitAsync: WaitAsync }).waitAsync;

/** The shared memory of the doorbells of `threads` threads. */
export function allocateDoorbells(threads: number): SharedArrayBuffer {
  return new SharedArrayBuffer(4 * SLOTS * threads);
}

/**
 * Wakes an idle worker thread when another publishes a batch for it, without blocking either: the sleeper waits with
 * Atomics.waitAsync (its event loop keeps serving timers and I/O), and senders notify only when the flag says it sleeps.
 */
export class Doorbells {
  readonly #bells: Int32Array;
  #waiting = false;

  constructor(memory: SharedArrayBuffer) {
    this.#bells = new Int32Array(memory);
  }

  /**
   * Rings `thread`'s bell after publishing to it. Only the first ring after it fell asleep notifies (it takes the flag
   * down atomically): a notify costs microseconds, and a thread being woken needs no second one.
   */
  ring(thread: number): void {
    const at = thread * SLOTS;
    Atomics.add(this.#bells, at + SEQ, 1);
    if (Atomics.load(this.#bells, at + SLEEPING) !== 0 && Atomics.compareExchange(this.#bells, at + SLEEPING, 1, 0) === 1) {
      Atomics.notify(this.#bells, at + SEQ);
    }
  }

  /**
   * Sleeps until `thread`'s bell rings. `nothingWaiting` is checked after the flag is raised, so a batch published
   * just before is never missed; `wake` runs once per ring (a waiter armed earlier is reused, never doubled).
   */
  sleep(thread: number, nothingWaiting: () => boolean, wake: () => void): void {
    const bells = this.#bells;
    const at = thread * SLOTS;
    const seen = Atomics.load(bells, at + SEQ);
    Atomics.store(bells, at + SLEEPING, 1);
    if (!nothingWaiting()) {
      Atomics.store(bells, at + SLEEPING, 0);
      wake();
      return;
    }
    if (this.#waiting) return;
    const result = waitAsync(bells, at + SEQ, seen);
    if (!result.async) {
      Atomics.store(bells, at + SLEEPING, 0);
      wake();
      return;
    }
    this.#waiting = true;
    void result.value.then(() => {
      this.#waiting = false;
      Atomics.store(bells, at + SLEEPING, 0);
      wake();
    });
  }
}
