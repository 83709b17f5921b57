import { BasicBolt, Bolt, Component } from '@twinstorm/core';

/** Nodes (values) one fingerprint may visit: a task holding more than this is taken to hold state. */
const NODE_BUDGET = 5_000;
/** The engine's base classes: their own fields are the runtime's, not the user's. */
const BASES = new Set<unknown>([Bolt, BasicBolt, Component, Object]);
/** A private member (`#name`) in a class's source: its value cannot be read, so the instance may hold state there. */
const PRIVATE_MEMBER = /(^|[^\w$])#[A-Za-z_$]/;

/**
 * What a task instance holds in its own fields, as one string, or null when that cannot be told (private `#`
 * members anywhere in the graph, or more than NODE_BUDGET values). Adaptive placement moves a bolt task to another
 * thread only when its fingerprint is the same as right after prepare: a task that learned something since (a count,
 * a cache, a held tuple) keeps it, and a move would lose it (the task gets a new instance on its new thread).
 */
export function stateFingerprint(instance: object): string | null {
  const out: string[] = [];
  const seen = new Set<object>();
  let budget = NODE_BUDGET;
  const walk = (value: unknown): boolean => {
    if (--budget < 0) return false;
    if (value === null || typeof value !== 'object') {
      out.push(typeof value === 'function' ? 'f' : `${typeof value}:${String(value)}`);
      return true;
    }
    if (seen.has(value)) {
      out.push('@');
      return true;
    }
    seen.add(value);
    if (Array.isArray(value)) {
      out.push(`[${value.length}`);
      return value.every(walk);
    }
    if (value instanceof Map) {
      out.push(`M${value.size}`);
      for (const [k, v] of value) if (!walk(k) || !walk(v)) return false;
      return true;
    }
    if (value instanceof Set) {
      out.push(`S${value.size}`);
      for (const v of value) if (!walk(v)) return false;
      return true;
    }
    if (value instanceof Date) {
      out.push(`D${value.getTime()}`);
      return true;
    }
    if (ArrayBuffer.isView(value)) {
      const bytes = new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
      budget -= bytes.length >> 4;
      out.push(`B${bytes.join(',')}`);
      return budget >= 0;
    }
    if (hasPrivateMembers(value)) return false;
    const keys = Object.keys(value);
    out.push(`{${keys.join(',')}`);
    for (const k of keys) if (!walk((value as Record<string, unknown>)[k])) return false;
    return true;
  };
  return walk(instance) ? out.join(';') : null;
}

/** True when a class in the object's prototype chain (below the engine's base classes) declares `#` members. */
function hasPrivateMembers(value: object): boolean {
  for (let proto = Object.getPrototypeOf(value) as object | null; proto !== null; proto = Object.getPrototypeOf(proto) as object | null) {
    const ctor = (proto as { constructor?: unknown }).constructor;
    if (BASES.has(ctor)) return false;
    if (typeof ctor === 'function' && PRIVATE_MEMBER.test(Function.prototype.toString.call(ctor))) return true;
  }
  return false;
}
