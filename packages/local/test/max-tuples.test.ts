import { Bolt, Spout, TopologyBuilder, type Tuple } from '@twinstorm/core';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { captureBolt, holdsFor, Ledger, numberSpout, start, withRun, type Seen } from './helpers.ts';
import { waitFor } from '@twinstorm/core/testing';

/** Words of a sentence id: between 1 and 4, so counts differ from sentences. */
const words = (id: number): string[] => Array.from({ length: 1 + (id % 4) }, (_, k) => `w${(id + k) % 11}`);

describe('maxTuples and idleness', () => {
  it('stops after exactly maxTuples acked trees, with consistent component counts', async () => {
    const max = 1000;
    const ledger = new Ledger();
    const sink: Seen[] = [];
    let wordsEmitted = 0;
    class Split extends Bolt {
      static outputFields = ['word'];
      execute(t: Tuple): void {
        for (const w of words(t.getNumber('n'))) {
          this.emit([w], { anchors: [t] });
          wordsEmitted++;
        }
        this.ack(t);
      }
    }
    const b = new TopologyBuilder();
    b.setSpout('spout', numberSpout(ledger, { count: Number.POSITIVE_INFINITY }), 2);
    b.setBolt('split', Split, 2).shuffleGrouping('spout');
    b.setBolt('sink', captureBolt(sink), 3).fieldsGrouping('split', ['word']);
    const h = start(b.createTopology('max-tuples', { 'topology.max.spout.pending': 50 }), { maxTuples: max });
    await h.run.started;
    const summary = await Promise.race([h.run.finished, sleep(20_000).then(() => null)]);
    if (summary === null) throw new Error(`maxTuples run did not finish\n${h.dump()}`);

    expect(summary.stopReason).toBe(`max tuples reached (${max})`);
    expect(summary.spoutTuples).toEqual({ emitted: max, acked: max, failed: 0, pending: 0, abandoned: 0, untracked: 0 });
    expect(ledger.acks).toHaveLength(max);
    expect(ledger.emits).toHaveLength(max);
    expect(new Set(ledger.acks.map((a) => a.msgId)).size).toBe(max);
    const c = summary.components;
    expect(c['spout']).toMatchObject({ executed: max, emitted: max, acked: max, failed: 0, pending: 0, tasks: 2 });
    expect(c['split']).toMatchObject({ executed: max, acked: max, emitted: wordsEmitted, failed: 0, queued: 0 });
    expect(c['sink']).toMatchObject({ executed: wordsEmitted, acked: wordsEmitted, emitted: 0, queued: 0 });
    expect(sink).toHaveLength(wordsEmitted);
    expect(Math.max(...ledger.maxOutstanding.values())).toBeLessThanOrEqual(50);
    expect(h.errors).toEqual([]);
  });

  it("stops calling nextTuple at maxTuples and overshoots by at most one call's burst, dropping nothing (LocalRunOptions.maxTuples)", async () => {
    const max = 10;
    const ledger = new Ledger();
    class Burst extends Spout {
      static outputFields = ['n'];
      #i = 0;
      nextTuple(): void {
        for (let k = 0; k < 3; k++) {
          const id = this.#i++;
          ledger.emits.push({ msgId: id, task: this.context.taskId, at: 0 });
          this.emit([id], { msgId: id });
        }
      }
      override ack(msgId: unknown): void {
        ledger.acks.push({ msgId: msgId as number, task: this.context.taskId, at: 0 });
      }
    }
    const b = new TopologyBuilder();
    b.setSpout('burst', Burst, 1);
    b.setBolt('sink', captureBolt([]), 1).shuffleGrouping('burst');
    const h = start(b.createTopology('max-tuples-burst'), { maxTuples: max });
    await h.run.started;
    const summary = await Promise.race([h.run.finished, sleep(10_000).then(() => null)]);
    if (summary === null) throw new Error(`run did not finish\n${h.dump()}`);
    expect(summary.stopReason).toBe(`max tuples reached (${max})`);
    // nextTuple is gated before each call; a call emitting 3 may overshoot by up to 2, and nothing it emits is dropped.
    const burst = 3;
    expect(summary.spoutTuples.emitted, `emitted ${summary.spoutTuples.emitted} spout tuples for maxTuples ${max}`).toBeLessThanOrEqual(
      max + burst - 1,
    );
    expect(summary.spoutTuples.emitted % burst).toBe(0);
    expect(summary.spoutTuples.acked).toBe(summary.spoutTuples.emitted);
    expect(ledger.acks.length).toBe(ledger.emits.length);
  });

  it('isIdle() is false while a spout emits and true once a finite spout is exhausted and everything is acked', async () => {
    let open = true;
    const ledger = new Ledger();
    const sink: Seen[] = [];
    const b = new TopologyBuilder();
    b.setSpout('spout', numberSpout(ledger, { count: Number.POSITIVE_INFINITY, gate: () => open }), 1);
    b.setBolt('sink', captureBolt(sink), 1).shuffleGrouping('spout');
    await withRun(b.createTopology('idle', { 'topology.max.spout.pending': 10 }), {}, async (h) => {
      await waitFor(() => ledger.acks.length >= 100, 5_000, 'some tuples flowing', h);
      await holdsFor(60, () => !h.run.isIdle(), 'not idle while the spout emits', h);
      open = false;
      await waitFor(() => h.run.isIdle(), 2_000, 'idle once the spout stops emitting', h);
      expect(h.run.snapshot().spoutTuples.pending).toBe(0);
      expect(ledger.acks.length).toBe(ledger.emits.length);
      const before = ledger.acks.length;
      open = true;
      await waitFor(() => ledger.acks.length > before + 20, 2_000, 'flowing again', h);
      await holdsFor(40, () => !h.run.isIdle(), 'not idle once the spout emits again', h);
    });
    expect(sink.length).toBe(ledger.emits.length);
  });

  it('isIdle() stays false while trees are pending even if the spout is exhausted', async () => {
    const ledger = new Ledger();
    const held: Array<{ bolt: Bolt; tuple: Tuple }> = [];
    const b = new TopologyBuilder();
    b.setSpout('spout', numberSpout(ledger, { count: 3 }), 1);
    b.setBolt(
      'hold',
      captureBolt([], () => 'hold', held),
      1,
    ).shuffleGrouping('spout');
    await withRun(b.createTopology('idle-pending'), {}, async (h) => {
      await waitFor(() => held.length === 3, 2_000, 'all held', h);
      await holdsFor(50, () => !h.run.isIdle(), 'not idle with pending trees', h);
      for (const x of held.splice(0)) x.bolt.ack(x.tuple);
      await waitFor(() => h.run.isIdle(), 2_000, 'idle after the acks', h);
    });
    expect(ledger.acks).toHaveLength(3);
  });

  it('isIdle() is false while an async nextTuple is in flight', async () => {
    let resolveNext: (() => void) | null = null;
    let emitted = 0;
    class AsyncSpout extends Spout {
      static outputFields = ['n'];
      nextTuple(): Promise<void> | void {
        if (emitted >= 1) return;
        return new Promise<void>((resolve) => {
          resolveNext = () => {
            this.emit([emitted++], { msgId: 1 });
            resolve();
          };
        });
      }
    }
    const sink: Seen[] = [];
    const b = new TopologyBuilder();
    b.setSpout('spout', AsyncSpout, 1);
    b.setBolt('sink', captureBolt(sink), 1).shuffleGrouping('spout');
    await withRun(b.createTopology('idle-async'), {}, async (h) => {
      await waitFor(() => resolveNext !== null, 2_000, 'nextTuple called', h);
      await holdsFor(50, () => !h.run.isIdle(), 'not idle while nextTuple is pending', h);
      resolveNext!();
      await waitFor(() => h.run.isIdle(), 2_000, 'idle after the async emit is acked', h);
    });
    expect(sink).toHaveLength(1);
  });

  it('an exhausted async nextTuple (an async method returns a Promise every call) lets the run become idle, polled at the idle rate', async () => {
    let i = 0;
    let calls = 0;
    const acked: unknown[] = [];
    class AsyncSpout extends Spout {
      static outputFields = ['n'];
      async nextTuple(): Promise<void> {
        calls++;
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
    b.setBolt('sink', captureBolt([]), 1).shuffleGrouping('spout');
    let callsPerSec = 0;
    let idle = false;
    await withRun(b.createTopology('idle-async-exhausted'), {}, async (h) => {
      await waitFor(() => acked.length === 5, 2_000, 'five acked', h);
      const before = calls;
      const t0 = performance.now();
      // Either outcome ends the wait; both are asserted below.
      await waitFor(() => h.run.isIdle() || performance.now() - t0 > 300, 2_000, 'idle or 300 ms', h);
      idle = h.run.isIdle();
      await sleep(100);
      callsPerSec = ((calls - before) * 1000) / (performance.now() - t0);
    });
    expect(idle, `isIdle() once the async spout has nothing left to emit (nextTuple calls/s meanwhile: ${Math.round(callsPerSec)})`).toBe(
      true,
    );
    // Storm sleeps ~1 ms when nextTuple emits nothing; a hot loop would call it tens of thousands of times a second.
    expect(callsPerSec, 'nextTuple calls per second of an exhausted async spout').toBeLessThan(3_000);
  });
});

describe('maxTuples with untracked emits', () => {
  it('warns once that emits without a msgId never count toward maxTuples', async () => {
    class Unreliable extends Spout {
      static outputFields = ['n'];
      #i = 0;
      nextTuple(): void {
        if (this.#i < 50) this.emit([this.#i++]);
      }
    }
    const b = new TopologyBuilder();
    b.setSpout('loose', Unreliable, 1);
    b.setBolt('sink', captureBolt([]), 1).shuffleGrouping('loose');
    const { harness } = await withRun(b.createTopology('max-tuples-untracked'), { maxTuples: 10 }, async (h) => {
      await waitFor(() => h.logs.some((l) => l.level === 'warn'), 5_000, 'a warning about untracked emits', h);
      expect(h.run.snapshot().state).toBe('running');
    });
    const warnings = harness.logs.filter((l) => l.level === 'warn');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.component).toBe('loose');
    expect(warnings[0]!.message).toContain('without a msgId');
  });
});
