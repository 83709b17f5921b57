import type { TreeBudget } from '../services.ts';

/** Int32 slots of the budget's shared memory: the run-wide counters, then one per thread. */
const RESERVED = 0;
const ACKED = 1;
const PER_THREAD = 2;

/** The shared memory of a maxTuples budget for `threads` threads. */
export function allocateTreeBudget(threads: number): SharedArrayBuffer {
  return new SharedArrayBuffer(4 * (PER_THREAD + threads));
}

/**
 * maxTuples over every worker thread, exactly as one thread counts it: nextTuple is called only while acked + pending
 * trees (plus calls under way) are below maxTuples. A call first reserves a place atomically, so two threads never both
 * take the last one; each thread also counts its own live places, so a dead thread's can be given back.
 */
export class SharedTreeBudget implements TreeBudget {
  readonly #counters: Int32Array;
  readonly #own: number;

  constructor(
    memory: SharedArrayBuffer,
    thread: number,
    private readonly maxTuples: number,
    private readonly onReached: () => void,
  ) {
    this.#counters = new Int32Array(memory);
    this.#own = PER_THREAD + thread;
  }

  reserve(): boolean {
    const c = this.#counters;
    if (Atomics.add(c, RESERVED, 1) >= this.maxTuples) {
      Atomics.sub(c, RESERVED, 1);
      return false;
    }
    Atomics.add(c, this.#own, 1);
    return true;
  }

  settle(trees: number): void {
    if (trees === 1) return;
    Atomics.add(this.#counters, RESERVED, trees - 1);
    Atomics.add(this.#counters, this.#own, trees - 1);
  }

  ended(acked: boolean): void {
    const c = this.#counters;
    Atomics.sub(c, this.#own, 1);
    if (!acked) Atomics.sub(c, RESERVED, 1);
    else if (Atomics.add(c, ACKED, 1) + 1 === this.maxTuples) this.onReached();
  }
}

/** Gives back the places a dead thread held (its pending trees will never end; its spouts start over). */
export function releaseThreadBudget(memory: SharedArrayBuffer, thread: number): void {
  const c = new Int32Array(memory);
  Atomics.sub(c, RESERVED, Atomics.exchange(c, PER_THREAD + thread, 0));
}

/** Trees acked so far over every thread. */
export function budgetAcked(memory: SharedArrayBuffer): number {
  return Atomics.load(new Int32Array(memory), ACKED);
}
