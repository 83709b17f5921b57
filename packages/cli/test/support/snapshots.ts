import type { ComponentMetrics, RunSnapshot } from '@twinstorm/local';

/** A component's metrics with zeros everywhere, overridable field by field. */
export function metrics(kind: ComponentMetrics['kind'], over: Partial<ComponentMetrics> = {}): ComponentMetrics {
  return {
    kind,
    tasks: 1,
    executed: 0,
    emitted: 0,
    acked: 0,
    failed: 0,
    errors: 0,
    executeLatencyMs: 0,
    capacity: 0,
    queued: 0,
    pending: 0,
    ...over,
  };
}

/** A plausible RunSnapshot for renderer and command tests. */
export function snapshot(over: Partial<RunSnapshot> = {}): RunSnapshot {
  return {
    topology: 'numbers',
    runtime: 'local',
    state: 'running',
    durationMs: 2000,
    spoutTuples: { emitted: 1000, acked: 990, failed: 2, pending: 8, abandoned: 0, untracked: 0 },
    components: {
      numbers: metrics('spout', {
        executed: 1000,
        emitted: 1000,
        acked: 990,
        failed: 2,
        pending: 8,
        completeLatencyMs: { p50: 1.5, p99: 12, mean: 2 },
      }),
      square: metrics('bolt', { tasks: 2, executed: 998, emitted: 998, acked: 998, capacity: 0.25, queued: 3, executeLatencyMs: 0.042 }),
      sum: metrics('basic-bolt', { executed: 996, acked: 996, errors: 1, capacity: 0.5, executeLatencyMs: 1.25 }),
    },
    throughput: { spoutTuplesPerSec: 495, tuplesPerSec: 999 },
    completeLatencyMs: { p50: 1.5, p99: 12 },
    lastErrors: [],
    ...over,
  };
}
