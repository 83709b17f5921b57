// Groupings, direct emits, per-sender ordering, tick tuples and async executes, each run in this thread and spread over
// 2 worker threads: fields grouping must pick Storm's task wherever the task runs.
import { fieldsGroupingIndex } from '@twinstorm/core/runtime';
import { describe, expect, it } from 'vitest';
import { KEYS } from './fixtures/topologies.ts';
import { firstNumbers, range, tally } from './helpers.ts';
import { waitFor } from '@twinstorm/core/testing';
import { MODES, runScenario } from './modes.ts';

describe.each(MODES)('routing $name', (mode) => {
  it("shuffle spreads evenly, fields picks Storm's task index, all reaches every task, global the lowest task", async () => {
    const n = KEYS.length * 8;
    const { probe } = await runScenario('grouped', mode, { 'test.count': n }, async (h, p) => {
      await waitFor(() => p.ledger().allAcked(n), 15_000, 'all ids acked', h);
    });
    const shuffled = probe.seen('shuffled');
    expect([...tally(firstNumbers(shuffled)).entries()].sort((a, b) => a[0] - b[0])).toEqual(range(n).map((i) => [i, 1]));
    const perTask = tally(shuffled.map((s) => s.taskId));
    expect(perTask.size).toBe(4);
    for (const [task, count] of perTask) expect(Math.abs(count - n / 4), `task ${task} got ${count} of ${n}`).toBeLessThanOrEqual(n / 20);

    const fields = probe.seen('fields');
    expect(fields).toHaveLength(n);
    for (const s of fields) expect(s.taskIndex, `key ${JSON.stringify(s.values[1])}`).toBe(fieldsGroupingIndex([s.values[1]], 4));
    expect(new Set(fields.map((s) => s.taskIndex)).size).toBeGreaterThan(1);

    const all = probe.seen('all');
    const byTask = new Map<number, number[]>();
    for (const s of all) byTask.set(s.taskId, [...(byTask.get(s.taskId) ?? []), s.values[0] as number]);
    expect(byTask.size).toBe(3);
    for (const ids of byTask.values()) expect([...ids].sort((a, b) => a - b)).toEqual(range(n));

    const global = probe.seen('global');
    expect(global).toHaveLength(n);
    expect(new Set(global.map((s) => s.taskIndex))).toEqual(new Set([0]));
  });

  it('direct grouping delivers emitDirect to the chosen task', async () => {
    const n = 90;
    const { probe } = await runScenario('direct', mode, { 'test.count': n }, async (h, p) => {
      await waitFor(() => p.ledger().acks.length === n, 10_000, 'all ids acked', h);
      expect(h.errors).toEqual([]);
    });
    const seen = probe.seen('sink');
    expect(seen).toHaveLength(n);
    for (const s of seen) expect(s.taskId, `id ${String(s.values[0])}`).toBe(probe.marks(`direct:${String(s.values[0])}`)[0]!.value);
    expect(new Set(seen.map((s) => s.taskIndex))).toEqual(new Set([0, 1, 2]));
  });

  it("keeps per-sender FIFO order: each relay task's tuples reach the sink in the order it emitted them", async () => {
    const n = 600;
    const { probe } = await runScenario('ordering', mode, { 'test.count': n }, async (h, p) => {
      await waitFor(() => p.ledger().allAcked(n), 15_000, 'all acked', h);
    });
    const seen = probe.seen('sink');
    expect(seen).toHaveLength(n);
    const byRelay = new Map<number, number[]>();
    for (const s of seen) byRelay.set(s.values[1] as number, [...(byRelay.get(s.values[1] as number) ?? []), s.values[0] as number]);
    expect(byRelay.size).toBe(3);
    // The spout emits ids in order and each relay forwards them as it gets them: increasing per relay.
    for (const [relay, ids] of byRelay) expect(ids, `relay ${relay}`).toEqual([...ids].sort((a, b) => a - b));
  });

  it('delivers __system/__tick about once a second to each task of the configured bolt only', async () => {
    const { probe } = await runScenario('ticks', mode, { 'test.count': 20 }, async (h, p) => {
      const twoEach = (): boolean =>
        [
          ...tally(
            p
              .seen('ticked')
              .filter((s) => s.tick)
              .map((s) => s.taskId),
          ).values(),
        ].filter((c) => c >= 2).length === 2;
      await waitFor(twoEach, 5_000, 'two ticks on each ticked task', h);
    });
    const ticks = probe.seen('ticked').filter((s) => s.tick);
    for (const t of ticks) expect([t.source, t.stream, t.sourceTask, t.values]).toEqual(['__system', '__tick', -1, [1]]);
    const byTask = new Map<number, number[]>();
    for (const t of ticks) byTask.set(t.taskId, [...(byTask.get(t.taskId) ?? []), t.at]);
    expect(byTask.size).toBe(2);
    for (const [task, at] of byTask)
      for (let i = 1; i < at.length; i++) expect(at[i]! - at[i - 1]!, `gap of task ${task}`).toBeGreaterThan(700);
    expect(probe.seen('plain').filter((s) => s.tick)).toEqual([]);
    expect(probe.seen('plain')).toHaveLength(20);
  });

  it("keeps at most 'twinstorm.bolt.max.concurrency' async executions in flight per task, and uses all of them", async () => {
    const n = 80;
    const { summary, probe } = await runScenario('asyncLimit', mode, { 'test.count': n }, async (h, p) => {
      await waitFor(() => p.ledger().allAcked(n), 10_000, 'all acked', h);
    });
    const max = new Map<number, number>();
    for (const m of probe.marks('inflight')) max.set(m.task, Math.max(m.value, max.get(m.task) ?? 0));
    expect([...max.values()]).toEqual([4, 4]);
    expect(summary.components['slow']).toMatchObject({ executed: n, acked: n, failed: 0, errors: 0 });
  });
});
