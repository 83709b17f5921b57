// Supervision with worker threads: a worker thread that dies (a component calls process.exit, an error escapes from a
// timer, the thread runs out of heap) is restarted with its tasks prepared again; the tuples it held fail by timeout and
// are replayed by the spout, which lives on the thread that survives, so every message id reaches the sink.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadTopology, type WorkerExitEvent } from '../src/index.ts';
import { placeTasks } from '../src/workers/placement.ts';
import { ProbeLog } from './modes.ts';
import { range, withRun } from './helpers.ts';
import { waitFor } from '@twinstorm/core/testing';

const FIXTURE = new URL('./fixtures/supervision.ts', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'twinstorm-supervision-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const CASES = [
  { mode: 'exit', reason: /^process\.exit\(3\) called/ },
  { mode: 'throw', reason: /^uncaught Error: boom from a timer/ },
  { mode: 'oom', reason: /^out of memory/ },
] as const;

describe('a worker thread that dies is restarted and nothing is lost', () => {
  it.each(CASES)(
    'when a component kills it ($mode): every message id reaches the sink at least once',
    async ({ mode, reason }) => {
      const n = 400;
      const topology = await loadTopology(FIXTURE, 'supervised');
      const placement = placeTasks(topology.spec, 2);
      // Task ids: __acker 1, sink 2, spout 3, work 4 and 5. The killer is the work task on the other thread than the spout.
      const spoutThread = placement.threadOf[3]!;
      const killer = [4, 5].find((t) => placement.threadOf[t] !== spoutThread)!;
      const killedThread = placement.threadOf[killer]!;
      const marker = join(dir, `kill-${mode}`);
      writeFileSync(marker, '');
      const probe = new ProbeLog();
      const exits: WorkerExitEvent[] = [];
      try {
        const conf = {
          ...probe.conf,
          'test.count': n,
          'test.kill.task': killer,
          'test.kill.mode': mode,
          'test.kill.marker': marker,
          'test.kill.after': 40,
          ...(mode === 'oom' ? { 'topology.worker.max.heap.size.mb': 64 } : {}),
        };
        const { summary } = await withRun(topology, { workers: 2, conf, onWorkerExit: (e) => exits.push(e) }, async (h) => {
          await waitFor(() => exits.length === 1, 20_000, 'the worker thread died', h);
          await waitFor(
            () => probe.ledger().allAcked(n),
            30_000,
            () => `every id acked (acked ${probe.ledger().ackTally().size} of ${n})`,
            h,
          );
          await waitFor(() => h.run.snapshot().workers![killedThread]!.state === 'running', 20_000, 'the thread running again', h);
          expect(h.run.snapshot().workers![killedThread]!.restarts).toBe(1);
        });
        await probe.settle();
        expect(exits[0]).toMatchObject({ worker: killedThread, restarts: 1 });
        expect(exits[0]!.reason).toMatch(reason);
        expect(exits[0]!.tasks).toContain(`work:${killer}`);
        const seen = new Set(probe.seen('sink').map((s) => s.values[0] as number));
        expect(range(n).filter((i) => !seen.has(i))).toEqual([]);
        expect(probe.ledger().ackTally().size).toBe(n);
        // The restart is in the final summary: the dead thread's tuples failed by timeout and were replayed.
        expect(summary.workers![killedThread]).toMatchObject({ restarts: 1 });
        expect(summary.workers![killedThread]!.lastExit).toMatch(reason);
        expect(summary.workers![spoutThread]!.restarts).toBe(0);
        // The 5 tuples the killer kept fail by timeout and are replayed (a batch the dead thread had not finished reading
        // is read again by its successor: the ring's head only moves once a batch is handled).
        expect(summary.spoutTuples.failed).toBeGreaterThanOrEqual(5);
        expect(summary.spoutTuples.acked).toBeGreaterThanOrEqual(n);
        expect(summary.spoutTuples.emitted).toBe(n + summary.spoutTuples.failed);
      } finally {
        probe.close();
      }
    },
    90_000,
  );
});
