import { setTimeout as delay } from 'node:timers/promises';
import type { RunStats } from '../snapshot.ts';
import type { TaskMove, TaskPlacement } from '../types.ts';
import { FUSE_AFTER, FUSE_BELOW, planFuse, planSpread, type Move, type TaskLoad } from './adaptive-placement.ts';
import type { BoltReport, WorkerReport } from './protocol.ts';
import type { WorkerThread } from './worker-thread.ts';

/** After a move, windows are not judged for this long (the threads' busy shares still mix before and after). */
const COOLDOWN_MS = 2_000;
/** How long the tuples in flight may take to settle before a move is given up (the spouts are paused meanwhile). */
const SETTLE_MS = 2_000;
/** How long each thread may take to run a new placement. */
const PLACE_MS = 10_000;

/** What the mover needs from the coordinator. */
export interface MoverHost {
  readonly threads: readonly WorkerThread[];
  /** Asks every thread for a report and waits for the answers (null for a thread that is not running). */
  wave(): Promise<Array<WorkerReport | null>>;
  stats(): RunStats;
  /** The run is running (not starting, draining or stopped). */
  running(): boolean;
}

interface Sampled {
  busyMs: number;
  latencySumMs: number;
  latencySamples: number;
}

/**
 * Adaptive placement while the run runs: every second it reads each thread's busy share and each bolt task's CPU per
 * tuple and busy share, and moves tasks off a saturated thread to one with room (planSpread), or back home once the
 * whole run fits in one thread again (planFuse). A move pauses every spout, waits until no tuple is queued, executing
 * or in a ring, re-checks that the tasks hold no state, runs the new placement on every thread, and resumes.
 */
export class TaskMover {
  /** The thread of every task now (spouts never move). */
  readonly threadOf: number[];
  readonly #home: readonly number[];
  readonly #componentOf: ReadonlyMap<number, string>;
  /** Why a task never moves: a spout, declared, or seen holding state. */
  readonly #pinned = new Map<number, string>();
  readonly moves: TaskMove[] = [];
  readonly #last = new Map<number, Sampled>();
  #lastAt = 0;
  #busy = new Map<number, number>();
  #fuseWindows = 0;
  #quietUntil = 0;
  #moving: Promise<void> | null = null;
  readonly #placed = new Map<WorkerThread, () => void>();

  constructor(
    private readonly host: MoverHost,
    threadOf: readonly number[],
    componentOf: ReadonlyMap<number, string>,
    /** Spout tasks, and tasks whose component declares its CPU load: placed at start, never moved. */
    pinned: ReadonlyMap<number, string>,
    private readonly enabled: boolean,
  ) {
    this.threadOf = [...threadOf];
    this.#home = [...threadOf];
    this.#componentOf = componentOf;
    for (const [task, why] of pinned) this.#pinned.set(task, why);
  }

  /** The tasks of one thread now, as `component:taskId`. */
  labelsOf(thread: number): string[] {
    const labels: string[] = [];
    this.threadOf.forEach((t, task) => {
      if (t === thread) labels.push(`${this.#componentOf.get(task) ?? '?'}:${task}`);
    });
    return labels;
  }

  /** Task ids of one thread now. */
  tasksOf(thread: number): number[] {
    const tasks: number[] = [];
    this.threadOf.forEach((t, task) => {
      if (t === thread) tasks.push(task);
    });
    return tasks;
  }

