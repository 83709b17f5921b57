// A Storm scenario's entry in bench/results/latest.json: the median run's figures with notes that say which source
// each figure came from (Storm's counters over Nimbus Thrift, or /proc), since the issue asks the report to say which.
import type { ScenarioResult, StormRunFigures, StormSettings } from './types.ts';

/** Where each figure of a Storm scenario comes from, as the JSON notes and BENCHMARKS.md say it. */
export const STORM_SOURCES = {
  counters: [
    'sentences/s and word tuples/s',
    'Storm’s own counters over Nimbus Thrift (no UI here: storm-webapp is not served by Maven Central) — ' +
      'the runner jar’s NimbusCommand `status` (getTopologyInfo, all-time window, at the run’s topology.stats.sample.rate, storm.statsSampleRate: at Storm’s default 0.05 each sampled tuple adds 20 and counts are estimates, at 1 every tuple is counted): ' +
      'spout "sentences" acked and bolt "count" executed read at the window’s start and end; each delta is divided by the interval between ' +
      'the two executor heartbeats those counters came with (executors report counters and the worker’s uptime together every ' +
      'executor.metrics.frequency.secs = 3 s; the interval is the difference of the two uptimes, whole seconds, so ±1 s)',
  ],
  latency: [
    'complete latency',
    'Storm keeps a mean per window and no percentiles, so p50 / p99 are null; latencyMeanMs is the mean over the ' +
      'measured window, computed from sums: (all-time mean × acked at the end − all-time mean × acked at the start) / acked in the window',
  ],
  rss: [
    'peak RSS',
    '/proc sampled every second from the submit to the window’s end, the sum of the worker JVM’s and its ' +
      'multilang children’s RSS (the worker’s LogWriter JVM and the ZooKeeper / Nimbus / Supervisor daemons are not counted; ' +
      'storm.rss gives them at the same sample)',
  ],
  cpu: [
    'CPU',
    'utime + stime from /proc/<pid>/stat of the worker JVM and of its children over the same heartbeat interval as the counters ' +
      '(the heartbeats placed on the wall clock by the worker JVM’s start time from /proc; 1 s samples interpolated); storm.cpu splits ' +
      'it into worker JVM and children and lists what is not counted (LogWriter, daemons, the driver’s status JVMs and sampler)',
  ],
} as const satisfies Record<string, readonly [label: string, text: string]>;

/** One source as a JSON note: "label: text". */
const note = ([label, text]: readonly [string, string]): string => `${label}: ${text}`;

/** The scenario's entry: the median run (by word tuples/s) with every run kept. */
export function stormScenarioResult(what: string, outcome: { runs: StormRunFigures[] }, settings: StormSettings): ScenarioResult {
  const all = outcome.runs;
  const sorted = [...all].sort((a, b) => a.tuplesPerSec - b.tuplesPerSec);
  const median = sorted[Math.floor((sorted.length - 1) / 2)]!;
  const runsNote =
    all.length === 1
      ? `one run (each Storm run takes about 2 minutes: submit, worker start, ${settings.warmupSec} s warm-up, ${settings.windowSec} s window, kill; three would push the full bench past 20 minutes)`
      : `median of ${all.length} runs by word tuples/s`;
  const problems = median.storm.problems.map((p) => `suspect run: ${p}`);
  return {
    what,
    ...median,
    notes: [runsNote, ...Object.values(STORM_SOURCES).map(note), ...problems],
    medianRun: all.indexOf(median) + 1,
    runs: all,
  };
}
