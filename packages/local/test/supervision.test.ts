// Supervision with worker threads: a worker thread that dies (a component calls process.exit, an error escapes from a
// timer, the thread runs out of heap) is restarted with its tasks prepared again. When the spout lives on the thread
// that survives, the tuples the dead thread held fail by timeout and are replayed, so every message id reaches the
// sink; when the spout's own thread dies, the trees its dead instance had started are abandoned (reported as such) and
// its new instance starts over. In every snapshot, live or final, each spout tree is acked, failed, pending or abandoned.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadTopology, type RunSnapshot, type WorkerExitEvent } from '../src/index.ts';
import { placeTasks } from '../src/workers/placement.ts';
import { ProbeLog } from './modes.ts';
import { range, withRun } from './helpers.ts';
import { waitFor } from '@twinstorm/core/testing';

const FIXTURE = new URL('./fixtures/supervision.ts', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'twinstorm-supervision-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const DEATHS = [
  { mode: 'exit', reason: /^process\.exit\(3\) called/ },
  { mode: 'throw', reason: /^uncaught Error: boom from a timer/ },
  { mode: 'oom', reason: /^out of memory/ },
] as const;
const CASES = DEATHS.flatMap((d) => [
  { ...d, dies: 'a thread without the spout' as const },
  { ...d, dies: "the spout's thread" as const },
]);

/** The accounting every snapshot keeps: a broken one is described, else undefined. */
function unaccounted(s: RunSnapshot): string | undefined {
  const t = s.spoutTuples;
  if (t.emitted === t.acked + t.failed + t.pending + t.abandoned) return undefined;
  return `emitted ${t.emitted} != acked ${t.acked} + failed ${t.failed} + pending ${t.pending} + abandoned ${t.abandoned}`;
}

describe('a worker thread that dies is restarted and every spout tree is accounted for', () => {
  it.each(CASES)(
    'when a component kills $dies ($mode)',
    async ({ mode, reason, dies }) => {
      const n = 400;
      const topology = await loadTopology(FIXTURE, 'supervised');
      const placement = placeTasks(topology.spec, 2);
      // Task ids: __acker 1, sink 2, spout 3, work 4 and 5: one work task on each thread; the killer is on the thread
      // that is to die.
      const spoutThread = placement.threadOf[3]!;
      const spoutDies = dies === "the spout's thread";
      const killer = [4, 5].find((t) => (placement.threadOf[t] === spoutThread) === spoutDies)!;
      const killedThread = placement.threadOf[killer]!;
      const otherThread = 1 - killedThread;
      const marker = join(dir, `kill-${mode}`);
      writeFileSync(marker, '');
      const probe = new ProbeLog();
      const exits: WorkerExitEvent[] = [];
      const broken: string[] = [];
      /** Every live snapshot taken while waiting is checked too (what `twinstorm status` would show). */
      const checked = (h: { run: { snapshot(): RunSnapshot } }): RunSnapshot => {
        const s = h.run.snapshot();
        const why = unaccounted(s);
        if (why !== undefined) broken.push(why);
        return s;
      };
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
          await waitFor(() => (checked(h), exits.length === 1), 20_000, 'the worker thread died', h);
          await waitFor(
            () => (checked(h), probe.ledger().allAcked(n)),
            30_000,
            () => `every id acked (acked ${probe.ledger().ackTally().size} of ${n})`,
            h,
          );
          await waitFor(() => checked(h).workers![killedThread]!.state === 'running', 20_000, 'the thread running again', h);
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
        expect(summary.workers![otherThread]!.restarts).toBe(0);
        expect(broken.slice(0, 3)).toEqual([]);
        expect(unaccounted(summary)).toBeUndefined();
        expect(summary.spoutTuples.acked).toBeGreaterThanOrEqual(n);
        if (spoutDies) {
          // The dead spout instance's open trees (at least the 5 the killer kept) can never complete: abandoned.
          expect(summary.spoutTuples.abandoned).toBeGreaterThanOrEqual(1);
        } else {
          // The 5 tuples the killer kept fail by timeout and are replayed (a batch the dead thread had not finished
          // reading is read again by its successor: the ring's head only moves once a batch is handled).
          expect(summary.spoutTuples.failed).toBeGreaterThanOrEqual(5);
          expect(summary.spoutTuples.abandoned).toBe(0);
          expect(summary.spoutTuples.emitted).toBe(n + summary.spoutTuples.failed);
        }
      } finally {
        probe.close();
      }
    },
    90_000,
  );
});
