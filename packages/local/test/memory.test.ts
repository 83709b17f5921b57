import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { buildWordCount } from '../../../examples/wordcount/topology.ts';
import { start } from './helpers.ts';
import { waitFor } from '@twinstorm/core/testing';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Live heap after a full collection: what the engine really holds, without garbage waiting to be collected. */
function liveHeapMb(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed / 2 ** 20;
}

describe('memory', () => {
  it('holds the live heap flat across a long reliable run (XOR acking: constant memory per pending tree)', async () => {
    const total = 300_000;
    const h = start(buildWordCount({ 'topology.max.spout.pending': 1000 }), { maxTuples: total });
    await h.run.started;
    const samples: Array<{ acked: number; heapMb: number }> = [];
    const marks = [0.1, 0.4, 0.7];
    const timer = setInterval(() => {
      const acked = h.run.snapshot().spoutTuples.acked;
      if (marks.length > 0 && acked >= marks[0]! * total) {
        marks.shift();
        samples.push({ acked, heapMb: liveHeapMb() });
      }
    }, 20);
    const summary = await h.run.finished;
    clearInterval(timer);
    samples.push({ acked: summary.spoutTuples.acked, heapMb: liveHeapMb() });
    expect(summary.spoutTuples.acked).toBe(total);
    expect(samples.length).toBeGreaterThanOrEqual(3);
    const first = samples[0]!;
    const growth = Math.max(...samples.map((s) => s.heapMb)) - first.heapMb;
    // 30 x more tuples pass between the first and last sample; per-tuple state would grow the heap by tens of MB.
    expect(growth, `live heap samples: ${JSON.stringify(samples)}`).toBeLessThan(8);
  });

  it('holds the live heap flat in an unbounded run whose queues never empty (a steady backlog must not grow memory)', async () => {
    // Max spout pending 1000 x ~10 words keeps thousands of tuples queued at the count tasks for the whole run.
    const h = start(buildWordCount({ 'topology.max.spout.pending': 1000 }));
    await h.run.started;
    try {
      const acked = (): number => h.run.snapshot().spoutTuples.acked;
      await waitFor(() => acked() >= 30_000, 30_000, 'the run warms up', h);
      const first = { acked: acked(), heapMb: liveHeapMb() };
      // About 2 million word tuples pass the steady backlog between the samples.
      await waitFor(() => acked() >= first.acked + 200_000, 60_000, '200,000 more sentences acked', h);
      const last = { acked: acked(), heapMb: liveHeapMb() };
      expect(last.heapMb - first.heapMb, `live heap ${first.heapMb.toFixed(1)} -> ${last.heapMb.toFixed(1)} MB`).toBeLessThan(8);
    } finally {
      await h.run.stop();
    }
  });
});
