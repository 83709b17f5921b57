import type { LatencyHistogram } from '@twinstorm/local';
import type { LatencyView } from './view-types.ts';

/** Prometheus `le` bounds (ms) for latencies: 100 µs to 10 s, the range stream jobs care about. */
export const LATENCY_BOUNDS_MS: readonly number[] = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000];

/** A histogram as the views carry it: percentiles plus cumulative counts at LATENCY_BOUNDS_MS. */
export function latencyView(h: LatencyHistogram): LatencyView {
  const empty = h.count === 0;
  const counts = h.cumulativeCounts(LATENCY_BOUNDS_MS);
  const f = h.figures();
  return {
    p50Ms: empty ? null : f.p50,
    p99Ms: empty ? null : f.p99,
    meanMs: empty ? null : f.mean,
    count: h.count,
    sumMs: h.sumMs,
    buckets: LATENCY_BOUNDS_MS.map((leMs, i) => ({ leMs, count: counts[i]! })),
  };
}
