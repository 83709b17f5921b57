import { Bolt, TopologyBuilder, type Tuple } from '@twinstorm/core';
import { describe, expect, it } from 'vitest';
import { holdsFor, Ledger, numberSpout, range, withRun } from './helpers.ts';
import { waitFor } from '@twinstorm/core/testing';

describe('message timeouts', () => {
  it('fails unacked trees between T and 2T after emit, the spout replays them, and a late ack of the old tuple is ignored', async () => {
    const n = 50;
    const ledger = new Ledger();
    const firstSight = new Set<number>();
    /** First deliveries of ids % 7 == 0: never acked in time; acked by the test after the replays succeeded. */
    const stale: Array<{ bolt: Bolt; tuple: Tuple }> = [];
    class Forgetful extends Bolt {
      execute(t: Tuple): void {
        const id = t.getNumber('n');
        const first = !firstSight.has(id);
        firstSight.add(id);
        if (first && id % 7 === 0) stale.push({ bolt: this, tuple: t });
        else this.ack(t);
      }
    }
    const timedOut = range(n).filter((i) => i % 7 === 0);
    const b = new TopologyBuilder();
    b.setSpout('spout', numberSpout(ledger, { count: n }), 1);
    b.setBolt('forgetful', Forgetful, 2).shuffleGrouping('spout');
    const { summary } = await withRun(b.createTopology('timeouts', { 'topology.message.timeout.secs': 1 }), {}, async (h) => {
      await waitFor(() => ledger.allAcked(n), 8_000, 'every id acked, the timed-out ones after replay', h);
      expect(stale).toHaveLength(timedOut.length);
      // Acking the timed-out originals now must neither error nor ack anything twice.
      for (const s of stale) s.bolt.ack(s.tuple);
      await holdsFor(60, () => ledger.acks.length === n, 'no extra acks from stale tuples', h);
      expect(h.errors).toEqual([]);
    });
    expect(ledger.fails.map((f) => f.msgId).sort((a, b) => a - b)).toEqual(timedOut);
    for (const f of ledger.fails) {
      const emittedAt = ledger.emits.find((e) => e.msgId === f.msgId)!.at;
      const dt = (f.at - emittedAt) / 1000;
      expect(dt, `timeout of id ${f.msgId} after ${dt.toFixed(3)} s`).toBeGreaterThanOrEqual(0.9);
      expect(dt, `timeout of id ${f.msgId} after ${dt.toFixed(3)} s`).toBeLessThanOrEqual(2.6);
    }
    expect([...ledger.ackTally().values()].every((c) => c === 1)).toBe(true);
    expect(ledger.ackTally().size).toBe(n);
    expect(summary.spoutTuples).toMatchObject({ acked: n, failed: timedOut.length, pending: 0 });
    expect(ledger.reentrant).toBe(0);
  });

  it('does not time out trees that complete within the timeout, however long the run', async () => {
    const ledger = new Ledger();
    class SlowAcker extends Bolt {
      execute(t: Tuple): void {
        // 300 ms per tuple, well within a 1 s timeout.
        setTimeout(() => this.ack(t), 300);
      }
    }
    const b = new TopologyBuilder();
    b.setSpout('spout', numberSpout(ledger, { count: 1_000_000 }), 1);
    b.setBolt('slow', SlowAcker, 1).shuffleGrouping('spout');
    await withRun(
      b.createTopology('no-timeouts', { 'topology.message.timeout.secs': 1, 'topology.max.spout.pending': 4 }),
      {},
      async (h) => {
        // Two and a half timeout periods: every rotation must keep the young trees.
        await holdsFor(
          2_500,
          () => ledger.fails.length === 0,
          () => `no tree times out (failed: ${ledger.fails.map((f) => f.msgId).join(', ')})`,
          h,
        );
        expect(ledger.acks.length).toBeGreaterThanOrEqual(20);
        expect(h.errors).toEqual([]);
      },
    );
  });
});
