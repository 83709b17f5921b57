import { BasicBolt, Bolt, TopologyBuilder, type Tuple } from '@twinstorm/core';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { captureBolt, codeOf, holdsFor, Ledger, numberSpout, range, release, stopReleasing, withRun, type Seen } from './helpers.ts';
import { waitFor } from '@twinstorm/core/testing';

describe('async execute', () => {
  it("keeps at most 'twinstorm.bolt.max.concurrency' executions in flight per task, and uses all of them", async () => {
    const n = 80;
    const ledger = new Ledger();
    const inFlight = new Map<number, number>();
    const maxInFlight = new Map<number, number>();
    class Slow extends Bolt {
      async execute(t: Tuple): Promise<void> {
        const task = this.context.taskId;
        const now = (inFlight.get(task) ?? 0) + 1;
        inFlight.set(task, now);
        maxInFlight.set(task, Math.max(now, maxInFlight.get(task) ?? 0));
        await sleep(20);
        inFlight.set(task, (inFlight.get(task) ?? 0) - 1);
        this.ack(t);
      }
    }
    const b = new TopologyBuilder();
    b.setSpout('spout', numberSpout(ledger, { count: n }), 1);
    b.setBolt('slow', Slow, 2).shuffleGrouping('spout');
    const { summary } = await withRun(b.createTopology('async-limit', { 'twinstorm.bolt.max.concurrency': 4 }), {}, async (h) => {
      await waitFor(() => ledger.allAcked(n), 10_000, 'all acked', h);
    });
    expect([...maxInFlight.values()]).toEqual([4, 4]);
    expect(ledger.acks).toHaveLength(n);
    expect(ledger.fails).toHaveLength(0);
    expect(summary.components['slow']).toMatchObject({ executed: n, acked: n, failed: 0, errors: 0 });
  });

  it('runs an async BasicBolt one execution at a time and anchors its emits to the right input', async () => {
    const n = 12;
    const ledger = new Ledger();
    let inFlight = 0;
    let maxInFlight = 0;
    const downstream: Seen[] = [];
    const held: Array<{ bolt: Bolt; tuple: Tuple }> = [];
    class AsyncBasic extends BasicBolt {
      static outputFields = ['n'];
      async execute(t: Tuple): Promise<void> {
        maxInFlight = Math.max(maxInFlight, ++inFlight);
        const id = t.getNumber('n');
        // Emits both before and after the await: both must be anchored to this input.
        this.emit([id]);
        await sleep(3 + (id % 3) * 4);
        this.emit([id]);
        inFlight--;
      }
    }
    const b = new TopologyBuilder();
    b.setSpout('spout', numberSpout(ledger, { count: n }), 1);
    b.setBolt('basic', AsyncBasic, 1).shuffleGrouping('spout');
    b.setBolt(
      'hold',
      captureBolt(downstream, () => 'hold', held),
      1,
    ).shuffleGrouping('basic');
    await withRun(b.createTopology('async-basic', { 'twinstorm.bolt.max.concurrency': 8 }), {}, async (h) => {
      await waitFor(() => held.length === 2 * n, 5_000, 'every emit held downstream', h);
      await holdsFor(50, () => ledger.acks.length === 0, 'no tree completes while its emits are held', h);
      // One of the two children of id 5: still pending.
      let k = 0;
      expect(release(held, 'ack', (t) => t.getNumber('n') === 5 && ++k === 1)).toBe(1);
      await holdsFor(40, () => ledger.acks.length === 0, 'id 5 pending with one child held', h);
      expect(release(held, 'ack', (t) => t.getNumber('n') === 5)).toBe(1);
      await waitFor(() => ledger.acks.length === 1, 2_000, 'id 5 acked', h);
      expect(ledger.acks.map((a) => a.msgId)).toEqual([5]);
      release(held, 'ack', (t) => t.getNumber('n') === 11);
      await waitFor(() => ledger.acks.length === 2, 2_000, 'id 11 acked', h);
      expect(ledger.acks.map((a) => a.msgId)).toEqual([5, 11]);
      await stopReleasing(h, held);
    });
    expect(maxInFlight).toBe(1);
    expect(ledger.ackTally().size).toBe(n);
    expect(ledger.fails).toHaveLength(0);
  });

  it('fails the input of a rejected async BasicBolt and reports the error with component, task and stream', async () => {
    const n = 20;
    const ledger = new Ledger();
    class Rejecting extends BasicBolt {
      async execute(t: Tuple): Promise<void> {
        await sleep(1);
        if (t.getNumber('n') === 7) throw new Error('no sevens');
      }
    }
    const b = new TopologyBuilder();
    b.setSpout('spout', numberSpout(ledger, { count: n, replay: false }), 1);
    b.setBolt('rejecting', Rejecting, 2).shuffleGrouping('spout');
    const { summary, harness } = await withRun(b.createTopology('async-reject'), {}, async (h) => {
      await waitFor(() => ledger.acks.length + ledger.fails.length === n, 5_000, 'every id done', h);
    });
    expect(ledger.fails.map((f) => f.msgId)).toEqual([7]);
    expect(ledger.acks.map((a) => a.msgId).sort((a, b) => a - b)).toEqual(range(n).filter((i) => i !== 7));
    expect(harness.errors).toHaveLength(1);
    const e = harness.errors[0]!;
    expect(e).toMatchObject({ component: 'rejecting', stream: 'default' });
    expect(summary.components['rejecting']!.errors).toBe(1);
    expect(summary.components['rejecting']!.failed).toBe(1);
    expect(e.message).toContain('component "rejecting"');
    expect(e.message).toContain(`task ${e.task}`);
    expect(e.message).toContain('stream "default"');
    expect(e.message).toContain('no sevens');
    expect(summary.lastErrors.map((x) => x.message)).toEqual([e.message]);
  });

  it('fails the input of a rejected async Bolt that did not ack it, and keeps running', async () => {
    const n = 20;
    const ledger = new Ledger();
    class Rejecting extends Bolt {
      async execute(t: Tuple): Promise<void> {
        await sleep(1);
        if (t.getNumber('n') % 5 === 0) throw new TypeError(`bad ${t.getNumber('n')}`);
        this.ack(t);
      }
    }
    const b = new TopologyBuilder();
    b.setSpout('spout', numberSpout(ledger, { count: n, replay: false }), 1);
    b.setBolt('rejecting', Rejecting, 1).shuffleGrouping('spout');
    const { summary, harness } = await withRun(b.createTopology('async-reject-bolt'), {}, async (h) => {
      await waitFor(() => ledger.acks.length + ledger.fails.length === n, 5_000, 'every id done', h);
    });
    expect(ledger.fails.map((f) => f.msgId).sort((a, b) => a - b)).toEqual([0, 5, 10, 15]);
    expect(harness.errors.map((e) => e.message.replace(/.*: /, ''))).toEqual(
      expect.arrayContaining(['bad 0', 'bad 5', 'bad 10', 'bad 15']),
    );
    expect(harness.errors.every((e) => codeOf(e.error) === undefined && e.error instanceof TypeError)).toBe(true);
    expect(summary.components['rejecting']!.errors).toBe(4);
  });
});
