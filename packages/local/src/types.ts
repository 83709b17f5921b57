import type { ComponentKind, Conf, LogLevel, Topology } from '@twinstorm/core';
import type { RunStats } from './snapshot.ts';

/** Options of a local run. */
export interface LocalRunOptions {
  /** Conf merged over the topology's own (e.g. from the command line). */
  conf?: Conf;
  /**
   * Stop once this many spout tuple trees are acked, then drain. nextTuple is not called while acked + pending
   * has reached it, so a spout emitting one tuple per call ends with exactly this many acked; one emitting k per
   * call may overshoot by up to k - 1 (emits are never dropped).
   */
  maxTuples?: number;
  /** Where component errors go (reportError, throws, protocol violations); default: one line on stderr each. */
  onError?: (event: ComponentErrorEvent) => void;
  /** Where `this.log` goes; default: stderr, prefixed with component and task. */
  onLog?: (event: ComponentLogEvent) => void;
  /** How long a graceful stop waits for pending tuple trees before closing anyway (ms; default: 2 × message timeout). */
  drainTimeoutMs?: number;
  /**
   * Worker threads to spread the tasks over (default 1: every task in this thread, no worker threads). More than 1
   * needs a topology loaded from its module (loadTopology), since each thread imports the module to build its tasks.
   */
  workers?: number;
  /**
   * In-process engine: a component (or other code) called process.exit during the run. The process ends as a Storm
   * worker does, with the code given; this is called first, synchronously, with who called it and the final summary.
   * Default: the line and the summary on stderr.
   */
  onProcessExit?: (event: ProcessExitEvent) => void;
  /** Where a worker thread's death (and its restart) is reported; default: one line on stderr. */
  onWorkerExit?: (event: WorkerExitEvent) => void;
  /**
   * Strict mode (default: conf "twinstorm.local.strict", else off): every emit is checked against what Storm would
   * reject or change (E_STRICT_VALUE), its values are frozen, and receivers get them round-tripped through Storm's JSON.
   */
  strict?: boolean;
}

/** A worker thread died while the run was going on; it is started again with its tasks prepared anew. */
export interface WorkerExitEvent {
  /** 0-based index of the thread. */
  worker: number;
  /** Its tasks as `component:taskId`. */
  tasks: string[];
  /** Why it died: an uncaught error, process.exit, running out of heap... */
  reason: string;
  /** Restarts of this thread so far, this one included. */
  restarts: number;
  /** ms since the epoch. */
  time: number;
}

/** process.exit was called while a run on the in-process engine was going on; the process ends right after. */
export interface ProcessExitEvent {
  /** The exit code the process ends with (the one given; 1 for 0 or none, since the run did not end by itself). */
  code: number;
  /** The task whose callback called it, when it was called from one (not from a timer or a promise of its own). */
  component?: string;
  task?: number;
  /** One line: who called process.exit with what, and where (its first stack frame outside the engine). */
  message: string;
  /** The run's summary at that moment (state stopped, stopReason the message). */
  snapshot: RunSnapshot;
}

/** A worker thread's state: starting (preparing its tasks), running, restarting after it died, stopped. */
export type WorkerState = 'starting' | 'running' | 'restarting' | 'stopped';

/** One worker thread of a run with --workers > 1, as `twinstorm status` shows it. */
export interface WorkerMetrics {
  /** 0-based. */
  index: number;
  state: WorkerState;
  /** Its tasks as `component:taskId`, in task id order. */
  tasks: string[];
  /** Share of the last second its event loop was busy (close to its CPU use when the work is CPU-bound); 0..1. */
  cpu: number;
  /** Tuples waiting in its tasks' queues. */
  queued: number;
  /** Bytes published to it by other threads and not read yet. */
  inboundBytes: number;
  /** Records it produced for other threads that wait for room in their rings. */
  outbound: number;
  /** Times it died and was started again. */
  restarts: number;
  /** Why it last died, when it did. */
  lastExit?: string;
}

/** Where one bolt task runs now (with worker threads), and how busy it keeps its thread. */
export interface TaskPlacement {
  task: number;
  component: string;
  thread: number;
  /** Share of a core its executes took over the last second (sampled execute time); 0..1. */
  busy: number;
  /** It never moves: a spout, declared with topology.component.cpu.pcore.percent, or holding state. */
  pinned?: string;
}

