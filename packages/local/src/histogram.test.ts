import { describe, expect, it } from 'vitest';
import { LatencyHistogram } from './histogram.ts';

describe('LatencyHistogram', () => {
  it('resolves microsecond latencies within its bucket error, and long ones beyond the 32-bit nanosecond range', () => {
    for (const ms of [0.0016, 0.004, 0.0123, 1.5, 250, 2_500, 90_000]) {
      const h = new LatencyHistogram();
      for (let i = 0; i < 100; i++) h.record(ms);
      expect(Math.abs(h.quantileMs(0.5) - ms) / ms, `${ms} ms`).toBeLessThan(0.07);
    }
  });

  it('gives p50 <= p99, merges task histograms, and reports zeros (figures) or NaN (quantile) when empty', () => {
    const a = new LatencyHistogram();
    const b = new LatencyHistogram();
    for (let i = 1; i <= 99; i++) a.record(i / 1000);
    b.record(50);
    a.merge(b);
    expect(a.count).toBe(100);
    const f = a.figures();
    expect(f.p50).toBeGreaterThan(0.045);
    expect(f.p50).toBeLessThan(0.055);
    expect(f.p99).toBeLessThanOrEqual(0.1);
    expect(a.quantileMs(1)).toBeGreaterThan(45);
    expect(new LatencyHistogram().figures()).toEqual({ p50: 0, p99: 0, mean: 0 });
    expect(new LatencyHistogram().quantileMs(0.5)).toBeNaN();
  });

  it('survives a trip through toSparse/mergeSparse (how worker threads report complete latency)', () => {
    const a = new LatencyHistogram();
    for (let i = 1; i <= 1000; i++) a.record(i / 100);
    const b = new LatencyHistogram();
    b.mergeSparse(structuredClone(a.toSparse()));
    expect(b.count).toBe(1000);
    expect(b.figures()).toEqual(a.figures());
    expect(a.toSparse().counts.length).toBeLessThan(2 * 200);
  });

  it('counts latencies at or below Prometheus bounds without overstating, a straddling bucket going to the next bound', () => {
    const h = new LatencyHistogram();
    for (const ms of [0.05, 0.2, 0.2, 3, 40, 40, 40, 900]) h.record(ms);
    // 0.05 ms < 0.1 ms; 0.2 ms < 1 ms; 3 ms < 5 ms; 40 ms < 50 ms; 900 ms < 1000 ms, each far from a bucket edge.
    expect(h.cumulativeCounts([0.1, 1, 5, 50, 1000])).toEqual([1, 3, 4, 7, 8]);
    expect(h.cumulativeCounts([0.0001])).toEqual([0]);
    expect(h.sumMs).toBeCloseTo(1023.45, 6);
  });
});
