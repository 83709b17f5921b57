/**
 * The per-task counters, named once. Executors count them as plain fields (the hot path stays a field increment); a
 * worker thread's report copies them by these lists, dead incarnations' counters are summed by them, and snapshots
 * read them: adding a counter is one name here (and the field the executor counts it in, which `implements` checks).
 * Every counter only grows; what can be derived from them (a spout task's pending trees) is not a counter.
 */

/** What a bolt task counts. */
export const BOLT_COUNTERS = [
  /** Input tuples executed. */
  'executed',
  'emitted',
  /** Input tuples acked, and failed. */
  'acked',
  'failed',
  'errors',
  /** Sampled execute latency: sum and number of samples. */
  'latencySumMs',
  'latencySamples',
  /** Estimated ms spent executing (sampled latency × sampling factor), for capacity and placement. */
  'busyMs',
] as const;

/** What a spout task counts. */
export const SPOUT_COUNTERS = [
  /** nextTuple calls that emitted at least one tuple. */
  'productiveCalls',
  'emitted',
  /** Tuple trees started (reliable emits): each is acked, failed, pending or abandoned. */
  'treesStarted',
  /** Emits without a msgId: never tracked, so never acked, failed or pending. */
  'untracked',
  /** Tree completions delivered to ack, and to fail. */
  'acked',
  'failed',
  /** Of `failed`, those delivered while the run drained after a stop: the spout is deactivated, so never replayed. */
  'failedInDrain',
  'errors',
] as const;

/** One number per bolt counter. */
export type BoltCounters = Record<(typeof BOLT_COUNTERS)[number], number>;
/** One number per spout counter. */
export type SpoutCounters = Record<(typeof SPOUT_COUNTERS)[number], number>;

/** Which task a set of counters is of. */
export interface TaskIdentity {
  readonly taskId: number;
  readonly componentId: string;
}

/** The named counters of `source`, copied into a plain object (what crosses to the coordinator). */
export function copyCounters<N extends string>(names: readonly N[], source: Readonly<Record<N, number>>): Record<N, number> {
  const copy = {} as Record<N, number>;
  for (const name of names) copy[name] = source[name];
  return copy;
}

/** a + b for each named counter. */
export function sumCounters<N extends string>(
  names: readonly N[],
  a: Readonly<Record<N, number>>,
  b: Readonly<Record<N, number>>,
): Record<N, number> {
  const sum = {} as Record<N, number>;
  for (const name of names) sum[name] = a[name] + b[name];
  return sum;
}

/** Trees a spout task's counters say it started and has not heard the end of (acked or failed). */
export function openTrees(s: Readonly<SpoutCounters>): number {
  return s.treesStarted - s.acked - s.failed;
}
