import { describe, expect, it } from 'vitest';
import { javaHashMapOrder } from '../../src/protocol/java-map-order.ts';
import { boltMsgTemplate } from './fake-storm-worker.ts';
import { toStormJson } from './storm-writer.ts';

/** The bolt message as the generic writer builds it, in Storm's (HashMap) key order. */
function generic(id: string, comp: string | null, stream: string, task: number, tuple: readonly unknown[]): string {
  const m: Record<string, unknown> = { id, comp, stream, task, tuple };
  const ordered: Record<string, unknown> = {};
  for (const k of javaHashMapOrder(['id', 'comp', 'stream', 'task', 'tuple'])) ordered[k] = m[k];
  return toStormJson(ordered);
}

describe('boltMsgTemplate (the per-tuple fast path of the fake Storm)', () => {
  it('splices to exactly what toStormJson writes for the whole message', () => {
    const cases: Array<[string, string | null, string, number, unknown[]]> = [
      ['-7380312960343195533', 'numbers', 'default', 1, [5]],
      ['42', null, '__heartbeat', -1, []],
      ['9223372036854775807', '__system', '__tick', -1, [1]],
      ['-1', 'a/b "c"', 'odd\u2028stream', 7, ['x/y', null, NaN, 2n ** 63n, { k: [1] }]],
    ];
    for (const [id, comp, stream, task, tuple] of cases) {
      const [beforeTuple, beforeId, after] = boltMsgTemplate(comp, stream, task);
      expect(`${beforeTuple}${toStormJson(tuple)}${beforeId}${id}${after}`).toBe(generic(id, comp, stream, task, tuple));
    }
  });
});
