import type { SparseHistogram } from '../histogram.ts';
import type { BoltReport, SpoutReport, WorkerReport } from './protocol.ts';

/**
 * What dead incarnations of a worker thread had counted, per task: added to the live incarnation's counters so the
 * run's totals never go back when a thread is restarted (queue depths died with the thread; the trees it had started and not completed are abandoned).
 */
export class RetiredCounters {
  readonly bolts = new Map<number, BoltReport>();
  readonly spouts = new Map<number, SpoutReport>();

  /** Keeps a dead incarnation's last report. */
  add(report: WorkerReport): void {
    for (const b of report.bolts) {
      const r = this.bolts.get(b.taskId);
      this.bolts.set(b.taskId, r === undefined ? { ...b, queued: 0 } : sumBolts(r, b));
    }
    for (const s of report.spouts) {
      const r = this.spouts.get(s.taskId);
      this.spouts.set(s.taskId, r === undefined ? s : sumSpouts(r, s));
    }
  }
}

/** a + b for every counter of a bolt task (queued is not a counter: it stays a's). */
export function sumBolts(a: BoltReport, b: BoltReport): BoltReport {
  return {
    taskId: a.taskId,
    componentId: a.componentId,
    executed: a.executed + b.executed,
    emitted: a.emitted + b.emitted,
    acked: a.acked + b.acked,
    failed: a.failed + b.failed,
    errors: a.errors + b.errors,
    queued: a.queued,
    latencySumMs: a.latencySumMs + b.latencySumMs,
    latencySamples: a.latencySamples + b.latencySamples,
    busyMs: a.busyMs + b.busyMs,
  };
}

/** a + b for every counter of a spout task. */
export function sumSpouts(a: SpoutReport, b: SpoutReport): SpoutReport {
  return {
    taskId: a.taskId,
    componentId: a.componentId,
    productiveCalls: a.productiveCalls + b.productiveCalls,
    emitted: a.emitted + b.emitted,
    treesStarted: a.treesStarted + b.treesStarted,
    untracked: a.untracked + b.untracked,
    acked: a.acked + b.acked,
    failed: a.failed + b.failed,
    errors: a.errors + b.errors,
    latency: sumSparse(a.latency, b.latency),
  };
}

function sumSparse(a: SparseHistogram, b: SparseHistogram): SparseHistogram {
  return { counts: [...a.counts, ...b.counts], sumNs: a.sumNs + b.sumNs };
}
