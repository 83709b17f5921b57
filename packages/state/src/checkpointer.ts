import type { Tuple } from '@twinstorm/core';
import type { Clock } from './clock.ts';
import type { CheckpointedState } from './key-value-state.ts';
import type { StateStore } from './provider.ts';

/** What the checkpointer does to tuples and errors: the runtime's own ack, fail and reportError. */
export interface CheckpointPort {
  ack(tuple: Tuple): void;
  fail(tuple: Tuple): void;
  reportError(error: unknown): void;
}

/** Counts of one task's checkpoints, for tests and status. */
export interface CheckpointStats {
  commits: number;
  failedCommits: number;
  /** Acks held until the next commit. */
  pendingAcks: number;
}

/**
 * The checkpoint protocol of one stateful task (see packages/state/README.md). Every `interval` ms a checkpoint falls
 * due; from then on no new execute starts (they wait behind a barrier) until the executions in flight have finished,
 * the writes since the last checkpoint are committed atomically to the store, and the acks the bolt made since then are
 * passed to the runtime. A failed commit rolls the state back to the last commit and fails those tuples, so they
 * replay against the state that does not hold their effects.
 */
export class Checkpointer {
  #inFlight = 0;
  #barrier: { promise: Promise<void>; release: () => void } | null = null;
  #committing = false;
  #pending: Tuple[] = [];
  #stopTimer: () => void = () => undefined;
  readonly stats: CheckpointStats = { commits: 0, failedCommits: 0, pendingAcks: 0 };

  constructor(
    private readonly state: CheckpointedState,
    private readonly store: StateStore,
    private readonly port: CheckpointPort,
  ) {}

  /** Starts the checkpoint timer. */
  start(clock: Clock, intervalMs: number): void {
    this.#stopTimer = clock.every(intervalMs, () => void this.checkpoint());
  }

  /** Runs one execute inside the protocol: held behind a due checkpoint, counted while in flight. */
  run(tuple: Tuple, execute: (tuple: Tuple) => void | Promise<void>): void | Promise<void> {
    if (this.#barrier !== null) return this.#barrier.promise.then(() => this.run(tuple, execute));
    this.#inFlight++;
    let result: void | Promise<void>;
    try {
      result = execute(tuple);
    } catch (error) {
      this.#finished();
      throw error;
    }
    if (result instanceof Promise) {
      return result.finally(() => this.#finished());
    }
    this.#finished();
    return result;
  }

  /** The bolt acked a tuple: the ack reaches the runtime after the next commit. */
  deferAck(tuple: Tuple): void {
    this.#pending.push(tuple);
    this.stats.pendingAcks = this.#pending.length;
  }

  /** A checkpoint falls due (the timer calls this; so do tests through the clock, and cleanup). */
  checkpoint(): Promise<void> {
    if (this.#barrier !== null) return this.#barrier.promise;
    let release: () => void = () => undefined;
    const promise = new Promise<void>((resolve) => {
      release = resolve;
    });
    this.#barrier = { promise, release };
    if (this.#inFlight === 0) void this.#commit();
    return promise;
  }

  /**
   * Stops the timer, lets a commit under way finish and closes the store; changes not yet committed are dropped, not
   * committed. Cleanup cannot tell an orderly stop from a dying worker (a multilang child sees its stdin end when the
   * worker JVM is killed): committing then would make effects durable whose acks can no longer reach the acker, and
   * their replay would apply them twice. Their tuples were never acked, so they replay against the committed state.
   */
  async stop(): Promise<void> {
    this.#stopTimer();
    if (this.#committing) await this.#barrier?.promise;
    await this.store.close();
  }

  #finished(): void {
    this.#inFlight--;
    if (this.#inFlight === 0 && this.#barrier !== null && !this.#committing) void this.#commit();
  }

  async #commit(): Promise<void> {
    this.#committing = true;
    const acks = this.#pending;
    this.#pending = [];
    const changes = this.state.dirty ? this.state.takeChanges() : null;
    try {
      if (changes !== null) await this.store.commit(changes);
      if (changes !== null) this.state.committed(changes);
      this.stats.commits++;
      for (const t of acks) this.port.ack(t);
    } catch (error) {
      this.stats.failedCommits++;
      this.state.rollBack();
      for (const t of acks) this.port.fail(t);
      this.port.reportError(error);
    } finally {
      this.stats.pendingAcks = this.#pending.length;
      this.#committing = false;
      const barrier = this.#barrier;
      this.#barrier = null;
      barrier?.release();
    }
  }
}
