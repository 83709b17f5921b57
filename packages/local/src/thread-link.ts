import type { XorAcker } from './acker.ts';
import type { BoltExecutor } from './bolt-executor.ts';
import type { TaskSink } from './routing.ts';
import type { TreeBudget } from './services.ts';

/**
 * What an engine that runs part of a topology on a worker thread needs from the threads around it; the in-process
 * engine has none. The engine calls receive() at the start of each loop round, flush() at the end, and sleep() when
 * it runs out of work, so tuples from other threads are handled by the same loop as local ones.
 */
export interface ThreadLink {
  /** The task ids this thread runs. */
  readonly tasks: ReadonlySet<number>;
  /** A stand-in for a bolt task of another thread: routing treats it like a local task, its copies are sent there. */
  remoteSink(taskId: number, componentId: string): TaskSink;
  /** This thread's acker: owns the trees of this thread's spout tasks and forwards updates of other threads' trees. */
  createAcker(now: () => number): XorAcker;
  /** maxTuples counted over every thread, or null when there is no maxTuples. */
  readonly treeBudget: TreeBudget | null;
  /**
   * Called once every executor of this thread exists. `loop` lets the link run the loop when something is produced
   * outside it (an ack from a timer or an async execute: its batch must still go out).
   */
  attach(bolts: ReadonlyMap<number, BoltExecutor>, acker: XorAcker, loop: LoopControl): void;
  /** Hands what other threads published to this thread's tasks and acker; returns how many records it handled. */
  receive(): number;
  /**
   * Publishes what this thread produced for the others (what does not fit their rings waits in the backlog): every
   * batch at the end of a slice (`all`), otherwise only batches older than a fraction of a millisecond, so a busy
   * loop publishes a few large batches instead of one small batch (and wake-up) per round.
   */
  flush(all: boolean): void;
  /** Records produced for other threads and not published yet (counts toward back-pressure, and against quiet). */
  readonly backlog: number;
  /** The loop has nothing to do: `wake` is called as soon as another thread publishes something (or a backlog needs a retry). */
  sleep(wake: () => void): void;
  /** Encodes an emit's values once for the copies going to other threads; throws a TypeError for what cannot cross. */
  encodeValues(values: readonly unknown[]): void;
}

/** What a ThreadLink may ask of the engine's loop. */
export interface LoopControl {
  /** True while a loop slice runs (it flushes at its end). */
  readonly inSlice: boolean;
  /** Runs a slice soon. */
  wake(): void;
}
