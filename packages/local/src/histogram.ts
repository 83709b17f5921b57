import type { LatencyFigures } from './types.ts';

/** A histogram's non-zero buckets as flat [bucket, count] pairs, and its sum in ns (see LatencyHistogram.toSparse). */
export interface SparseHistogram {
  counts: number[];
  sumNs: number;
}

const SUB_BUCKETS = 16;
/** Powers of two of nanoseconds covered: up to 2^48 ns (about 78 hours); anything longer lands in the last one. */
const EXPONENTS = 48;
const CLZ_LIMIT = 0x7fffffff;

/**
 * A log-linear latency histogram in nanoseconds (16 sub-buckets per power of two, about 6 % relative error, fixed
 * 6 KB, no samples stored): complete latency is recorded for every spout tuple, and trees that finish inside one
 * emit take a few microseconds, so the resolution must reach below a microsecond.
 */
export class LatencyHistogram {
  readonly #counts = new Float64Array(EXPONENTS * SUB_BUCKETS);
  #total = 0;
  #sumNs = 0;

  /** Records one latency in milliseconds (a performance.now() difference). */
  record(ms: number): void {
    const ns = ms * 1e6;
    this.#counts[bucketOf(ns)]! += 1;
    this.#total += 1;
    this.#sumNs += ns;
  }

  /** Adds another histogram's counts into this one (to aggregate tasks). */
  merge(other: LatencyHistogram): void {
    for (let i = 0; i < this.#counts.length; i++) this.#counts[i]! += other.#counts[i]!;
    this.#total += other.#total;
    this.#sumNs += other.#sumNs;
  }

  /** The counts as [bucket, count, bucket, count, ...] plus the sum: small enough to post between threads often. */
  toSparse(): SparseHistogram {
    const counts: number[] = [];
    for (let i = 0; i < this.#counts.length; i++) if (this.#counts[i]! > 0) counts.push(i, this.#counts[i]!);
    return { counts, sumNs: this.#sumNs };
  }

  /** Adds counts that toSparse produced (in this or another thread). */
  mergeSparse(sparse: SparseHistogram): void {
    const c = sparse.counts;
    for (let i = 0; i < c.length; i += 2) {
      const bucket = c[i]!;
      if (bucket >= 0 && bucket < this.#counts.length) {
        this.#counts[bucket]! += c[i + 1]!;
        this.#total += c[i + 1]!;
      }
    }
    this.#sumNs += sparse.sumNs;
  }

  /** Latencies recorded. */
  get count(): number {
    return this.#total;
  }

  /** Sum of the latencies recorded, in milliseconds. */
  get sumMs(): number {
    return this.#sumNs / 1e6;
  }

  /**
   * For each bound (ms, ascending), how many latencies lie in buckets wholly at or below it: Prometheus's cumulative
   * `le` buckets (a bucket straddling a bound counts in the next one, so the counts never overstate).
   */
  cumulativeCounts(boundsMs: readonly number[]): number[] {
    const out: number[] = [];
    let seen = 0;
    let i = 0;
    for (const bound of boundsMs) {
      const boundNs = bound * 1e6;
      while (i < this.#counts.length && bucketUpper(i) <= boundNs) seen += this.#counts[i++]!;
      out.push(seen);
    }
    return out;
  }

  /** The q-quantile in milliseconds, unrounded (NaN when empty). */
  quantileMs(q: number): number {
    if (this.#total === 0) return Number.NaN;
    const rank = q * this.#total;
    let seen = 0;
    for (let i = 0; i < this.#counts.length; i++) {
      seen += this.#counts[i]!;
      if (seen >= rank && this.#counts[i]! > 0) return bucketMid(i) / 1e6;
    }
    return bucketMid(this.#counts.length - 1) / 1e6;
  }

  /** p50, p99 and mean in milliseconds, to the microsecond (zeros when empty). */
  figures(): LatencyFigures {
    if (this.#total === 0) return { p50: 0, p99: 0, mean: 0 };
    return {
      p50: round3(this.quantileMs(0.5)),
      p99: round3(this.quantileMs(0.99)),
      mean: round3(this.#sumNs / this.#total / 1e6),
    };
  }
}

function bucketOf(ns: number): number {
  if (ns < 1) return 0;
  // Below about 2 s (every common latency) the exponent is a count of leading zeros and the base a shift (no pow
  // call per recorded tree); above, a log.
  const small = ns <= CLZ_LIMIT;
  const exp = small ? 31 - Math.clz32(ns) : Math.min(EXPONENTS - 1, Math.floor(Math.log2(ns)));
  const base = small ? 1 << exp : 2 ** exp;
  const sub = Math.min(SUB_BUCKETS - 1, (((ns - base) * SUB_BUCKETS) / base) | 0);
  return exp * SUB_BUCKETS + sub;
}

function bucketMid(index: number): number {
  if (index === 0) return 0.5;
  const exp = Math.floor(index / SUB_BUCKETS);
  const sub = index % SUB_BUCKETS;
  const base = 2 ** exp;
  return base + ((sub + 0.5) / SUB_BUCKETS) * base;
}

function bucketUpper(index: number): number {
  if (index === 0) return 1;
  const exp = Math.floor(index / SUB_BUCKETS);
  const base = 2 ** exp;
  return base + (((index % SUB_BUCKETS) + 1) / SUB_BUCKETS) * base;
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
