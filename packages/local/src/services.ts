import type { LogLevel } from '@twinstorm/core';
import type { XorAcker } from './acker.ts';
import type { Executor } from './executor.ts';
import type { EdgeIdSource } from './random.ts';

/** What executors need from the engine that runs them; kept narrow so executors stay testable and small. */
export interface EngineServices {
  readonly edgeIds: EdgeIdSource;
  readonly acker: XorAcker;
  /** Milliseconds, monotonic. */
  now(): number;
  /** A task raised or reported an error. */
  reportError(executor: Executor, error: unknown, stream: string | undefined): void;
  log(executor: Executor, message: string, level: LogLevel): void;
  /** Tuples waiting in bolt queues, over all tasks (for back-pressure and idleness). */
  queued: number;
  /** Async executions and nextTuple calls in flight, over all tasks. */
  inflight: number;
  /** Sampled executes being timed now: while any is, emits queue (direct dispatch would inflate the sample). */
  timing: number;
  /** Whether a tuple may be executed at once by its receiver (running, not too deep, nothing timed); counts depth. */
  enterDirect(): boolean;
  /** Ends a direct execution begun with enterDirect. */
  leaveDirect(): void;
  /** A spout task emitted without a msgId for the first time (such tuples never count toward maxTuples). */
  firstUntrackedEmit(executor: Executor): void;
  /** A bolt task got input and is not on the run list yet. */
  markReady(executor: Executor): void;
  /** Something happened outside the loop (async completion, timer): run the loop soon. */
  wake(): void;
  /** The run is draining after a stop: spouts are deactivated, so what fails now is not replayed. */
  readonly draining: boolean;
  /** Spout trees acked over all spout tasks (for maxTuples; the trees pending are the acker's). */
  treesAcked: number;
  /** With worker threads and maxTuples: the trees budget every thread shares; null otherwise. */
  readonly treeBudget: TreeBudget | null;
  /** Strict mode: every emit is checked, frozen and round-tripped through Storm's JSON (strict/strict-values.ts). */
  readonly strict: boolean;
  /** The task whose callback is on the stack now (innermost; set around each call into a component), else null. */
  running: Executor | null;
  /** Encodes values for tasks on other worker threads (throws a TypeError for what cannot cross unchanged). */
  encodeForOtherThreads(values: readonly unknown[]): void;
}

/** maxTuples counted over every worker thread: spout calls reserve a tree first, so no thread overshoots the others. */
export interface TreeBudget {
  /** Reserves one tree before a nextTuple call; false once acked + pending trees reached maxTuples (every thread counted). */
  reserve(): boolean;
  /** Settles a reservation: the call started `trees` trees (0 frees it). */
  settle(trees: number): void;
  /** A tree ended: acked trees count toward maxTuples, failed ones free their place (the spout may replay them). */
  ended(acked: boolean): void;
}
