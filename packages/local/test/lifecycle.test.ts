import { Bolt, TopologyBuilder, type Tuple } from '@twinstorm/core';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { captureBolt, codeOf, holdsFor, Ledger, now, numberSpout, release, start, type Seen } from './helpers.ts';
import { waitFor } from '@twinstorm/core/testing';

/** Index of the first entry matching a prefix (-1 if none). */
function first(calls: readonly string[], prefix: string): number {
  return calls.findIndex((c) => c.startsWith(prefix));
}

/** Index of the last entry matching a prefix (-1 if none). */
function last(calls: readonly string[], prefix: string): number {
  for (let i = calls.length - 1; i >= 0; i--) if (calls[i]!.startsWith(prefix)) return i;
  return -1;
}

describe('lifecycle', () => {
  it("runs Storm's order: prepare, open, activate, nextTuple ... deactivate, drain, close, cleanup", async () => {
    const ledger = new Ledger();
    const calls = ledger.calls;
    const held: Array<{ bolt: Bolt; tuple: Tuple }> = [];
    const seen: Seen[] = [];
    let closedAt = 0;
    class SlowOpenSpout extends numberSpout(ledger, { count: 1_000_000 }) {
      override async open(): Promise<void> {
        await super.open();
        await sleep(20);
        calls.push(`opened:${this.context.taskId}`);
      }
      override close(): void {
        super.close();
        closedAt = now();
      }
    }
    const Hold = captureBolt(seen, () => 'hold', held);
    class LifecycleBolt extends Hold {
      override async prepare(): Promise<void> {
        calls.push(`prepare:${this.context.taskId}`);
        await sleep(20);
        calls.push(`prepared:${this.context.taskId}`);
      }
      override cleanup(): void {
        calls.push(`cleanup:${this.context.taskId}`);
      }
    }
    const b = new TopologyBuilder();
    b.setSpout('spout', SlowOpenSpout, 2);
    b.setBolt('hold', LifecycleBolt, 2).shuffleGrouping('spout');
    const h = start(b.createTopology('lifecycle', { 'topology.max.spout.pending': 3 }));
    await h.run.started;
    expect(h.run.snapshot().state).toBe('running');
    // Every bolt prepared (async prepare awaited) before any spout opens; every open finished before any activate.
    expect(last(calls, 'prepared:')).toBeLessThan(first(calls, 'open:'));
    expect(calls.filter((c) => c.startsWith('prepared:'))).toHaveLength(2);
    expect(last(calls, 'opened:')).toBeLessThan(first(calls, 'activate:'));
    expect(calls.filter((c) => c.startsWith('activate:'))).toHaveLength(2);
    await waitFor(() => held.length === 6, 5_000, 'both spout tasks at max pending', h);
    expect(first(calls, 'nextTuple:')).toBeGreaterThan(last(calls, 'activate:'));

    const stopping = h.run.stop();
    await waitFor(() => calls.filter((c) => c.startsWith('deactivate:')).length === 2, 2_000, 'both spouts deactivated', h);
    expect(h.run.snapshot().state).toBe('draining');
    // Pending trees hold the shutdown: no close or cleanup yet.
    await holdsFor(80, () => first(calls, 'close:') < 0 && first(calls, 'cleanup:') < 0, 'close waits for the drain', h);
    expect(h.run.snapshot().spoutTuples.pending).toBe(6);
    expect(release(held, 'ack')).toBe(6);
    const summary = await stopping;
    const lastAckAt = Math.max(...ledger.acks.map((a) => a.at));

    expect(summary.stopReason).toBe('stopped');
    expect(summary.state).toBe('stopped');
    expect(summary.spoutTuples).toMatchObject({ emitted: 6, acked: 6, pending: 0 });
    expect(ledger.acks).toHaveLength(6);
    expect(lastAckAt).toBeLessThanOrEqual(closedAt);
    // Nothing asked of the spouts after deactivate except acks; then close, then cleanup.
    expect(last(calls, 'nextTuple:')).toBeLessThan(first(calls, 'deactivate:'));
    expect(last(calls, 'deactivate:')).toBeLessThan(first(calls, 'close:'));
    expect(last(calls, 'close:')).toBeLessThan(first(calls, 'cleanup:'));
    expect(calls.filter((c) => c.startsWith('close:'))).toHaveLength(2);
    expect(calls.filter((c) => c.startsWith('cleanup:'))).toHaveLength(2);
    expect(await h.run.finished).toEqual(summary);
    expect(h.errors).toEqual([]);
  });

  it('a prepare() that throws rejects started, and finished resolves with "start failed"', async () => {
    const ledger = new Ledger();
    class BadPrepare extends Bolt {
      override prepare(): void {
        throw new Error('no database');
      }
      execute(): void {}
    }
    const b = new TopologyBuilder();
    b.setSpout('spout', numberSpout(ledger, { count: 10 }), 1);
    b.setBolt('bad', BadPrepare, 1).shuffleGrouping('spout');
    const h = start(b.createTopology('bad-prepare'));
    const error = await h.run.started.then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(Error);
    expect(codeOf(error)).toBe('E_LIFECYCLE');
    expect((error as Error).message).toContain('component "bad"');
    expect((error as Error).message).toContain('no database');
    const summary = await h.run.finished;
    expect(summary.stopReason).toMatch(/^start failed/);
    expect(summary.stopReason).toContain('no database');
    expect(summary.state).toBe('stopped');
    expect(first(ledger.calls, 'open:')).toBe(-1);
    expect(ledger.nextTupleCalls).toBe(0);
    expect(h.errors.map((e) => e.component)).toEqual(['bad']);
    expect(h.errors[0]!.message).toContain('no database');
    // stop() after a failed start resolves with the same summary instead of hanging.
    expect((await h.run.stop()).stopReason).toBe(summary.stopReason);
  });

  it('a rejected async open() rejects started too', async () => {
    const ledger = new Ledger();
    class BadOpen extends numberSpout(ledger, { count: 10 }) {
      override async open(): Promise<void> {
        await sleep(5);
        throw new Error('queue unreachable');
      }
    }
    const b = new TopologyBuilder();
    b.setSpout('spout', BadOpen, 1);
    b.setBolt('sink', captureBolt([]), 1).shuffleGrouping('spout');
    const h = start(b.createTopology('bad-open'));
    await expect(h.run.started).rejects.toThrow(/queue unreachable/);
    const summary = await h.run.finished;
    expect(summary.stopReason).toMatch(/^start failed.*queue unreachable/);
    expect(ledger.nextTupleCalls).toBe(0);
    expect(first(ledger.calls, 'activate:')).toBe(-1);
  });

  it('gives up draining after drainTimeoutMs, says so in stopReason, and still closes and cleans up', async () => {
    const ledger = new Ledger();
    const held: Array<{ bolt: Bolt; tuple: Tuple }> = [];
    let cleanedUp = false;
    const Hold = captureBolt([], () => 'hold', held);
    class Holder extends Hold {
      override cleanup(): void {
        cleanedUp = true;
      }
    }
    const b = new TopologyBuilder();
    b.setSpout('spout', numberSpout(ledger, { count: 4 }), 1);
    b.setBolt('hold', Holder, 1).shuffleGrouping('spout');
    const h = start(b.createTopology('drain-timeout'), { drainTimeoutMs: 150 });
    await h.run.started;
    await waitFor(() => held.length === 4, 2_000, 'four tuples held', h);
    const t0 = now();
    const summary = await h.run.stop();
    const took = now() - t0;
    expect(took).toBeGreaterThanOrEqual(140);
    expect(took).toBeLessThan(1_500);
    expect(summary.stopReason).toMatch(/drain timed out after 150 ms with 4 tree\(s\) pending/);
    expect(summary.spoutTuples.pending).toBe(4);
    expect(first(ledger.calls, 'close:')).toBeGreaterThan(first(ledger.calls, 'deactivate:'));
    expect(cleanedUp).toBe(true);
  });

  it('by default drains for 2 × the message timeout, so a stuck tree is failed by its timeout before close (LocalRunOptions.drainTimeoutMs)', async () => {
    const ledger = new Ledger();
    const held: Array<{ bolt: Bolt; tuple: Tuple }> = [];
    const b = new TopologyBuilder();
    b.setSpout('spout', numberSpout(ledger, { count: 1, replay: false }), 1);
    b.setBolt(
      'hold',
      captureBolt([], () => 'hold', held),
      1,
    ).shuffleGrouping('spout');
    const h = start(b.createTopology('drain-default', { 'topology.message.timeout.secs': 1 }));
    await h.run.started;
    await waitFor(() => held.length === 1, 2_000, 'the tuple held', h);
    // Stop 300 ms after the emit: the tree times out 1-2 s after its emit, i.e. within 2 × 1 s of the stop.
    await sleep(300);
    const summary = await h.run.stop();
    expect(summary.stopReason, 'types.ts documents drainTimeoutMs default as 2 × message timeout').toBe('stopped');
    expect(summary.spoutTuples.pending).toBe(0);
    expect(ledger.fails.map((f) => f.msgId)).toEqual([0]);
  });

  it('errors thrown by close() and cleanup() are reported, counted per component, and do not stop the shutdown', async () => {
    const ledger = new Ledger();
    let otherCleanedUp = false;
    class BadClose extends numberSpout(ledger, { count: 3 }) {
      override close(): void {
        super.close();
        throw new Error('close exploded');
      }
    }
    class BadCleanup extends Bolt {
      execute(t: Tuple): void {
        this.ack(t);
      }
      override cleanup(): void {
        throw new Error('cleanup exploded');
      }
    }
    class GoodCleanup extends Bolt {
      execute(t: Tuple): void {
        this.ack(t);
      }
      override cleanup(): void {
        otherCleanedUp = true;
      }
    }
    const b = new TopologyBuilder();
    b.setSpout('spout', BadClose, 1);
    b.setBolt('bad', BadCleanup, 1).shuffleGrouping('spout');
    b.setBolt('good', GoodCleanup, 1).shuffleGrouping('spout');
    const h = start(b.createTopology('bad-shutdown'));
    await h.run.started;
    await waitFor(() => ledger.acks.length === 3, 2_000, 'three acked', h);
    const summary = await h.run.stop();
    expect(otherCleanedUp).toBe(true);
    expect(h.errors.map((e) => `${e.component}: ${e.message}`)).toEqual([
      expect.stringMatching(/^spout: .*close exploded/),
      expect.stringMatching(/^bad: .*cleanup exploded/),
    ]);
    expect(summary.lastErrors.map((e) => e.component)).toEqual(['spout', 'bad']);
    // The per-component error counters agree with lastErrors.
    expect(summary.components['spout']!.errors, 'spout errors').toBe(1);
    expect(summary.components['bad']!.errors, 'bad errors').toBe(1);
  });
});
