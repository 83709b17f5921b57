/** Root keys step by this much in every acker of a multi-thread run: a root's remainder names its thread and incarnation. */
export const ROOT_STRIDE = 4096;

/**
 * The tag of an acker: its thread plus, per restart, another multiple of the thread count, so the roots of a dead
 * incarnation are never reused by the next one (late updates for them are ignored instead of corrupting new trees).
 */
export function rootTag(thread: number, threads: number, incarnation: number): number {
  const incarnations = Math.floor(ROOT_STRIDE / threads);
  return thread + threads * (incarnation % incarnations);
}

/** The thread whose acker owns a root. */
export function rootOwner(root: number, threads: number): number {
  return (root % ROOT_STRIDE) % threads;
}
