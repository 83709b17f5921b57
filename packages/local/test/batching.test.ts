import { BatchingBolt, TopologyBuilder, type Batch } from '@twinstorm/core';
import { describe, expect, it } from 'vitest';
import { waitFor } from '@twinstorm/core/testing';
import { Ledger, numberSpout, withRun } from './helpers.ts';

describe('BatchingBolt on the local engine', () => {
  it('writes full batches at once and the rest at the next tick, acking each tuple after its write', async () => {
    const ledger = new Ledger();
    const written: number[][] = [];
    let failNext = true;
    class Sink extends BatchingBolt<number> {
      override toEntry(tuple: { getNumber(f: string): number }): number {
        return tuple.getNumber('n');
      }
      override async writeBatch(batch: Batch<number>): Promise<void> {
        await new Promise((r) => setTimeout(r, 5));
        if (failNext) {
          failNext = false; // the first batch fails: its tuples are replayed, and written in a later batch
          throw new Error('first write refused');
        }
        // Acked only after this resolves: none of the batch may be acked yet.
        expect(batch.entries.filter((n) => ledger.ackCount(n) > 0)).toEqual([]);
        written.push([...batch.entries]);
      }
    }
    const b = new TopologyBuilder();
    b.setSpout('numbers', numberSpout(ledger, { count: 25 }));
    b.setBolt('sink', Sink).shuffleGrouping('numbers').addConfiguration('twinstorm.batch.max.tuples', 10);
    const { summary } = await withRun(b.createTopology('batching'), {}, async (h) => {
      await waitFor(() => ledger.allAcked(25), 5_000, 'all 25 acked (the last 5 after a tick)', h);
    });
    expect(ledger.fails.map((f) => f.msgId).sort((x, y) => x - y)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(written.flat().sort((x, y) => x - y)).toEqual(Array.from({ length: 25 }, (_, i) => i));
    expect(written.every((w) => w.length <= 10)).toBe(true);
    expect(
      written.some((w) => w.length < 10),
      'a partial batch written at a tick',
    ).toBe(true);
    expect(summary.components['sink']!.errors).toBe(1);
  });
});
