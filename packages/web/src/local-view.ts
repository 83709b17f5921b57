import { LatencyHistogram, type LocalRun } from '@twinstorm/local';
import { latencyView } from './latency-view.ts';
import { userMetricView } from './user-metric-view.ts';
import type { ComponentView, LatencyView, RunView, TaskView } from './view-types.ts';

/** Who runs a local run, for its view. */
export interface LocalRunIdentity {
  name: string;
  pid: number;
}

/** A local run's view: component totals from its snapshot, per-task counters from the stats the snapshot sums. */
export function localRunView(run: LocalRun, who: LocalRunIdentity): RunView {
  const snapshot = run.snapshot();
  const stats = run.stats();
  const components: ComponentView[] = run.topology.spec.components.map((spec) => {
    const m = snapshot.components[spec.id]!;
    const view: ComponentView = {
      id: spec.id,
      kind: spec.kind,
      parallelism: spec.parallelism,
      inputs: spec.inputs.map((i) => ({ component: i.component, stream: i.stream, grouping: i.grouping })),
      executed: m.executed,
      emitted: m.emitted,
      acked: m.acked,
      failed: m.failed,
      errors: m.errors,
      capacity: spec.kind === 'spout' ? null : m.capacity,
      executeLatencyMs: spec.kind === 'spout' ? null : m.executeLatencyMs,
      queued: spec.kind === 'spout' ? null : m.queued,
      pending: spec.kind === 'spout' ? m.pending : null,
    };
    return view;
  });
  const tasks: TaskView[] = [];
  for (const s of stats.spouts) {
    const task: TaskView = {
      component: s.componentId,
      task: s.taskId,
      executed: s.productiveCalls,
      emitted: s.emitted,
      acked: s.acked,
      failed: s.failed,
      errors: s.errors,
    };
    task.completeLatency = latencyView(s.completeLatency);
    tasks.push(task);
  }
  for (const b of stats.bolts) {
    tasks.push({
      component: b.componentId,
      task: b.taskId,
      executed: b.executed,
      emitted: b.emitted,
      acked: b.acked,
      failed: b.failed,
      errors: b.errors,
      executeLatency: { sumMs: b.latencySumMs, count: b.latencySamples },
      busyMs: b.busyMs,
    });
  }
  tasks.sort((a, b) => a.task - b.task);
  for (const c of components) {
    if (c.kind !== 'spout') continue;
    const merged = stats.spouts.filter((s) => s.componentId === c.id);
    if (merged.length > 0) c.completeLatency = mergedLatency(merged.map((s) => s.completeLatency));
  }
  return {
    id: `${who.name}-${who.pid}`,
    name: who.name,
    topology: snapshot.topology,
    runtime: 'local',
    state: snapshot.state,
    uptimeMs: snapshot.durationMs,
    takenAt: Date.now(),
    pid: who.pid,
    components,
    tasks,
    workers: (snapshot.workers ?? []).map((w) => ({
      index: w.index,
      state: w.state,
      tasks: w.tasks,
      cpu: w.cpu,
      queued: w.queued,
      restarts: w.restarts,
      ...(w.lastExit === undefined ? {} : { lastExit: w.lastExit }),
    })),
    errors: snapshot.lastErrors.map((e) => ({ component: e.component, task: e.task, message: e.message, time: e.time })),
    userMetrics: stats.userMetrics.flatMap((t) => t.metrics.map((m) => userMetricView(t.componentId, t.taskId, m))),
  };
}

function mergedLatency(histograms: readonly LatencyHistogram[]): LatencyView {
  const sum = new LatencyHistogram();
  for (const h of histograms) sum.merge(h);
  return latencyView(sum);
}
