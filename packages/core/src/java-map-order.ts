import { javaHashCode } from './hash.ts';

/**
 * Orders map keys the way a `java.util.HashMap` built by successive `put`s iterates them, so JSON we build for
 * Storm's side of the protocol has the key order Storm's json-smart writer produces (byte-comparable transcripts),
 * and the local engine's strict mode hands a bolt nested objects with the key order Storm's JSONObject gives them.
 *
 * A HashMap starts with 16 buckets and doubles while size > 0.75 × buckets; iteration walks buckets in index
 * order, and within a bucket keeps insertion order (both `put` and resize splits preserve it; buckets only become
 * trees past 8 colliding keys, which our small maps never reach). The bucket of a key is
 * `(h ^ (h >>> 16)) & (buckets - 1)` with `h` its `hashCode()`: String.hashCode for strings, the value for ints.
 */
export function javaHashMapOrder<K extends string | number>(keysInInsertionOrder: readonly K[]): K[] {
  let buckets = 16;
  while (keysInInsertionOrder.length > buckets * 0.75) buckets *= 2;
  const mask = buckets - 1;
  const indexed = keysInInsertionOrder.map((key, i) => {
    const h = typeof key === 'number' ? key | 0 : javaHashCode(key);
    return { key, bucket: (h ^ (h >>> 16)) & mask, i };
  });
  indexed.sort((a, b) => a.bucket - b.bucket || a.i - b.i);
  return indexed.map((e) => e.key);
}
