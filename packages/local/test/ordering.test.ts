import { Bolt, Spout, TopologyBuilder, type Tuple } from '@twinstorm/core';
import { describe, expect, it } from 'vitest';
import { range, withRun } from './helpers.ts';
import { waitFor } from '@twinstorm/core/testing';

describe('ordering', () => {
  it('keeps per-sender FIFO order into a task, whether tuples are executed at once or queued behind async work', async () => {
    const n = 3000;
    const received: number[] = [];
    class Numbers extends Spout {
      static outputFields = ['n'];
      #i = 0;
      nextTuple(): void {
        // Bursts, so some tuples find the receiver busy (queued) and others find it idle (executed at once).
        for (let k = 0; k < 5 && this.#i < n; k++) this.emit([this.#i], { msgId: this.#i++ });
      }
    }
    class Recorder extends Bolt {
      execute(t: Tuple): void | Promise<void> {
        const v = t.getNumber('n');
        received.push(v);
        if (v % 250 !== 0) return this.ack(t);
        // A slow execute now and then: hundreds of tuples queue behind it, more than one loop round drains.
        return new Promise<void>((resolve) => setTimeout(resolve, 3)).then(() => this.ack(t));
      }
    }
    const b = new TopologyBuilder();
    b.setSpout('numbers', Numbers, 1);
    b.setBolt('recorder', Recorder, 1).shuffleGrouping('numbers').addConfiguration('twinstorm.bolt.max.concurrency', 1);
    // Max pending keeps the spout emitting while a backlog drains, so new tuples arrive behind queued ones.
    const { summary } = await withRun(b.createTopology('fifo', { 'topology.max.spout.pending': 300 }), {}, async (h) => {
      await waitFor(() => h.run.snapshot().spoutTuples.acked === n, 10_000, 'every tuple acked', h);
    });
    expect(summary.spoutTuples.failed).toBe(0);
    expect(received).toEqual(range(n));
  });

  it('acks a tree whose whole processing happens inside the spout emit (direct execution) exactly once', async () => {
    const acked: number[] = [];
    class One extends Spout {
      static outputFields = ['n'];
      #i = 0;
      nextTuple(): void {
        if (this.#i < 100) this.emit([this.#i], { msgId: this.#i++ });
      }
      override ack(msgId: unknown): void {
        acked.push(msgId as number);
      }
    }
    class Pass extends Bolt {
      static outputFields = ['n'];
      execute(t: Tuple): void {
        this.emit([t.getNumber('n')], { anchors: [t] });
        this.ack(t);
      }
    }
    class Sink extends Bolt {
      execute(t: Tuple): void {
        this.ack(t);
      }
    }
    const b = new TopologyBuilder();
    b.setSpout('one', One, 1);
    b.setBolt('pass', Pass, 1).shuffleGrouping('one');
    b.setBolt('sink', Sink, 1).shuffleGrouping('pass');
    await withRun(b.createTopology('inline-tree'), {}, async (h) => {
      await waitFor(() => acked.length >= 100, 10_000, '100 trees acked', h);
    });
    expect([...acked].sort((x, y) => x - y)).toEqual(range(100));
  });
});
