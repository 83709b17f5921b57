// A log-linear latency histogram in nanoseconds for the ceiling (the engine keeps its own, in microseconds):
// the ceiling completes a sentence's tree in about a microsecond, below the engine histogram's resolution.
// 16 sub-buckets per power of two, about 6 % relative error, fixed size, no samples stored.

const SUB_BUCKETS = 16;
const EXPONENTS = 31;
/** Latencies at or above 2^31 ns (about 2.1 s) land in the last bucket. */
const MAX_NS = 0x7fffffff;

export class NanoHistogram {
  readonly #counts = new Float64Array(EXPONENTS * SUB_BUCKETS);
  #total = 0;

  /** Records one latency in milliseconds (a performance.now() difference). */
  record(ms: number): void {
    const ns = ms * 1e6;
    this.#counts[ns < 1 ? 0 : bucketOf(ns >= MAX_NS ? MAX_NS : ns | 0)]! += 1;
    this.#total += 1;
  }

  get count(): number {
    return this.#total;
  }

  /** The q-quantile in milliseconds (NaN when empty). */
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
}

function bucketOf(ns: number): number {
  const exp = 31 - Math.clz32(ns);
  const base = 2 ** exp;
  return exp * SUB_BUCKETS + ((((ns - base) * SUB_BUCKETS) / base) | 0);
}

function bucketMid(index: number): number {
  if (index === 0) return 0.5;
  const exp = Math.floor(index / SUB_BUCKETS);
  const sub = index % SUB_BUCKETS;
  const base = 2 ** exp;
  return base + ((sub + 0.5) / SUB_BUCKETS) * base;
}
