import type { TopologySpec } from './spec.ts';

/** Storm's acker component id; it takes task ids like any component. */
export const ACKER_COMPONENT = '__acker';

/** Number of acker tasks Storm would run: `topology.acker.executors`, else one per worker. */
export function ackerTaskCount(spec: TopologySpec): number {
  const ackers = spec.conf['topology.acker.executors'];
  if (typeof ackers === 'number') return Math.max(0, Math.floor(ackers));
  const workers = spec.conf['topology.workers'];
  return typeof workers === 'number' && workers >= 1 ? Math.floor(workers) : 1;
}

/**
 * Task ids exactly as Storm assigns them: components (system ones such as `__acker` included) sorted by id,
 * tasks numbered consecutively from 1. Matching Storm's numbering keeps task ids comparable across runtimes.
 */
export function assignTaskIds(spec: TopologySpec): Map<string, number[]> {
  const counts = new Map<string, number>(spec.components.map((c) => [c.id, c.parallelism]));
  const ackers = ackerTaskCount(spec);
  if (ackers > 0) counts.set(ACKER_COMPONENT, ackers);
  const ids = [...counts.keys()].sort(compareJavaStrings);
  const tasks = new Map<string, number[]>();
  let next = 1;
  for (const id of ids) {
    const n = counts.get(id) ?? 0;
    tasks.set(
      id,
      Array.from({ length: n }, () => next++),
    );
  }
  return tasks;
}

/** Java's String.compareTo: by UTF-16 code units, which is also what `<` on JS strings does. */
function compareJavaStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
