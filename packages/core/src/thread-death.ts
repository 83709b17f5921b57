// How fault runs and supervision tests end the thread a component runs on, worded once for both.

/** The ways a component can take its thread down: exit the process, throw outside any callback, run out of heap. */
export type KillMode = 'exit' | 'throw' | 'oom';

/** Ends the calling thread by `mode` (used by fault topologies to prove that supervision and accounting hold). */
export function dieBy(mode: KillMode): void {
  if (mode === 'exit') process.exit(3);
  if (mode === 'throw')
    setTimeout(() => {
      throw new Error('boom from a timer');
    }, 0);
  if (mode === 'oom') {
    const hog: number[][] = [];
    const grow = (): void => {
      for (let i = 0; i < 50; i++) hog.push(Array.from({ length: 10_000 }, (_, k) => k + hog.length));
      setImmediate(grow);
    };
    grow();
  }
}
