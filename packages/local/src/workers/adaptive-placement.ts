/** A thread at least this busy (event-loop utilization over the last window) is saturated: its tasks wait for it. */
export const SATURATED = 0.8;
/** A thread below this has room to take a task from a saturated one. */
export const ROOM = 0.6;
/**
 * Tasks cheaper than this per tuple never move: a tuple crossing threads costs ~0.3 µs to encode and decode plus an
 * ack back, so below ~5 µs of work the transfer would eat more than the second core gives (word count stays fused).
 */
export const MIN_TUPLE_US = 5;
/** A task busy less than this share of a core is not worth a move. */
export const MIN_TASK_BUSY = 0.05;
/** Every thread together below this busy share, for FUSE_AFTER windows in a row: moved tasks go back home. */
export const FUSE_BELOW = 0.5;
export const FUSE_AFTER = 3;

/** One bolt task as the last window measured it. */
export interface TaskLoad {
  readonly task: number;
  readonly component: string;
  readonly thread: number;
  /** The thread the start placement gave it. */
  readonly home: number;
  /** Share of a core its executes took over the window (sampled execute time / window). */
  readonly busy: number;
  /** CPU per executed tuple, µs (sampled). */
  readonly usPerTuple: number;
  /** A bolt, not declared with the RAS key, and not known to hold state (see state-probe.ts). */
  readonly movable: boolean;
}

/** One task moved from one thread to another, and why. */
export interface Move {
  readonly task: number;
  readonly component: string;
  readonly from: number;
  readonly to: number;
  readonly reason: string;
}

/**
 * Moves that relieve saturated threads: from each saturated thread (busiest first), its heaviest movable tasks go to
 * the least busy thread while that one has room and the move lowers the busier of the two; projected loads are the
 * measured ones moved with the task. Returns no move when nothing is saturated or no task is worth moving.
 */
export function planSpread(threadBusy: readonly number[], tasks: readonly TaskLoad[]): Move[] {
  const load = [...threadBusy];
  const moves: Move[] = [];
  const order = load.map((_, i) => i).sort((a, b) => load[b]! - load[a]!);
  for (const src of order) {
    if (load[src]! < SATURATED) continue;
    const candidates = tasks
      .filter((t) => t.thread === src && t.movable && t.usPerTuple >= MIN_TUPLE_US && t.busy >= MIN_TASK_BUSY)
      .sort((a, b) => b.busy - a.busy || a.task - b.task);
    for (const t of candidates) {
      let dst = -1;
      for (let i = 0; i < load.length; i++) if (i !== src && (dst === -1 || load[i]! < load[dst]!)) dst = i;
      if (dst === -1 || load[dst]! >= ROOM) break;
      const before = load[src]!;
      if (Math.max(before - t.busy, load[dst]! + t.busy) >= before - 0.05) continue;
      moves.push({
        task: t.task,
        component: t.component,
        from: src,
        to: dst,
        reason: `thread ${src} saturated (${pct(before)} busy), thread ${dst} at ${pct(load[dst]!)}; task uses ${pct(t.busy)} of a core at ${t.usPerTuple.toFixed(1)} µs/tuple`,
      });
      load[src] = before - t.busy;
      load[dst] = load[dst]! + t.busy;
    }
  }
  return moves;
}

/** Moves every moved (and still movable) task back to its home thread: the whole run fits in one thread again. */
export function planFuse(threadBusy: readonly number[], tasks: readonly TaskLoad[]): Move[] {
  const total = threadBusy.reduce((a, b) => a + b, 0);
  return tasks
    .filter((t) => t.thread !== t.home && t.movable)
    .map((t) => ({
      task: t.task,
      component: t.component,
      from: t.thread,
      to: t.home,
      reason: `load dropped: every thread together ${pct(total)} busy for ${FUSE_AFTER} s, so the task returns to thread ${t.home}`,
    }));
}

function pct(share: number): string {
  return `${Math.round(share * 100)}%`;
}
