import { describe, expect, it } from 'vitest';
import { MetricRegistry, USER_METRIC_BOUNDS } from './metrics.ts';

describe('MetricRegistry (this.metrics)', () => {
  it('gives the same metric for the same name and samples every kind as plain data', async () => {
    const m = new MetricRegistry();
    m.counter('c').inc();
    m.counter('c').inc(4);
    m.counter('c').dec();
    m.meter('m').mark(3);
    m.histogram('h').update(0.3);
    m.histogram('h').update(7000);
    let g = 1;
    m.gauge('g', () => g);
    g = 5;
    const t = m.timer('t');
    expect(t.time(() => 42)).toBe(42);
    await t.time(() => new Promise((ok) => setTimeout(ok, 5)));
    const byName = new Map(m.samples().map((s) => [s.name, s]));
    expect(byName.get('c')).toEqual({ name: 'c', kind: 'counter', count: 4 });
    expect(byName.get('m')).toEqual({ name: 'm', kind: 'meter', count: 3 });
    expect(byName.get('g')).toEqual({ name: 'g', kind: 'gauge', count: 1, value: 5 });
    const h = byName.get('h')!;
    expect(h.count).toBe(2);
    expect(h.sum).toBeCloseTo(7000.3);
    expect(h.buckets).toHaveLength(USER_METRIC_BOUNDS.length + 1);
    expect(h.buckets![USER_METRIC_BOUNDS.indexOf(0.5)]).toBe(1);
    expect(h.buckets![USER_METRIC_BOUNDS.indexOf(10000)]).toBe(1);
    expect(byName.get('t')!.count).toBe(2);
    expect(byName.get('t')!.recent![1]).toBeGreaterThanOrEqual(4);
  });

  it('refuses one name used as two kinds, and an empty name, naming the metric', () => {
    const m = new MetricRegistry();
    m.counter('x');
    expect(() => m.timer('x')).toThrow('metric "x" is already a counter: it cannot also be a timer');
    expect(() => m.meter('')).toThrow('this.metrics.meter(name): the name must be a non-empty string');
  });

  it('samples a gauge that throws or is not a number as NaN, and keeps at most 1028 recent values', () => {
    const m = new MetricRegistry();
    m.gauge('bad', () => {
      throw new Error('boom');
    });
    for (let i = 0; i < 2000; i++) m.histogram('h').update(i);
    const [bad, h] = m.samples();
    expect(bad!.value).toBeNaN();
    expect(h!.count).toBe(2000);
    expect(h!.recent).toHaveLength(1028);
    expect(Math.max(...h!.recent!)).toBe(1999);
  });
});
