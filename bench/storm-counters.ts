// Storm's own counters of a running scenario, from Nimbus Thrift (getTopologyInfo through the runner jar's
// NimbusCommand `status`: all-time window, estimates at Storm's default topology.stats.sample.rate 0.05, exact at 1), and the rates of a window
// between two of them. There is no Storm UI here (storm-webapp is not served by Maven Central), so no REST API.
import { nimbusCommand } from '@twinstorm/cluster';
import { STORM_COUNTERS } from './storm/topologies.ts';

/** The figures of one `status` call. */
export interface CounterSnapshot {
  /** When the status call returned (ms since the epoch) and how long it took (it starts a JVM). */
  returnedAtMs: number;
  callMs: number;
  topologyId: string;
  /**
   * The worker's uptime that came with these counters: executors report counters and uptime together in one
   * heartbeat every executor.metrics.frequency.secs (3 s here), so this dates the counters on the worker's clock.
   */
  uptimeSec: number;
  /** Distinct uptimes over all executors (one value when all counters come from the same heartbeat). */
  uptimes: number[];
  /** Spout tuple trees acked (sentences), from the spout STORM_COUNTERS names. */
  sentences: number;
  /** Tuples the count bolt executed (word tuples). */
  wordTuples: number;
  /** Spout tuple trees failed. */
  failed: number;
  /** Mean complete latency × acked: Storm's all-time mean is sum / count, so this is the sum of complete latencies. */
  latencySumMs: number | null;
  /** Errors Nimbus holds for the topology's components. */
  errors: string[];
}

interface RawTask {
  uptimeSecs?: number;
}
interface RawComponent {
  id: string;
  acked?: number;
  executed?: number | null;
  failed?: number;
  completeLatencyMs?: number | null;
  errors?: Array<{ message?: string }>;
  taskStats?: Record<string, RawTask>;
}
interface RawStatus {
  id?: string;
  components?: RawComponent[];
}

/** Reads the topology's counters now; throws when Nimbus does not know the topology. */
export async function readCounters(name: string, nimbus: string): Promise<CounterSnapshot> {
  const started = Date.now();
  const raw = (await nimbusCommand(['status', name], `reading the status of ${name}`, { nimbus })) as RawStatus;
  const returnedAtMs = Date.now();
  const components = raw.components ?? [];
  const find = (id: string): RawComponent => {
    const c = components.find((x) => x.id === id);
    if (c === undefined) throw new Error(`${name}: Storm reports no component "${id}" (has ${components.map((x) => x.id).join(', ')})`);
    return c;
  };
  const spout = find(STORM_COUNTERS.sentences.component);
  const count = find(STORM_COUNTERS.wordTuples.component);
  const uptimeOf = (c: RawComponent): number[] => Object.values(c.taskStats ?? {}).map((t) => t.uptimeSecs ?? 0);
  const uptimes = [...new Set(components.flatMap(uptimeOf))].sort((a, b) => a - b);
  const sentences = spout[STORM_COUNTERS.sentences.counter] ?? 0;
  const mean = spout.completeLatencyMs;
  return {
    returnedAtMs,
    callMs: returnedAtMs - started,
    topologyId: raw.id ?? '',
    uptimeSec: Math.max(0, ...uptimeOf(spout)),
    uptimes,
    sentences,
    wordTuples: count[STORM_COUNTERS.wordTuples.counter] ?? 0,
    failed: spout.failed ?? 0,
    latencySumMs: mean === null || mean === undefined ? null : mean * sentences,
    errors: components.flatMap((c) => (c.errors ?? []).map((e) => `${c.id}: ${e.message ?? '?'}`)),
  };
}

/** What Storm's counters say about the window between two snapshots. */
export interface CounterWindow {
  /** Seconds between the two heartbeats the counters came with (difference of the worker uptimes). */
  intervalSec: number;
  sentences: number;
  wordTuples: number;
  failed: number;
  sentencesPerSec: number;
  tuplesPerSec: number;
  /** Mean complete latency of the trees acked in the window; null when Storm reported none. */
  latencyMeanMs: number | null;
}

/** The window from `a` to `b`: counter deltas over the heartbeat interval, and the window's mean complete latency from the latency sums. */
export function counterWindow(a: CounterSnapshot, b: CounterSnapshot): CounterWindow {
  const intervalSec = b.uptimeSec - a.uptimeSec;
  if (intervalSec <= 0) throw new Error(`no new Storm heartbeat between two status calls (uptime ${a.uptimeSec} s, then ${b.uptimeSec} s)`);
  const sentences = b.sentences - a.sentences;
  const wordTuples = b.wordTuples - a.wordTuples;
  const latency =
    a.latencySumMs !== null && b.latencySumMs !== null && sentences > 0 ? (b.latencySumMs - a.latencySumMs) / sentences : null;
  return {
    intervalSec,
    sentences,
    wordTuples,
    failed: b.failed - a.failed,
    sentencesPerSec: Math.round(sentences / intervalSec),
    tuplesPerSec: Math.round(wordTuples / intervalSec),
    latencyMeanMs: latency === null ? null : Math.round(latency * 1000) / 1000,
  };
}
