import type { RunRates } from './rate-window.ts';
import type { ComponentView, RunView, TaskView } from './view-types.ts';

/**
 * The JSON of Storm UI's REST API (/api/v1/topology/...), built from run views so one client reads both runtimes.
 * Storm's keys and types are kept (counts as numbers, latencies as "0.123" strings, one ":all-time" window); what
 * twinstorm adds (rates over the last seconds, percentiles, the graph's edges, worker threads, user metrics) is under
 * `twinstorm`, which Storm clients ignore.
 */

const ALL_TIME = { window: ':all-time', windowPretty: 'All time' } as const;

/** GET /api/v1/topology/summary. */
export function topologySummary(views: readonly RunView[]): { topologies: Record<string, unknown>[] } {
  return {
    topologies: views.map((v) => ({
      id: v.id,
      encodedId: encodeURIComponent(v.id),
      name: v.name,
      status: stormStatus(v.state),
      uptime: uptimeText(v.uptimeMs),
      uptimeSeconds: Math.floor(v.uptimeMs / 1000),
      tasksTotal: v.components.reduce((n, c) => n + c.parallelism, 0),
      executorsTotal: v.components.reduce((n, c) => n + c.parallelism, 0),
      workersTotal: Math.max(1, v.workers.length),
      twinstorm: { runtime: v.runtime, topology: v.topology, state: v.state, ...(v.pid === undefined ? {} : { pid: v.pid }) },
    })),
  };
}

/** GET /api/v1/topology/:id. */
export function topologyPage(v: RunView, rates: RunRates): Record<string, unknown> {
  const spouts = v.components.filter((c) => c.kind === 'spout');
  const bolts = v.components.filter((c) => c.kind !== 'spout');
  const spoutTotals = sum(spouts);
  return {
    ...topologySummary([v]).topologies[0],
    topologyStats: [
      {
        ...ALL_TIME,
        emitted: v.components.reduce((n, c) => n + c.emitted, 0),
        transferred: v.components.reduce((n, c) => n + c.emitted, 0),
        completeLatency: latencyText(meanOf(spouts.map((s) => s.completeLatency?.meanMs ?? null))),
        acked: spoutTotals.acked,
        failed: spoutTotals.failed,
      },
    ],
    spouts: spouts.map((c) => ({
      spoutId: c.id,
      encodedSpoutId: encodeURIComponent(c.id),
      executors: c.parallelism,
      tasks: c.parallelism,
      emitted: c.emitted,
      transferred: c.emitted,
      completeLatency: latencyText(c.completeLatency?.meanMs ?? null),
      acked: c.acked,
      failed: c.failed,
      ...lastError(v, c.id),
    })),
    bolts: bolts.map((c) => ({
      boltId: c.id,
      encodedBoltId: encodeURIComponent(c.id),
      executors: c.parallelism,
      tasks: c.parallelism,
      emitted: c.emitted,
      transferred: c.emitted,
      capacity: latencyText(c.capacity),
      executeLatency: latencyText(c.executeLatencyMs),
      executed: c.executed,
      acked: c.acked,
      failed: c.failed,
      ...lastError(v, c.id),
    })),
    twinstorm: {
      runtime: v.runtime,
      state: v.state,
      rates,
      components: v.components,
      workers: v.workers,
      errors: v.errors,
      userMetrics: v.userMetrics,
    },
  };
}

