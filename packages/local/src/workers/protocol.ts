import type { Conf } from '@twinstorm/core';
import type { BoltCounters, SpoutCounters, TaskIdentity } from '../counters.ts';
import type { SparseHistogram } from '../histogram.ts';
import type { TaskUserMetrics } from '../snapshot.ts';
import type { ComponentLogEvent, RunState } from '../types.ts';
import type { SentError } from './errors.ts';
import type { RingMemory } from './ring.ts';

/** What a worker thread is started with (workerData): all of it survives structured clone. */
export interface WorkerSetup {
  /** The worker module to import (bootstrap.js registers tsx first). */
  entry: string;
  module: string;
  exportName: string;
  /** Conf given to the run (LocalRunOptions.conf), merged over the topology's in the thread as in one thread. */
  conf: Conf | undefined;
  /** JSON of the coordinator's components, to check the module built the same topology here. */
  componentsJson: string;
  thread: number;
  threads: number;
  /** 0 for the first start, +1 per restart. */
  incarnation: number;
  tasks: number[];
  threadOf: number[];
  rings: Array<Array<RingMemory | null>>;
  doorbells: SharedArrayBuffer;
  /** The shared maxTuples budget, when the run has a maxTuples. */
  budget: SharedArrayBuffer | null;
  maxTuples: number;
  /** A restarted thread activates (and, when the run is draining, deactivates) its spouts by itself. */
  join: 'wait' | 'running' | 'draining';
  reportEveryMs: number;
  /** Strict mode, decided once by the coordinator (run option, else conf). */
  strict: boolean;
}

/** A bolt task's counters in a report. */
export interface BoltReport extends TaskIdentity, BoltCounters {
  queued: number;
  /** Its instance's fields changed since prepare (or cannot be read): it holds state, so it never moves (state-probe.ts). */
  holdsState: boolean;
  /** The fastest sampled execute since the previous report, µs (0: none sampled). */
  fastestUs: number;
}

/** A spout task's counters in a report. */
export interface SpoutReport extends TaskIdentity, SpoutCounters {
  latency: SparseHistogram;
}

/** What a worker thread tells the coordinator every few tens of ms, and when asked. */
export interface WorkerReport {
  /** Increases with every report of one incarnation. */
  seq: number;
  state: RunState;
  bolts: BoltReport[];
  spouts: SpoutReport[];
  treesPending: number;
  /** The user metrics of this thread's tasks that registered any. */
  userMetrics: TaskUserMetrics[];
  queued: number;
  /** Nothing queued, executing, pending, to deliver or to publish in this thread. */
  quiet: boolean;
  /** Quiet, and every active spout's last nextTuple emitted nothing. */
  idle: boolean;
  /** Paused for a move, with nothing queued, executing or to publish (trees may be pending). */
  still: boolean;
  /** Records sent to / received from each thread so far (by this incarnation). */
  sent: number[];
  received: number[];
  /** Chunks published into this thread's outgoing rings, and consumed from its incoming rings, since the run began. */
  chunksPublished: number;
  chunksConsumed: number;
  /** Records waiting for room in other threads' rings. */
  backlog: number;
  /** Bytes other threads published to this one and it has not read. */
  inboundBytes: number;
}

/** An error event as a worker thread posts it. */
export interface SentErrorEvent {
  component: string;
  task: number;
  stream?: string | undefined;
  message: string;
  time: number;
  error: SentError;
}

/** Coordinator -> worker thread. */
export type ToWorker =
  | { type: 'activate' }
  | { type: 'deactivate' }
  | { type: 'report' }
  | { type: 'shutdown' }
  /** Moving tasks: stop calling spouts, run the new placement (every thread paused and still), call spouts again. */
  | { type: 'pause' }
  | { type: 'place'; threadOf: number[] }
  | { type: 'resume' };

/** Worker thread -> coordinator. */
export type FromWorker =
  | { type: 'prepared' }
  | { type: 'activated' }
  | { type: 'start-failed'; error: SentError }
  | { type: 'report'; report: WorkerReport }
  | { type: 'error'; event: SentErrorEvent }
  | { type: 'log'; event: ComponentLogEvent }
  | { type: 'max-tuples' }
  | { type: 'exiting'; code: number; stack: string }
  | { type: 'closed'; report: WorkerReport }
  /** The new placement runs here; `released` are the final counters of the tasks that left this thread. */
  | { type: 'placed'; released: BoltReport[] };
