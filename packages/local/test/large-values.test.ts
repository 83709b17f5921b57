// Values larger than a ring between two worker threads (2 MiB with two threads) cross it in chunks: they arrive intact,
// and the link behind them keeps moving (issue 12: a 3 MB value used to stall the ring for ever, the reader asleep).
import { describe, expect, it } from 'vitest';
import { loadTopology } from '../src/index.ts';
import { placeTasks } from '../src/workers/placement.ts';
import { ProbeLog } from './modes.ts';
import { range, withRun } from './helpers.ts';
import { waitFor } from '@twinstorm/core/testing';

const FIXTURE = new URL('./fixtures/large-values.ts', import.meta.url).pathname;

describe('a value larger than the ring between two worker threads', () => {
  it.each([3_000_000, 50_000_000])(
    'arrives intact (%i characters), and every tuple after it too',
    async (size) => {
      const n = 4;
      const topology = await loadTopology(FIXTURE, 'largeValues');
      const placement = placeTasks(topology.spec, 2);
      // Task ids: __acker 1, check 2, grow 3, spout 4: grow and check must be on different threads.
      expect(placement.threadOf[2]).not.toBe(placement.threadOf[3]);
      const probe = new ProbeLog();
      try {
        const conf = { ...probe.conf, 'test.count': n, 'test.size': size };
        const { summary } = await withRun(topology, { workers: 2, conf }, async (h) => {
          await waitFor(
            () => probe.ledger().allAcked(n),
            30_000,
            () => `every id acked (acked ${probe.ledger().ackTally().size} of ${n})`,
            h,
          );
        });
        await probe.settle();
        const seen = probe.seen('check').map((s) => s.values);
        expect(seen.map((v) => v[0]).sort()).toEqual(range(n));
        expect(seen.every(([, length, intact]) => length === size && intact === true)).toBe(true);
        expect(summary.spoutTuples).toMatchObject({ emitted: n, acked: n, failed: 0, pending: 0 });
      } finally {
        probe.close();
      }
    },
    120_000,
  );
});
