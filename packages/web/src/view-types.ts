import type { ComponentKind, GroupingSpec } from '@twinstorm/core';

/**
 * One run as the page, the JSON API and /metrics see it, whichever runtime it is on: plain JSON, so a `twinstorm run`
 * can hand it over its status socket to `twinstorm ui`, and a Storm topology can be described in the same shape.
 */
export interface RunView {
  /** Unique among the runs served: `<name>-<pid>` locally, Storm's topology id on Storm. */
  id: string;
  /** The run's name (`--name`, else the topology name); the name on the cluster on Storm. */
  name: string;
  topology: string;
  runtime: 'local' | 'storm';
  /** starting, running, draining, stopped locally; Storm's status in lower case on Storm. */
  state: string;
  uptimeMs: number;
  /** ms since the epoch when the view was taken (rates are computed between views). */
  takenAt: number;
  /** Local runs: the process running it. */
  pid?: number;
  components: ComponentView[];
  /** Per task; empty where the runtime does not say (Storm through Nimbus's summary). */
  tasks: TaskView[];
  /** Local runs with worker threads: one entry per thread. */
  workers: WorkerView[];
  /** Newest last. */
  errors: ErrorView[];
  /** Metrics registered by components through `this.metrics`, per task. */
  userMetrics: UserMetricView[];
}

/** A component: its place in the graph and its counters summed over its tasks (null: the runtime does not measure it). */
export interface ComponentView {
  id: string;
  kind: ComponentKind | 'bolt';
  parallelism: number;
  /** What it subscribes to; empty when the runtime does not say (Storm's summary). */
  inputs: InputView[];
  executed: number | null;
  emitted: number;
  acked: number;
  failed: number;
  errors: number;
  /** Bolts: share of the last window the busiest task spent executing. */
  capacity: number | null;
  /** Bolts: mean execute latency (ms). */
  executeLatencyMs: number | null;
  queued: number | null;
  pending: number | null;
  /** Spouts: complete latency. */
  completeLatency?: LatencyView;
}

/** One subscription edge: from a component's stream, with its grouping as the topology spec has it. */
export interface InputView {
  component: string;
  stream: string;
  grouping: GroupingSpec;
}

/** One task's counters. */
export interface TaskView {
  component: string;
  task: number;
  /** Bolts: tuples executed; spouts: nextTuple calls that emitted. */
  executed: number;
  emitted: number;
  acked: number;
  failed: number;
  errors: number;
  /** Bolts: sampled execute latency, as a sum and a count. */
  executeLatency?: { sumMs: number; count: number };
  /** Spouts: complete latency of the trees it started. */
  completeLatency?: LatencyView;
  /** Bolts: estimated ms spent executing since the start (capacity is its growth over wall time). */
  busyMs?: number;
}

/** A latency distribution: percentiles, and cumulative bucket counts for Prometheus. */
export interface LatencyView {
  p50Ms: number | null;
  p99Ms: number | null;
  meanMs: number | null;
  count: number;
  sumMs: number;
  /** Cumulative counts of latencies at or below each bound (ms), ascending; +Inf is `count`. */
  buckets: { leMs: number; count: number }[];
}

/** A worker thread of a local run. */
export interface WorkerView {
  index: number;
  state: string;
  tasks: string[];
  cpu: number;
  queued: number;
  restarts: number;
  lastExit?: string;
}

/** An error with its last message. */
export interface ErrorView {
  component: string;
  task: number | null;
  message: string;
  /** ms since the epoch. */
  time: number;
}

/** A user metric of one task (Storm metrics v2 kinds). */
export interface UserMetricView {
  component: string;
  task: number;
  name: string;
  kind: 'counter' | 'gauge' | 'meter' | 'histogram' | 'timer';
  /** counter, meter: the count; gauge: the value; histogram, timer: the number of values recorded. */
  count: number;
  /** gauge: its value; others: absent. */
  value?: number;
  /** histogram, timer (ms): the distribution. */
  latency?: LatencyView;
}
