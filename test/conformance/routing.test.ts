// Groupings, named streams and emitDirect: one topology per runtime, the same assertions on both.
import { fieldsGroupingIndex } from '@twinstorm/core/runtime';
import type { CapturedTuple } from '@twinstorm/testkit';
import { expect } from 'vitest';
import { COLUMNS } from './support/columns.ts';
import { describeRuntimes, feature, once } from './support/suite.ts';
import { TASKS } from './topologies/routing.ts';

const TOPOLOGY = new URL('./topologies/routing.ts', import.meta.url).pathname;

/** Keys of every type Storm hashes differently: String (non-BMP too), Integer, Long, Double, Boolean, null. */
const KEYS: readonly unknown[] = [
  ...Array.from({ length: 12 }, (_, i) => `user-${i}`),
  'ünïcödé',
  '😀 astral 𝄞',
  '',
  ...[0, 1, -1, 42, -20, 2_147_483_647, -2_147_483_648],
  ...[2_147_483_648, 10_000_000_000, -9_007_199_254_740_991],
  ...[0.5, -3.25, 1e-7],
  true,
  false,
  null,
];
const INPUTS = KEYS.map((key, n) => [key, n]);
const CAPTURE = ['shuffle', 'fields', 'all', 'global', 'none', 'local-or-shuffle', 'streams', 'odds', 'direct'];

const of = (captured: readonly CapturedTuple[], component: string) => captured.filter((c) => c.component === component);
const sortedKeys = (tuples: readonly CapturedTuple[]) => tuples.map((t) => JSON.stringify(t.values[0])).sort();
const ALL_KEYS = KEYS.map((k) => JSON.stringify(k)).sort();

describeRuntimes('routing', (suite) => {
  const run = once(async () => {
    const r = await suite.run(TOPOLOGY, { inputs: { keys: INPUTS }, capture: CAPTURE });
    expect(r.failed, 'no fixture tuple fails').toBe(0);
    expect(r.acked).toBe(KEYS.length);
    expect(r.errors).toEqual({});
    return r;
  });

  /** Each key exactly once, on a task in range, and the bolt's own task index is the emitting task's. */
  const onceEach = async (component: keyof typeof TASKS) => {
    const got = of((await run()).captured, component);
    expect(sortedKeys(got)).toEqual(ALL_KEYS);
    for (const t of got) {
      expect(t.values[1]).toBe(t.taskIndex);
      expect(t.taskIndex).toBeGreaterThanOrEqual(0);
      expect(t.taskIndex).toBeLessThan(TASKS[component]);
    }
    return got;
  };

  feature(suite, 'grouping.shuffle', async () => {
    const got = await onceEach('shuffle');
    // Storm 2's shuffle is locality aware: it sends only to the tasks in the emitter's own worker until their load
    // passes topology.localityaware.higher.bound (Storm's docs/LocalityAwareness.md), so across workers a lightly
    // loaded run may leave a task in another worker with nothing. In one worker, every task gets some.
    if (COLUMNS[suite.column].conf['topology.workers'] === undefined) {
      expect(new Set(got.map((t) => t.taskIndex)).size, 'every task gets some').toBe(TASKS.shuffle);
    }
  });

  feature(suite, 'grouping.fields', async () => {
    const got = await onceEach('fields');
    const where = Object.fromEntries(got.map((t) => [JSON.stringify(t.values[0]), t.taskIndex]));
    const expected = Object.fromEntries(KEYS.map((k) => [JSON.stringify(k), fieldsGroupingIndex([k], TASKS.fields)]));
    expect(where).toEqual(expected);
  });

  feature(suite, 'grouping.all', async () => {
    const got = of((await run()).captured, 'all');
    for (let task = 0; task < TASKS.all; task++) {
      expect(sortedKeys(got.filter((t) => t.values[1] === task && t.taskIndex === task))).toEqual(ALL_KEYS);
    }
    expect(got).toHaveLength(KEYS.length * TASKS.all);
  });

  feature(suite, 'grouping.global', async () => {
    const got = await onceEach('global');
    expect(new Set(got.map((t) => t.taskIndex))).toEqual(new Set([0]));
  });

  feature(suite, 'grouping.none', async () => {
    await onceEach('none');
  });

  feature(suite, 'grouping.local-or-shuffle', async () => {
    await onceEach('local-or-shuffle');
  });

  feature(suite, 'grouping.direct', async () => {
    const got = await onceEach('direct');
    const where = Object.fromEntries(got.map((t) => [JSON.stringify(t.values[0]), t.taskIndex]));
    const expected = Object.fromEntries(KEYS.map((k, n) => [JSON.stringify(k), n % TASKS.direct]));
    expect(where).toEqual(expected);
  });

  feature(suite, 'streams.named', async () => {
    const { captured } = await run();
    const streams = of(captured, 'streams');
    expect(streams).toHaveLength(KEYS.length);
    for (const t of streams) expect(t.stream).toBe((t.values[1] as number) % 2 === 0 ? 'evens' : 'odds');
    expect(streams.find((t) => t.stream === 'evens')?.fields).toEqual(['key', 'n']);
    const odds = KEYS.filter((_, n) => n % 2 === 1).map((k) => JSON.stringify(k));
    expect(sortedKeys(of(captured, 'odds'))).toEqual(odds.sort());
  });
});
