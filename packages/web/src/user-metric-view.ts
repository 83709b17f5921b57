import { USER_METRIC_BOUNDS, type UserMetricSample } from '@twinstorm/core';
import type { LatencyView, UserMetricView } from './view-types.ts';

/** A task's user metric sample (from this.metrics...) as the page, the API and /metrics show it. */
export function userMetricView(component: string, task: number, s: UserMetricSample): UserMetricView {
  const view: UserMetricView = { component, task, name: s.name, kind: s.kind, count: s.count };
  if (s.kind === 'gauge') view.value = s.value ?? NaN;
  if (s.buckets !== undefined) view.latency = distributionView(s);
  return view;
}

/** Exact count, sum and cumulative buckets; percentiles over the recent values the sample carries. */
function distributionView(s: UserMetricSample): LatencyView {
  const recent = [...(s.recent ?? [])].sort((a, b) => a - b);
  const at = (q: number): number | null =>
    recent.length === 0 ? null : recent[Math.min(recent.length - 1, Math.floor(q * recent.length))]!;
  let cumulative = 0;
  return {
    p50Ms: at(0.5),
    p99Ms: at(0.99),
    meanMs: s.count === 0 ? null : (s.sum ?? 0) / s.count,
    count: s.count,
    sumMs: s.sum ?? 0,
    buckets: USER_METRIC_BOUNDS.map((leMs, i) => ({ leMs, count: (cumulative += s.buckets![i] ?? 0) })),
  };
}
