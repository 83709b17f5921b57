// Adaptive placement on worker threads: an undeclared CPU-heavy bolt spreads over the threads while the run runs,
// keeping per-sender FIFO order, fields grouping's task choice and acking; a light topology stays fused; a bolt that
// holds state never moves.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { waitFor } from '@twinstorm/core/testing';
import { loadTopology, runLocal, type RunSnapshot } from '../src/index.ts';
import { FIXTURE, OUT, WORK_US, type SinkReport } from './fixtures/adaptive.ts';

const dir = mkdtempSync(join(tmpdir(), 'twinstorm-adaptive-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs `name` on 2 workers until `until` holds for the live snapshot (or `forMs` passed), then stops it. */
async function runFor(
  name: string,
  workUs: number,
  until: (s: RunSnapshot) => boolean,
  forMs: number,
): Promise<{ summary: RunSnapshot; sink: SinkReport; movesSeenLive: number }> {
  const out = join(dir, `${name}-${workUs}.json`);
  const topology = await loadTopology(FIXTURE, name);
  const run = runLocal(topology, { workers: 2, conf: { [WORK_US]: workUs, [OUT]: out } });
  await run.started;
  const deadline = Date.now() + forMs;
  await waitFor(() => until(run.snapshot()) || Date.now() > deadline, forMs + 5_000, 'the condition or the time limit');
  // Run on a little after a move, so tuples flow through the new placement.
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  const movesSeenLive = run.snapshot().placement?.moves.length ?? 0;
  const summary = await run.stop();
  return { summary, sink: JSON.parse(readFileSync(out, 'utf8')) as SinkReport, movesSeenLive };
}

const moved = (s: RunSnapshot): boolean => (s.placement?.moves.length ?? 0) > 0;
const threadsOf = (s: RunSnapshot, component: string): Set<number> =>
  new Set(s.placement!.tasks.filter((t) => t.component === component).map((t) => t.thread));

/** Every tree acked once, none failed, each tuple seen once by the sink, in order per sending task. */
function expectLossless(summary: RunSnapshot, sink: SinkReport): void {
  expect(summary.lastErrors).toEqual([]);
  expect(summary.spoutTuples.failed).toBe(0);
  expect(summary.spoutTuples.pending).toBe(0);
  expect(summary.spoutTuples.acked).toBe(summary.spoutTuples.emitted);
  expect(sink.received).toBe(summary.spoutTuples.acked);
  expect(sink.distinct).toBe(sink.received);
  expect(sink.fifoViolations).toBe(0);
}

describe('adaptive placement with --workers 2', () => {
  it('moves undeclared CPU-heavy bolt tasks (shuffle) to the idle thread, keeping FIFO order and acking', async () => {
    const { summary, sink } = await runFor('shuffled', 40, moved, 15_000);
    const moves = summary.placement!.moves;
    expect(moves.length).toBeGreaterThan(0);
    for (const m of moves) {
      expect(m.component).toBe('work');
      expect(m).toMatchObject({ from: 0, to: 1 });
      expect(m.reason).toMatch(/saturated/);
    }
    expect(threadsOf(summary, 'work')).toEqual(new Set([0, 1]));
    expect(summary.placement!.tasks.find((t) => t.component === 'sink')?.thread).toBe(0);
    expectLossless(summary, sink);
    expect(sink.received).toBeGreaterThan(1_000);
  }, 40_000);

  it('moves fields-grouped tasks whole: each key stays on one task across the move', async () => {
    const { summary, sink } = await runFor('keyed', 40, moved, 15_000);
    expect(summary.placement!.moves.length).toBeGreaterThan(0);
    expect(threadsOf(summary, 'work')).toEqual(new Set([0, 1]));
    expectLossless(summary, sink);
    expect(sink.keysOnTwoTasks).toBe(0);
  }, 40_000);

  it('keeps a light topology fused on one thread', async () => {
    const { summary, sink } = await runFor('shuffled', 0, () => false, 4_000);
    expect(summary.placement!.moves).toEqual([]);
    expect(threadsOf(summary, 'work')).toEqual(new Set([0]));
    expect(summary.workers!.map((w) => w.tasks.length)).toEqual([6, 0]);
    expectLossless(summary, sink);
  }, 30_000);

  it('never moves a heavy bolt that holds state, and says why', async () => {
    const { summary, sink } = await runFor('counting', 40, () => false, 4_000);
    expect(summary.placement!.moves).toEqual([]);
    expect(threadsOf(summary, 'work')).toEqual(new Set([0]));
    for (const t of summary.placement!.tasks.filter((t) => t.component === 'work')) expect(t.pinned).toBe('holds state');
    expectLossless(summary, sink);
  }, 30_000);
});
