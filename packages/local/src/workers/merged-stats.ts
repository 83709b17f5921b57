import type { Topology } from '@twinstorm/core';
import { openTrees } from '../counters.ts';
import { LatencyHistogram } from '../histogram.ts';
import type { BoltStats, RunStats, SpoutStats, TaskUserMetrics } from '../snapshot.ts';
import type { RecentError, RunState, WorkerMetrics } from '../types.ts';
import type { BoltReport, SpoutReport } from './protocol.ts';
import { sumBolts, sumSpouts } from './retired-counters.ts';
import type { WorkerThread } from './worker-thread.ts';

/** The coordinator's side of a run, on its own clock. */
export interface RunClock {
  readonly topology: Topology;
  readonly state: RunState;
  readonly startedAt: number;
  readonly activatedAt: number;
  readonly stoppedAt: number;
  now(): number;
  readonly lastErrors: readonly RecentError[];
}

/**
 * The run's counters as the in-process snapshot code reads them: every task's latest report (plus what dead
 * incarnations of its thread had counted), so `twinstorm status` and the summary look the same in both modes.
 */
export function mergedStats(clock: RunClock, threads: readonly WorkerThread[]): RunStats {
  // A bolt task that moved between threads has counters on each: the live one first (its queue depth is the one kept).
  const bolts = new Map<number, BoltStats>();
  const add = (b: BoltReport): void => {
    const had = bolts.get(b.taskId);
    bolts.set(b.taskId, had === undefined ? b : sumBolts(had as BoltReport, b));
  };
  for (const t of threads) for (const b of t.latest?.bolts ?? []) add(b);
  for (const t of threads) for (const b of t.retired.bolts.values()) add({ ...b, queued: 0 });
  const spouts: SpoutStats[] = [];
  let treesPending = 0;
  const userMetrics: TaskUserMetrics[] = [];
  for (const t of threads) {
    const live = t.latest;
    const liveSpouts = new Map<number, SpoutReport>(live?.spouts.map((s) => [s.taskId, s]) ?? []);
    for (const id of new Set([...liveSpouts.keys(), ...t.retired.spouts.keys()])) {
      const now = liveSpouts.get(id);
      const old = t.retired.spouts.get(id);
      const s = now === undefined ? old! : old === undefined ? now : sumSpouts(now, old);
      const latency = new LatencyHistogram();
      latency.mergeSparse(s.latency);
      // Each incarnation's trees: started = acked + failed + still pending (live) or abandoned (dead).
      const pending = now === undefined ? 0 : openTrees(now);
      spouts.push({ ...s, pending, abandoned: old === undefined ? 0 : openTrees(old), completeLatency: latency });
    }
    treesPending += live?.treesPending ?? 0;
    // A restarted thread's tasks start their user metrics afresh (as a restarted Storm worker does).
    userMetrics.push(...(live?.userMetrics ?? []));
  }
  return {
    topology: clock.topology,
    state: clock.state,
    startedAt: clock.startedAt,
    activatedAt: clock.activatedAt,
    stoppedAt: clock.stoppedAt,
    now: () => clock.now(),
    bolts: [...bolts.values()],
    spouts,
    treesPending,
    lastErrors: clock.lastErrors,
    userMetrics,
  };
}

/** One WorkerMetrics per thread, for the snapshot. */
export function workerMetrics(threads: readonly WorkerThread[]): WorkerMetrics[] {
  return threads.map((t) => {
    const m: WorkerMetrics = {
      index: t.index,
      state: t.state,
      tasks: [...t.labels],
      cpu: Math.round(t.cpu * 1000) / 1000,
      queued: t.latest?.queued ?? 0,
      inboundBytes: t.latest?.inboundBytes ?? 0,
      outbound: t.latest?.backlog ?? 0,
      restarts: t.restarts,
    };
    if (t.lastExit !== undefined) m.lastExit = t.lastExit;
    return m;
  });
}
