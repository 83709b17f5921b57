import { BOLT_COUNTERS, SPOUT_COUNTERS, sumCounters } from '../counters.ts';
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
    this.addBolts(report.bolts);
    for (const s of report.spouts) {
      const r = this.spouts.get(s.taskId);
      this.spouts.set(s.taskId, r === undefined ? s : sumSpouts(r, s));
    }
  }

  /** Keeps the counters of bolt tasks that ended here (a dead incarnation's, or tasks moved to another thread). */
  addBolts(bolts: readonly BoltReport[]): void {
    for (const b of bolts) {
      const r = this.bolts.get(b.taskId);
      this.bolts.set(b.taskId, r === undefined ? { ...b, queued: 0 } : sumBolts(r, b));
    }
  }
}

/** a + b for every counter of a bolt task (queued is not a counter: it stays a's). */
export function sumBolts(a: BoltReport, b: BoltReport): BoltReport {
  return {
    taskId: a.taskId,
    componentId: a.componentId,
    queued: a.queued,
    holdsState: a.holdsState || b.holdsState,
    fastestUs: a.fastestUs,
    ...sumCounters(BOLT_COUNTERS, a, b),
  };
}

/** a + b for every counter of a spout task, and their latency histograms merged. */
export function sumSpouts(a: SpoutReport, b: SpoutReport): SpoutReport {
  return { taskId: a.taskId, componentId: a.componentId, latency: sumSparse(a.latency, b.latency), ...sumCounters(SPOUT_COUNTERS, a, b) };
}

function sumSparse(a: SparseHistogram, b: SparseHistogram): SparseHistogram {
  return { counts: [...a.counts, ...b.counts], sumNs: a.sumNs + b.sumNs };
}
