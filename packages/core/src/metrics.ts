import { TwinstormError } from './errors.ts';

/** Storm metrics v2 kinds (registerCounter, registerMeter, registerTimer, registerHistogram, registerGauge). */
export type UserMetricKind = 'counter' | 'meter' | 'timer' | 'histogram' | 'gauge';

/** Upper bounds of the distribution buckets histograms and timers keep (timers in ms): exact cumulative counts. */
export const USER_METRIC_BOUNDS: readonly number[] = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000];

/** How many recent values a histogram keeps for its percentiles (Dropwizard's default reservoir size). */
const RESERVOIR_SIZE = 1028;

/** One user metric of one task as runtimes read it (plain data: it crosses worker threads and the multilang pipe). */
export interface UserMetricSample {
  name: string;
  kind: UserMetricKind;
  /** counter, meter: the count; histogram, timer: values recorded; gauge: 1. */
  count: number;
  /** gauge: its value. */
  value?: number;
  /** histogram, timer: sum of values, the last RESERVOIR_SIZE values (percentiles), counts per USER_METRIC_BOUNDS bucket. */
  sum?: number;
  recent?: number[];
  buckets?: number[];
}

/** Storm's Counter: a count that goes up (and down). */
export interface UserCounter {
  inc(n?: number): void;
  dec(n?: number): void;
  getCount(): number;
}

/** Storm's Meter: marks events (the runtime derives their rate). */
export interface UserMeter {
  mark(n?: number): void;
  getCount(): number;
}

/** Storm's Histogram: a distribution of values. */
export interface UserHistogram {
  update(value: number): void;
  getCount(): number;
}

/** Storm's Timer: a distribution of durations in ms; time() measures a function (or the promise it returns). */
export interface UserTimer extends UserHistogram {
  time<T>(fn: () => T): T;
}

/** A distribution: exact count, sum and buckets, percentiles over the recent values. */
class Distribution implements UserTimer {
  count = 0;
  sum = 0;
  readonly buckets = new Array<number>(USER_METRIC_BOUNDS.length + 1).fill(0);
  readonly recent: number[] = [];
  #next = 0;

  update(value: number): void {
    this.count++;
    this.sum += value;
    let i = 0;
    while (i < USER_METRIC_BOUNDS.length && value > USER_METRIC_BOUNDS[i]!) i++;
    this.buckets[i]!++;
    if (this.recent.length < RESERVOIR_SIZE) this.recent.push(value);
    else this.recent[this.#next] = value;
    this.#next = (this.#next + 1) % RESERVOIR_SIZE;
  }

  getCount(): number {
    return this.count;
  }

  time<T>(fn: () => T): T {
    const start = performance.now();
    const result = fn();
    if (result instanceof Promise) {
      const done = (): void => this.update(performance.now() - start);
      result.then(done, done);
    } else this.update(performance.now() - start);
    return result;
  }
}

class Count implements UserCounter, UserMeter {
  count = 0;
  inc(n = 1): void {
    this.count += n;
  }
  dec(n = 1): void {
    this.count -= n;
  }
  mark(n = 1): void {
    this.count += n;
  }
  getCount(): number {
    return this.count;
  }
}

type Entry =
  | { kind: 'counter' | 'meter'; metric: Count }
  | { kind: 'timer' | 'histogram'; metric: Distribution }
  | { kind: 'gauge'; read: () => number };

/**
 * A task's user metrics, named like Storm's metrics v2 (`this.metrics.counter(name)`...): the same name gives the same
 * metric; the runtime reads samples() (the local engine for /metrics and the page, the runner for Storm's metrics).
 */
export class MetricRegistry {
  readonly #entries = new Map<string, Entry>();

  /** A counter: inc()/dec(). */
  counter(name: string): UserCounter {
    return this.#get(name, 'counter', () => ({ kind: 'counter', metric: new Count() })).metric as Count;
  }

  /** A meter: mark(). */
  meter(name: string): UserMeter {
    return this.#get(name, 'meter', () => ({ kind: 'meter', metric: new Count() })).metric as Count;
  }

  /** A timer: update(ms) or time(fn). */
  timer(name: string): UserTimer {
    return this.#get(name, 'timer', () => ({ kind: 'timer', metric: new Distribution() })).metric as Distribution;
  }

  /** A histogram: update(value). */
  histogram(name: string): UserHistogram {
    return this.#get(name, 'histogram', () => ({ kind: 'histogram', metric: new Distribution() })).metric as Distribution;
  }

  /** A gauge: the runtime calls read() whenever it samples (a read that throws or is not finite samples as NaN). */
  gauge(name: string, read: () => number): void {
    const entry = this.#get(name, 'gauge', () => ({ kind: 'gauge', read }));
    if (entry.kind === 'gauge') entry.read = read;
  }

  /** Every metric as plain data, in registration order. */
  samples(): UserMetricSample[] {
    return [...this.#entries].map(([name, e]) => {
      if (e.kind === 'gauge') return { name, kind: e.kind, count: 1, value: readGauge(e.read) };
      const d = e.metric;
      if (d instanceof Count) return { name, kind: e.kind, count: d.count };
      return { name, kind: e.kind, count: d.count, sum: d.sum, recent: [...d.recent], buckets: [...d.buckets] };
    });
  }

  #get(name: string, kind: UserMetricKind, make: () => Entry): Entry & { metric?: unknown } {
    if (typeof name !== 'string' || name === '') {
      throw new TwinstormError(
        'E_METRIC_KIND',
        `this.metrics.${kind}(name): the name must be a non-empty string, got ${JSON.stringify(name)}`,
      );
    }
    let entry = this.#entries.get(name);
    if (entry === undefined) this.#entries.set(name, (entry = make()));
    else if (entry.kind !== kind) {
      throw new TwinstormError('E_METRIC_KIND', `metric "${name}" is already a ${entry.kind}: it cannot also be a ${kind}`);
    }
    return entry;
  }
}

function readGauge(read: () => number): number {
  try {
    const v = read();
    return typeof v === 'number' && Number.isFinite(v) ? v : NaN;
  } catch {
    return NaN;
  }
}
