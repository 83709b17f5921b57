import { javaHashMapOrder, parseStormJson, stringifyStormJson } from '@twinstorm/core/runtime';

/**
 * The values a receiving component gets on Storm (strict mode): written as the multilang runner writes them,
 * read back as a child reads what Storm writes (Storm's json-smart dialect: an integer beyond 2^53 is a bigint, a
 * bigint within it a number), nested objects with the key order of the JSONObject (a HashMap) Storm holds them in,
 * and frozen, since every receiver of the emit shares them. `values` must have passed findStormChange.
 */
export function stormRoundTrip(values: readonly unknown[]): readonly unknown[] {
  return settle(parseStormJson(stringifyStormJson(values))) as readonly unknown[];
}

/** Orders object keys as Storm's HashMap iterates them (integer-like keys stay first: JS objects cannot do otherwise), and freezes. */
function settle(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    const items = value as unknown[];
    for (let i = 0; i < items.length; i++) items[i] = settle(items[i]);
    return Object.freeze(items);
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  const ordered: Record<string, unknown> = {};
  for (const key of keys.length > 1 ? javaHashMapOrder(keys) : keys) {
    // As JSON.parse does: "__proto__" is an own property, never the prototype.
    Object.defineProperty(ordered, key, { value: settle(record[key]), enumerable: true, writable: true, configurable: true });
  }
  return Object.freeze(ordered);
}