/** One move of a task between worker threads, by adaptive placement. */
export interface TaskMove {
  /** Epoch ms. */
  time: number;
  task: number;
  component: string;
  from: number;
  to: number;
  reason: string;
}

/** A run's lifecycle: tasks preparing, running, draining after a stop, stopped. */
export type RunState = 'starting' | 'running' | 'draining' | 'stopped';

/** An error as the snapshot keeps it (the last 20 of a run). */
export interface RecentError {
  component: string;
  task: number;
  message: string;
  /** ms since the epoch. */
  time: number;
}

/** One error raised in or reported by a task. */
export interface ComponentErrorEvent {
  component: string;
  task: number;
  stream?: string | undefined;
  message: string;
  /** ms since the epoch. */
  time: number;
  error: unknown;
}

/** One line logged by a task through `this.log`. */
export interface ComponentLogEvent {
  component: string;
  task: number;
  level: LogLevel;
  message: string;
}

/** Latency figures in milliseconds. */
export interface LatencyFigures {
  p50: number;
  p99: number;
  mean: number;
}

/** Counters of one component, summed over its tasks. */
export interface ComponentMetrics {
  kind: ComponentKind;
  tasks: number;
  /** Bolts: tuples executed. Spouts: nextTuple calls that emitted something. */
  executed: number;
  emitted: number;
  /** Bolts: input tuples acked. Spouts: tuple trees completed. */
  acked: number;
  failed: number;
  errors: number;
  /** Bolts: mean execute latency over sampled tuples (ms). */
  executeLatencyMs: number;
  /** Bolts: fraction of wall time the busiest task spent executing — over the last second while running, over the whole run in the final summary (Storm's capacity; can exceed 1 with async concurrency). */
  capacity: number;
  /** Bolts: tuples waiting in the task queues now. */
  queued: number;
  /** Spouts: tuple trees pending now. */
  pending: number;
  /** Spouts: complete latency. */
  completeLatencyMs?: LatencyFigures;
}

/** A point-in-time view of a run: what `twinstorm status` and the live table show, and the final summary. */
export interface RunSnapshot {
  topology: string;
  runtime: 'local';
  state: RunState;
  /** ms since the run started (the whole duration once stopped). */
  durationMs: number;
  /**
   * Spout tuple trees: emitted = acked + failed + pending + abandoned, always (abandoned: started by a spout task whose
   * worker thread died before they completed; its restarted incarnation cannot ack or fail them). Emits without a
   * msgId are counted apart, as untracked.
   */
  spoutTuples: {
    emitted: number;
    acked: number;
    failed: number;
    pending: number;
    abandoned: number;
    untracked: number;
    /** Of `failed`, the trees that failed during the drain after a stop (Ctrl-C, a limit): never replayed. Absent when 0. */
    failedInDrain?: number;
  };
  components: Record<string, ComponentMetrics>;
  throughput: {
    /** Spout tuple trees acked per second over the run. */
    spoutTuplesPerSec: number;
    /** Tuples emitted by all components per second over the run. */
    tuplesPerSec: number;
  };
  completeLatencyMs: { p50: number; p99: number };
  /** The most recent errors, newest last (at most 20). */
  lastErrors: RecentError[];
  /** Why the run stopped, once it has. */
  stopReason?: string;
  /** With worker threads (workers > 1): one entry per thread. */
  workers?: WorkerMetrics[];
  /** With worker threads: each task's thread and busy share, and every move adaptive placement made (oldest first). */
  placement?: { tasks: TaskPlacement[]; moves: TaskMove[] };
}

/** A running topology on the local engine. */
export interface LocalRun {
  readonly topology: Topology;
  /** Resolves when every task is prepared/opened and spouts are activated; rejects if one of those threw. */
  readonly started: Promise<void>;
  /** Resolves with the final summary once the run has stopped (by stop(), maxTuples, or a fatal start error). */
  readonly finished: Promise<RunSnapshot>;
  /** Live metrics. */
  snapshot(): RunSnapshot;
  /** The per-task counters the snapshot sums (what the web page and /metrics break down by task). */
  stats(): RunStats;
  /** True when no spout emitted in its last calls, nothing is pending, queued or executing. */
  isIdle(): boolean;
  /** Deactivates spouts, waits for pending trees (up to the drain timeout), closes spouts and cleans up bolts. */
  stop(reason?: string): Promise<RunSnapshot>;
  /** With workers > 1: how many worker threads run the tasks, and why (light tasks run fused). */
  readonly placement?: { threads: number; reason: string };
}
