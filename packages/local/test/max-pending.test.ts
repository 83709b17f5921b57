import { Bolt, TopologyBuilder, type Tuple } from '@twinstorm/core';
import { describe, expect, it } from 'vitest';
import { captureBolt, holdsFor, Ledger, numberSpout, release, stopReleasing, withRun, type Seen } from './helpers.ts';
import { waitFor } from '@twinstorm/core/testing';

describe('topology.max.spout.pending', () => {
  it('never lets a spout task have more than max pending trees, and reaches the limit', async () => {
    const n = 60;
    const ledger = new Ledger();
    let maxSnapshotPending = 0;
    class LaterAcker extends Bolt {
      execute(t: Tuple): void {
        setTimeout(() => this.ack(t), 15);
      }
    }
    const b = new TopologyBuilder();
    b.setSpout('spout', numberSpout(ledger, { count: n }), 1);
    b.setBolt('later', LaterAcker, 2).shuffleGrouping('spout');
    await withRun(b.createTopology('max-pending', { 'topology.max.spout.pending': 5 }), {}, async (h) => {
      await waitFor(
        () => {
          maxSnapshotPending = Math.max(maxSnapshotPending, h.run.snapshot().components['spout']!.pending);
          return ledger.allAcked(n);
        },
        10_000,
        'all acked',
        h,
      );
    });
    const [task] = [...ledger.maxOutstanding.keys()];
    // As the spout itself counts (emitted minus acked/failed it was told about), right after each emit.
    expect(ledger.maxOutstanding.get(task!)).toBe(5);
    expect(maxSnapshotPending).toBeLessThanOrEqual(5);
    expect(maxSnapshotPending).toBeGreaterThanOrEqual(1);
    expect(ledger.acks).toHaveLength(n);
  });

  it('stops calling nextTuple at the limit until a tree completes', async () => {
    const ledger = new Ledger();
    const seen: Seen[] = [];
    const held: Array<{ bolt: Bolt; tuple: Tuple }> = [];
    const b = new TopologyBuilder();
    b.setSpout('spout', numberSpout(ledger, { count: 1000 }), 1);
    b.setBolt(
      'hold',
      captureBolt(seen, () => 'hold', held),
      1,
    ).shuffleGrouping('spout');
    await withRun(b.createTopology('max-pending-hold', { 'topology.max.spout.pending': 5 }), {}, async (h) => {
      await waitFor(() => h.run.snapshot().components['spout']!.pending === 5, 5_000, 'pending reaches 5', h);
      const calls = ledger.nextTupleCalls;
      await holdsFor(100, () => ledger.emits.length === 5 && h.run.snapshot().components['spout']!.pending === 5, 'stays at 5 emits', h);
      expect(ledger.nextTupleCalls).toBe(calls);
      // One completion lets exactly one more tuple out.
      expect(release(held, 'ack', (t) => t.getNumber('n') === 2)).toBe(1);
      await waitFor(() => ledger.emits.length === 6, 2_000, 'one more emit after one ack', h);
      await holdsFor(50, () => ledger.emits.length === 6, 'no further emits', h);
      const summary = await stopReleasing(h, held);
      expect(summary.spoutTuples.pending).toBe(0);
    });
    expect(ledger.maxOutstanding.get(ledger.emits[0]!.task)).toBe(5);
  });

  it('counts the limit per spout task: two tasks reach 10 pending together', async () => {
    const ledger = new Ledger();
    const seen: Seen[] = [];
    const held: Array<{ bolt: Bolt; tuple: Tuple }> = [];
    const b = new TopologyBuilder();
    b.setSpout('spout', numberSpout(ledger, { count: 1000 }), 2);
    b.setBolt(
      'hold',
      captureBolt(seen, () => 'hold', held),
      2,
    ).shuffleGrouping('spout');
    await withRun(b.createTopology('max-pending-2', { 'topology.max.spout.pending': 5 }), {}, async (h) => {
      await waitFor(() => h.run.snapshot().components['spout']!.pending === 10, 5_000, 'pending reaches 10', h);
      await holdsFor(100, () => h.run.snapshot().components['spout']!.pending === 10 && ledger.emits.length === 10, 'stays at 10', h);
      expect(h.run.snapshot().spoutTuples.pending).toBe(10);
      release(held, 'ack');
      await waitFor(() => ledger.acks.length >= 10, 2_000, 'released trees acked', h);
      const summary = await stopReleasing(h, held);
      expect(summary.spoutTuples.pending).toBe(0);
    });
    const perTask = [...ledger.maxOutstanding.values()];
    expect(perTask).toEqual([5, 5]);
    const emitsPerTask = new Map<number, number>();
    for (const e of ledger.emits.slice(0, 10)) emitsPerTask.set(e.task, (emitsPerTask.get(e.task) ?? 0) + 1);
    expect([...emitsPerTask.values()]).toEqual([5, 5]);
  });

  it("honours a spout's own max pending (addConfiguration) over the topology's", async () => {
    const ledger = new Ledger();
    const held: Array<{ bolt: Bolt; tuple: Tuple }> = [];
    const b = new TopologyBuilder();
    b.setSpout('spout', numberSpout(ledger, { count: 1000 }), 1).addConfiguration('topology.max.spout.pending', 2);
    b.setBolt(
      'hold',
      captureBolt([], () => 'hold', held),
      1,
    ).shuffleGrouping('spout');
    await withRun(b.createTopology('max-pending-component', { 'topology.max.spout.pending': 7 }), {}, async (h) => {
      await waitFor(() => held.length === 2, 2_000, 'two held', h);
      await holdsFor(80, () => ledger.emits.length === 2, 'stays at 2 emits', h);
      await stopReleasing(h, held);
    });
    expect(ledger.maxOutstanding.get(ledger.emits[0]!.task)).toBe(2);
  });
});
