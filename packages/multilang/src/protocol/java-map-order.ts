import { javaHashMapOrder } from '@twinstorm/core/runtime';

// javaHashMapOrder lives in @twinstorm/core (the local engine's strict mode orders nested objects with it too).
export { javaHashMapOrder };

/** Builds a plain object whose own-key order is a Java HashMap's iteration order (integer-like keys aside: see below). */
export function javaHashMapObject<V>(entries: ReadonlyArray<readonly [string, V]>): Record<string, V> {
  // JS objects always list integer-like keys first in ascending order; for Integer-keyed Java maps (task ids) that
  // is also HashMap order whenever the map has more buckets than its largest key, which holds for task->component.
  const order = javaHashMapOrder(entries.map(([k]) => k));
  const byKey = new Map(entries);
  const out: Record<string, V> = {};
  for (const k of order) out[k] = byKey.get(k) as V;
  return out;
}
