import type { StormTopologySummary } from '@twinstorm/cluster';
import type { ComponentView, RunView } from './view-types.ts';

/**
 * A Storm topology's view from Nimbus's summary (`twinstorm status --storm`): component totals over Storm's all-time
 * window; Nimbus's summary says nothing of subscriptions or tasks, so the graph has no edges and the task table is empty.
 */
export function stormRunView(s: StormTopologySummary, takenAt = Date.now()): RunView {
  const components: ComponentView[] = Object.entries(s.components).map(([id, c]) => {
    const view: ComponentView = {
      id,
      kind: c.kind,
      parallelism: c.tasks,
      inputs: [],
      executed: c.executed,
      emitted: c.emitted,
      acked: c.acked,
      failed: c.failed,
      errors: c.errors,
      capacity: null,
      executeLatencyMs: c.executeLatencyMs,
      queued: null,
      pending: null,
    };
    const mean = c.completeLatencyMs?.mean ?? null;
    if (c.kind === 'spout')
      view.completeLatency = { p50Ms: null, p99Ms: null, meanMs: mean, count: c.acked, sumMs: (mean ?? 0) * c.acked, buckets: [] };
    return view;
  });
  return {
    id: s.id,
    name: s.name,
    topology: s.topology,
    runtime: 'storm',
    state: s.state,
    uptimeMs: s.durationMs,
    takenAt,
    components,
    tasks: [],
    workers: [],
    errors: s.lastErrors.map((e) => ({ component: e.component, task: null, message: e.message, time: e.time })),
    userMetrics: [],
  };
}
