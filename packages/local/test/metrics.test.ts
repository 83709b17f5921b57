import { BasicBolt, Bolt, Spout, TopologyBuilder, type Tuple } from '@twinstorm/core';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { Ledger, numberSpout, withRun } from './helpers.ts';
import { waitFor } from '@twinstorm/core/testing';

describe('metrics', () => {
  it('counts executed/emitted/acked/failed per component exactly, and reports ordered complete latencies', async () => {
    const n = 300;
    const ledger = new Ledger();
    const counted = { splitExecuted: 0, splitEmitted: 0, splitAcked: 0, splitFailed: 0, slowExecuted: 0, sinkExecuted: 0 };
    class Split extends Bolt {
      static outputs = { default: ['n'], side: ['n'] };
      execute(t: Tuple): void {
        counted.splitExecuted++;
        const id = t.getNumber('n');
        for (let k = 0; k < id % 3; k++) {
          this.emit([id], { anchors: [t] });
          counted.splitEmitted++;
        }
        if (id % 4 === 0) {
          this.emit([id], { stream: 'side', anchors: [t] });
          counted.splitEmitted++;
        }
        // Fail ids 50..59 (no replay, so the failures are final).
        if (id >= 50 && id < 60) {
          this.fail(t);
          counted.splitFailed++;
        } else {
          this.ack(t);
          counted.splitAcked++;
        }
      }
    }
    class Slow extends Bolt {
      async execute(t: Tuple): Promise<void> {
        counted.slowExecuted++;
        // A few trees (ids 1, 101, 151, 251: over 1 % of the acked ones) take 40 ms, so p99 is clearly above p50.
        await sleep(t.getNumber('n') % 50 === 1 ? 40 : 2);
        this.ack(t);
      }
    }
    class Sink extends BasicBolt {
      execute(): void {
        counted.sinkExecuted++;
      }
    }
    const b = new TopologyBuilder();
    b.setSpout('spout', numberSpout(ledger, { count: n, replay: false }), 1);
    b.setBolt('split', Split, 2).shuffleGrouping('spout');
    b.setBolt('slow', Slow, 2).shuffleGrouping('split');
    b.setBolt('sink', Sink, 1).shuffleGrouping('split', 'side');
    const { summary } = await withRun(b.createTopology('metrics'), {}, async (h) => {
      await waitFor(() => ledger.acks.length + ledger.fails.length === n, 10_000, 'every tree done', h);
      const live = h.run.snapshot();
      expect(live.state).toBe('running');
      expect(live.components['split']!.executed).toBe(n);
    });
    const c = summary.components;
    expect(c['spout']).toMatchObject({
      kind: 'spout',
      tasks: 1,
      executed: n,
      emitted: n,
      acked: n - 10,
      failed: 10,
      errors: 0,
      pending: 0,
    });
    expect(c['split']).toMatchObject({
      kind: 'bolt',
      tasks: 2,
      executed: counted.splitExecuted,
      emitted: counted.splitEmitted,
      acked: counted.splitAcked,
      failed: counted.splitFailed,
      errors: 0,
    });
    expect(c['slow']).toMatchObject({ executed: counted.slowExecuted, acked: counted.slowExecuted, emitted: 0 });
    expect(c['sink']).toMatchObject({ kind: 'basic-bolt', executed: counted.sinkExecuted, acked: counted.sinkExecuted, emitted: 0 });
    expect(counted.sinkExecuted).toBe(Math.ceil(n / 4));
    expect(summary.spoutTuples).toEqual({ emitted: n, acked: n - 10, failed: 10, pending: 0, abandoned: 0, untracked: 0 });
    expect(summary.throughput.tuplesPerSec).toBeGreaterThan(0);
    expect(summary.durationMs).toBeGreaterThan(0);

    const latency = c['spout']!.completeLatencyMs!;
    expect(latency.p50).toBeGreaterThan(0);
    expect(latency.p50).toBeLessThanOrEqual(latency.p99);
    expect(latency.p99).toBeGreaterThanOrEqual(30); // the 40 ms trees are over 1 % of the acked ones
    expect(latency.p50).toBeLessThan(30);
    expect(summary.completeLatencyMs.p50).toBe(latency.p50);
    expect(summary.completeLatencyMs.p99).toBe(latency.p99);
    expect(c['slow']!.executeLatencyMs).toBeGreaterThan(0);
  });

  it("counts an async nextTuple that emits after an await as a productive call (the spout's 'executed')", async () => {
    let i = 0;
    const acked: unknown[] = [];
    class AsyncSpout extends Spout {
      static outputFields = ['n'];
      async nextTuple(): Promise<void> {
        if (i >= 5) return;
        await sleep(1);
        const id = i++;
        this.emit([id], { msgId: id });
      }
      override ack(msgId: unknown): void {
        acked.push(msgId);
      }
    }
    const b = new TopologyBuilder();
    b.setSpout('spout', AsyncSpout, 1);
    b.setBolt('sink', Sinkless, 1).shuffleGrouping('spout');
    const { summary } = await withRun(b.createTopology('async-spout-metrics'), {}, async (h) => {
      await waitFor(() => acked.length === 5, 2_000, 'five acked', h);
    });
    expect(summary.components['spout']).toMatchObject({ emitted: 5, acked: 5 });
    expect(summary.components['spout']!.executed, 'nextTuple calls that emitted something').toBe(5);
  });
});

/** Acks everything (BasicBolt). */
class Sinkless extends BasicBolt {
  execute(): void {}
}