/** GET /api/v1/topology/:id/component/:component, or undefined for an unknown component. */
export function componentPage(v: RunView, componentId: string, rates: RunRates): Record<string, unknown> | undefined {
  const c = v.components.find((x) => x.id === componentId);
  if (c === undefined) return undefined;
  const tasks = v.tasks.filter((t) => t.component === componentId);
  const isSpout = c.kind === 'spout';
  const window = { ...ALL_TIME, emitted: c.emitted, transferred: c.emitted, acked: c.acked, failed: c.failed };
  return {
    id: c.id,
    name: v.name,
    topologyId: v.id,
    encodedTopologyId: encodeURIComponent(v.id),
    componentType: isSpout ? 'spout' : 'bolt',
    executors: c.parallelism,
    tasks: c.parallelism,
    windowHint: ALL_TIME.windowPretty,
    ...(isSpout
      ? { spoutSummary: [{ ...window, completeLatency: latencyText(c.completeLatency?.meanMs ?? null) }] }
      : {
          boltStats: [
            { ...window, executed: c.executed, executeLatency: latencyText(c.executeLatencyMs), capacity: latencyText(c.capacity) },
          ],
        }),
    executorStats: tasks.map((t) => executorStats(t, v, rates)),
    componentErrors: v.errors
      .filter((e) => e.component === componentId)
      .map((e) => ({
        time: e.time,
        errorLapsedSecs: Math.max(0, Math.round((v.takenAt - e.time) / 1000)),
        error: e.message,
        task: e.task,
      })),
    twinstorm: {
      runtime: v.runtime,
      kind: c.kind,
      inputs: c.inputs,
      rates: rates.components[c.id] ?? null,
      completeLatency: c.completeLatency ?? null,
      tasks,
      userMetrics: v.userMetrics.filter((m) => m.component === componentId),
    },
  };
}

function executorStats(t: TaskView, v: RunView, rates: RunRates): Record<string, unknown> {
  const execMean = t.executeLatency !== undefined && t.executeLatency.count > 0 ? t.executeLatency.sumMs / t.executeLatency.count : null;
  const r = rates.tasks[t.task];
  return {
    id: `[${t.task}-${t.task}]`,
    encodedId: encodeURIComponent(`[${t.task}-${t.task}]`),
    uptime: uptimeText(v.uptimeMs),
    uptimeSeconds: Math.floor(v.uptimeMs / 1000),
    host: '127.0.0.1',
    emitted: t.emitted,
    transferred: t.emitted,
    acked: t.acked,
    failed: t.failed,
    executed: t.executed,
    executeLatency: latencyText(execMean),
    completeLatency: latencyText(t.completeLatency?.meanMs ?? null),
    capacity: latencyText(r?.capacity ?? null),
    twinstorm: { rates: r ?? null },
  };
}

function lastError(v: RunView, component: string): Record<string, unknown> {
  const errors = v.errors.filter((e) => e.component === component);
  const last = errors[errors.length - 1];
  if (last === undefined) return { lastError: '' };
  return { lastError: last.message, errorTime: last.time, errorLapsedSecs: Math.max(0, Math.round((v.takenAt - last.time) / 1000)) };
}

function sum(components: readonly ComponentView[]): { acked: number; failed: number } {
  return { acked: components.reduce((n, c) => n + c.acked, 0), failed: components.reduce((n, c) => n + c.failed, 0) };
}

function meanOf(values: readonly (number | null)[]): number | null {
  const known = values.filter((x): x is number => x !== null);
  return known.length === 0 ? null : known.reduce((a, b) => a + b, 0) / known.length;
}

/** Storm shows latencies and capacity as strings with three decimals ("0.000" when unknown). */
function latencyText(ms: number | null): string {
  return (ms ?? 0).toFixed(3);
}

/** Storm's status words: ACTIVE while running. */
function stormStatus(state: string): string {
  return state === 'running' ? 'ACTIVE' : state.toUpperCase();
}

/** Storm's uptime text, e.g. `1h 2m 3s`. */
function uptimeText(ms: number): string {
  let s = Math.floor(ms / 1000);
  const parts: string[] = [];
  for (const [unit, size] of [
    ['d', 86400],
    ['h', 3600],
    ['m', 60],
  ] as const) {
    if (s >= size) {
      parts.push(`${Math.floor(s / size)}${unit}`);
      s %= size;
    }
  }
  parts.push(`${s}s`);
  return parts.join(' ');
}