  /** Every bolt task's thread and busy share, for the snapshot. */
  placement(stats: RunStats): TaskPlacement[] {
    return stats.bolts
      .map((b) => {
        const p: TaskPlacement = {
          task: b.taskId,
          component: b.componentId,
          thread: this.threadOf[b.taskId] ?? 0,
          busy: Math.round((this.#busy.get(b.taskId) ?? 0) * 1000) / 1000,
        };
        const why = this.#pinned.get(b.taskId);
        if (why !== undefined) p.pinned = why;
        return p;
      })
      .sort((a, b) => a.task - b.task);
  }

  /** A move in progress has ended (stop waits for it, so the drain sees the final placement). */
  async settled(): Promise<void> {
    await this.#moving;
  }

  /** A thread ran the new placement: keep the counters of the tasks that left it. */
  placed(thread: WorkerThread, released: readonly BoltReport[]): void {
    thread.retired.addBolts(released);
    this.#placed.get(thread)?.();
  }

  /** One window (the coordinator's 1 s timer, after every thread's busy share was sampled): judge it, maybe move. */
  sample(): void {
    const stats = this.host.stats();
    const now = performance.now();
    const loads = this.#loads(stats, now);
    if (!this.enabled || this.#moving !== null || !this.host.running() || loads === null || now < this.#quietUntil) return;
    // Not while a thread restarts: its tasks come back on their thread of now, and it could not take part in a move.
    if (this.host.threads.some((t) => t.state !== 'running')) return;
    const busy = this.host.threads.map((t) => t.cpu);
    let moves = planSpread(busy, loads);
    if (moves.length === 0) {
      const total = busy.reduce((a, b) => a + b, 0);
      this.#fuseWindows = total < FUSE_BELOW ? this.#fuseWindows + 1 : 0;
      if (this.#fuseWindows >= FUSE_AFTER) moves = planFuse(busy, loads);
    }
    if (moves.length === 0) return;
    this.#fuseWindows = 0;
    this.#moving = this.#move(moves).finally(() => {
      this.#moving = null;
      this.#quietUntil = performance.now() + COOLDOWN_MS;
    });
  }

  /** Each bolt task's load over the window since the last sample (null on the first sample). */
  #loads(stats: RunStats, now: number): TaskLoad[] | null {
    const windowMs = now - this.#lastAt;
    const first = this.#lastAt === 0;
    this.#lastAt = now;
    const loads: TaskLoad[] = [];
    const fastest = new Map<number, number>();
    for (const t of this.host.threads) for (const b of t.latest?.bolts ?? []) fastest.set(b.taskId, b.fastestUs);
    for (const b of stats.bolts) {
      const before = this.#last.get(b.taskId) ?? { busyMs: 0, latencySumMs: 0, latencySamples: 0 };
      this.#last.set(b.taskId, { busyMs: b.busyMs, latencySumMs: b.latencySumMs, latencySamples: b.latencySamples });
      const busy = windowMs > 0 ? Math.max(0, (b.busyMs - before.busyMs) / windowMs) : 0;
      this.#busy.set(b.taskId, busy);
      const samples = b.latencySamples - before.latencySamples;
      const mean = samples > 0 ? ((b.latencySumMs - before.latencySumMs) / samples) * 1000 : 0;
      // The fastest recent execute when there is one: a mean inflated by preemption must not make a light task look heavy.
      const usPerTuple = Math.min(mean, fastest.get(b.taskId) ?? mean);
      if ((b as { holdsState?: boolean }).holdsState === true && !this.#pinned.has(b.taskId)) this.#pinned.set(b.taskId, 'holds state');
      loads.push({
        task: b.taskId,
        component: b.componentId,
        thread: this.threadOf[b.taskId] ?? 0,
        home: this.#home[b.taskId] ?? 0,
        busy,
        usPerTuple,
        movable: !this.#pinned.has(b.taskId),
      });
    }
    return first ? null : loads;
  }

  async #move(planned: readonly Move[]): Promise<void> {
    const threads = this.host.threads;
    for (const t of threads) t.post({ type: 'pause' });
    try {
      const reports = await this.#settle();
      if (reports === null) return;
      for (const r of reports) for (const b of r?.bolts ?? []) if (b.holdsState) this.#pinned.set(b.taskId, 'holds state');
      const moves = planned.filter((m) => !this.#pinned.has(m.task));
      if (moves.length === 0 || !this.host.running()) return;
      for (const m of moves) this.threadOf[m.task] = m.to;
      const done = threads.map(
        (t) =>
          new Promise<void>((resolve) => {
            this.#placed.set(t, resolve);
            setTimeout(resolve, PLACE_MS).unref();
          }),
      );
      for (const t of threads) {
        t.labels = this.labelsOf(t.index);
        t.post({ type: 'place', threadOf: [...this.threadOf] });
      }
      await Promise.all(done);
      this.#placed.clear();
      const time = Date.now();
      for (const m of moves) this.moves.push({ time, task: m.task, component: m.component, from: m.from, to: m.to, reason: m.reason });
    } finally {
      for (const t of threads) t.post({ type: 'resume' });
    }
  }

  /**
   * Waits until every thread is paused and still with nothing in the rings (the drain's check: two waves in a row,
   * every thread still and equal sums of chunks published and consumed); null when that takes longer than SETTLE_MS.
   */
  async #settle(): Promise<Array<WorkerReport | null> | null> {
    const deadline = performance.now() + SETTLE_MS;
    let previous: string | null = null;
    for (;;) {
      const reports = await this.host.wave();
      const key = settledKey(reports, (r) => r.still);
      if (key !== null && key === previous) return reports;
      previous = key;
      if (performance.now() > deadline || !this.host.running()) return null;
      if (key === null) await delay(1);
    }
  }
}

/**
 * The chunks published by every thread, when every report passes `settled` and every chunk published was consumed;
 * null otherwise. The same key from two waves in a row means nothing moved between them (drains and moves wait for it).
 */
export function settledKey(reports: ReadonlyArray<WorkerReport | null>, settled: (r: WorkerReport) => boolean): string | null {
  if (!reports.every((r) => r !== null && settled(r))) return null;
  const published = reports.reduce((sum, r) => sum + r!.chunksPublished, 0);
  const consumed = reports.reduce((sum, r) => sum + r!.chunksConsumed, 0);
  return published === consumed ? `${published}` : null;
}
