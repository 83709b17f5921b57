import type { Topology, UserMetricSample } from '@twinstorm/core';
import type { BoltCounters, SpoutCounters, TaskIdentity } from './counters.ts';
import { LatencyHistogram } from './histogram.ts';
import type { ComponentMetrics, RecentError, RunSnapshot, RunState } from './types.ts';

/** A bolt task's counters as snapshots read them: a BoltExecutor, or the copy a worker thread reported. */
export interface BoltStats extends TaskIdentity, Readonly<BoltCounters> {
  /** Tuples waiting in the task's queue now (a depth, not a counter). */
  readonly queued: number;
}

/** A spout task's counters as snapshots read them: a SpoutExecutor, or the copy a worker thread reported. */
export interface SpoutStats extends TaskIdentity, Readonly<SpoutCounters> {
  /** Trees of the live task neither acked nor failed yet (treesStarted − acked − failed of the live incarnation). */
  readonly pending: number;
  /** Trees started by dead incarnations of the task (worker threads) that had not completed when it died. */
  readonly abandoned?: number;
  readonly completeLatency: LatencyHistogram;
}

/** The user metrics (this.metrics...) of one task that registered any. */
export interface TaskUserMetrics extends TaskIdentity {
  readonly metrics: readonly UserMetricSample[];
}

/** What a snapshot is computed from: the in-process Engine itself, or the coordinator's merge of worker reports. */
export interface RunStats {
  readonly topology: Topology;
  readonly state: RunState;
  /** Times in ms on the clock of now(). */
  readonly startedAt: number;
  readonly activatedAt: number;
  readonly stoppedAt: number;
  now(): number;
  readonly bolts: readonly BoltStats[];
  readonly spouts: readonly SpoutStats[];
  readonly treesPending: number;
  readonly lastErrors: readonly RecentError[];
  /** Sampled when read: the tasks that registered user metrics. */
  readonly userMetrics: readonly TaskUserMetrics[];
}

/**
 * Tracks Storm's "capacity" (share of wall time a bolt spent executing) over the last window, since the
 * counters themselves only ever grow.
 */
export class CapacityWindow {
  #lastAt = 0;
  #lastBusy = new Map<number, number>();
  #capacity = new Map<string, number>();

  /** Closes a window: capacity per component is the busiest task's busy time / window length. */
  sample(run: RunStats): void {
    const now = run.now();
    if (this.#lastAt > 0)
      this.#capacity = busiestTask(run.bolts, (b) => b.busyMs - (this.#lastBusy.get(b.taskId) ?? 0), now - this.#lastAt);
    this.#lastAt = now;
    for (const b of run.bolts) this.#lastBusy.set(b.taskId, b.busyMs);
  }

  /** For the final summary: capacity over the whole active run instead of the last (drain-time) window. */
  sampleWholeRun(run: RunStats): void {
    if (run.activatedAt === 0) return;
    this.#capacity = busiestTask(run.bolts, (b) => b.busyMs, run.stoppedAt - run.activatedAt);
  }

  of(component: string): number {
    return Math.round((this.#capacity.get(component) ?? 0) * 1000) / 1000;
  }
}

function busiestTask(bolts: readonly BoltStats[], busyOf: (b: BoltStats) => number, windowMs: number): Map<string, number> {
  const perComponent = new Map<string, number>();
  if (windowMs <= 0) return perComponent;
  for (const b of bolts) perComponent.set(b.componentId, Math.max(perComponent.get(b.componentId) ?? 0, busyOf(b) / windowMs));
  return perComponent;
}

/** Sums every task's counters into the snapshot shape the CLI, `status` and the JSON summary share. */
export function snapshotOf(engine: RunStats, capacity: CapacityWindow, stopReason: string | undefined): RunSnapshot {
  const end = engine.state === 'stopped' ? engine.stoppedAt : engine.now();
  const components: Record<string, ComponentMetrics> = {};
  const allLatency = new LatencyHistogram();
  let emitted = 0;
  const trees = { emitted: 0, acked: 0, failed: 0, pending: 0, abandoned: 0, untracked: 0 };
  let failedInDrain = 0;
  for (const c of engine.topology.spec.components) {
    components[c.id] = {
      kind: c.kind,
      tasks: c.parallelism,
      executed: 0,
      emitted: 0,
      acked: 0,
      failed: 0,
      errors: 0,
      executeLatencyMs: 0,
      capacity: 0,
      queued: 0,
      pending: 0,
    };
  }
  const spoutLatency = new Map<string, LatencyHistogram>();
  for (const s of engine.spouts) {
    const m = components[s.componentId]!;
    addTask(m, s.productiveCalls, s);
    m.pending += s.pending;
    const h = spoutLatency.get(s.componentId) ?? new LatencyHistogram();
    h.merge(s.completeLatency);
    spoutLatency.set(s.componentId, h);
    trees.emitted += s.treesStarted;
    trees.acked += s.acked;
    trees.failed += s.failed;
    failedInDrain += s.failedInDrain;
    trees.pending += s.pending;
    trees.abandoned += s.abandoned ?? 0;
    trees.untracked += s.untracked;
  }
  for (const h of spoutLatency.values()) allLatency.merge(h);
  const latencySums = new Map<string, { sum: number; n: number }>();
  for (const b of engine.bolts) {
    const m = components[b.componentId]!;
    addTask(m, b.executed, b);
    m.queued += b.queued;
    const l = latencySums.get(b.componentId) ?? { sum: 0, n: 0 };
    l.sum += b.latencySumMs;
    l.n += b.latencySamples;
    latencySums.set(b.componentId, l);
  }
  for (const [id, m] of Object.entries(components)) {
    emitted += m.emitted;
    const l = latencySums.get(id);
    if (l !== undefined && l.n > 0) m.executeLatencyMs = Math.round((l.sum / l.n) * 1000) / 1000;
    if (m.kind !== 'spout') m.capacity = capacity.of(id);
    else m.completeLatencyMs = spoutLatency.get(id)?.figures() ?? { p50: 0, p99: 0, mean: 0 };
  }
  const activeSecs = engine.activatedAt > 0 ? Math.max(1e-9, (end - engine.activatedAt) / 1000) : 0;
  const latency = allLatency.figures();
  const snapshot: RunSnapshot = {
    topology: engine.topology.name,
    runtime: 'local',
    state: engine.state,
    durationMs: Math.round(end - engine.startedAt),
    spoutTuples: trees,
    components,
    throughput: {
      spoutTuplesPerSec: activeSecs > 0 ? Math.round(trees.acked / activeSecs) : 0,
      tuplesPerSec: activeSecs > 0 ? Math.round(emitted / activeSecs) : 0,
    },
    completeLatencyMs: { p50: latency.p50, p99: latency.p99 },
    lastErrors: [...engine.lastErrors],
  };
  if (failedInDrain > 0) snapshot.spoutTuples.failedInDrain = failedInDrain;
  if (stopReason !== undefined) snapshot.stopReason = stopReason;
  return snapshot;
}

/** A task's counters into its component's row (`executed`: a bolt's executes, a spout's productive nextTuple calls). */
function addTask(m: ComponentMetrics, executed: number, t: Readonly<Record<'emitted' | 'acked' | 'failed' | 'errors', number>>): void {
  m.executed += executed;
  m.emitted += t.emitted;
  m.acked += t.acked;
  m.failed += t.failed;
  m.errors += t.errors;
}
