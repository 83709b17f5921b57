import type { ComponentSpec, Spout, TopologyContext, Tuple } from '@twinstorm/core';
import type { TreeOwner } from './acker.ts';
import { openTrees, type SpoutCounters } from './counters.ts';
import { Executor } from './executor.ts';
import { LatencyHistogram } from './histogram.ts';
import { UNTRACKED } from './local-tuple.ts';
import type { OutputStream, TaskSink } from './routing.ts';
import type { EngineServices } from './services.ts';

/** The directTask of a plain emit: routed by the stream's groupings, not to one task. */
const NOT_DIRECT = -1;

/**
 * One spout task: nextTuple called by the engine's loop while the task is active, below its max spout pending
 * and not back-pressured; tree completions are queued and delivered to ack/fail on the spout's own turn,
 * never from inside a bolt, as Storm delivers them on the spout's thread.
 */
export class SpoutExecutor extends Executor implements TreeOwner, SpoutCounters {
  // The counters (named and explained in counters.ts).
  acked = 0;
  failed = 0;
  failedInDrain = 0;
  productiveCalls = 0;
  treesStarted = 0;
  untracked = 0;
  active = false;
  /** nextTuple returned a Promise that has not settled. */
  busy = false;
  /** The last nextTuple call emitted nothing. */
  idle = false;
  readonly completeLatency = new LatencyHistogram();
  readonly #done: Array<{ msgId: unknown; acked: boolean }> = [];
  readonly #ackingEnabled: boolean;
  /** Set at the first emit without a msgId, so the engine hears of it once. */
  #emittedUntracked = false;
  readonly #maxPending: number;

  constructor(
    engine: EngineServices,
    spec: ComponentSpec,
    context: TopologyContext,
    readonly spout: Spout,
    maxPending: number | undefined,
    ackingEnabled: boolean,
  ) {
    super(engine, spec, context);
    this.#maxPending = maxPending ?? Number.POSITIVE_INFINITY;
    this.#ackingEnabled = ackingEnabled;
  }

  /**
   * Trees of this task not yet completed or not yet delivered to ack/fail (Storm's max spout pending, per task):
   * derived, so started = acked + failed + pending always holds.
   */
  get pending(): number {
    return openTrees(this);
  }

  /** Completions waiting for the spout's turn. */
  get completionsWaiting(): number {
    return this.#done.length;
  }

  /** True if the loop may call nextTuple now (active, not awaiting, below max spout pending). */
  get canEmit(): boolean {
    return this.active && !this.busy && this.pending < this.#maxPending;
  }

  treeDone(msgId: unknown, acked: boolean, latencyMs: number): void {
    // `pending` drops when the spout hears of it (deliverCompletions), as Storm's spout executor removes a tuple from
    // its pending map when it processes the ack: max spout pending counts completions not yet delivered too.
    if (acked) {
      this.engine.treesAcked++;
      this.completeLatency.record(latencyMs);
    }
    this.engine.treeBudget?.ended(acked);
    this.#done.push({ msgId, acked });
    this.engine.wake();
  }

  /** Delivers queued completions to the spout's ack/fail; returns how many. */
  deliverCompletions(): number {
    const done = this.#done;
    if (done.length === 0) return 0;
    const n = done.length;
    const outer = this.engine.running;
    this.engine.running = this;
    for (let i = 0; i < n; i++) {
      const { msgId, acked } = done[i]!;
      try {
        if (acked) {
          this.acked++;
          this.spout.ack(msgId);
        } else {
          this.failed++;
          if (this.engine.draining) this.failedInDrain++;
          this.spout.fail(msgId);
        }
      } catch (error) {
        this.reportError(error);
      }
    }
    this.engine.running = outer;
    done.splice(0, n);
    return n;
  }

  /** The spout's own word on whether more may come (a throw counts as "yes", reported, so a broken spout never ends a run as done). */
  mayStillEmit(): boolean {
    try {
      return this.spout.mayStillEmit();
    } catch (error) {
      this.reportError(error);
      return true;
    }
  }

  /** treesStarted when the current nextTuple call began (an async call settles its budget reservation with it). */
  #treesBeforeCall = 0;

  /**
   * Calls nextTuple once, after a reservation in the shared trees budget when there is one (worker threads with
   * maxTuples); returns true if it emitted. A Promise-returning nextTuple keeps the task busy until it settles.
   */
  callNextTuple(): boolean {
    const budget = this.engine.treeBudget;
    if (budget === null) return this.#call();
    if (!budget.reserve()) return false;
    this.#treesBeforeCall = this.treesStarted;
    const emitted = this.#call();
    if (!this.busy) budget.settle(this.treesStarted - this.#treesBeforeCall);
    return emitted;
  }

  #call(): boolean {
    const before = this.emitted;
    let result: void | Promise<void>;
    const outer = this.engine.running;
    this.engine.running = this;
    try {
      result = this.spout.nextTuple();
    } catch (error) {
      this.engine.running = outer;
      this.reportError(error);
      this.idle = true;
      return false;
    }
    this.engine.running = outer;
    if (result !== undefined && result !== null && typeof result.then === 'function') {
      this.busy = true;
      this.idle = false;
      this.engine.inflight++;
      const treesBefore = this.#treesBeforeCall;
      result.then(
        () => this.#settled(before, treesBefore, undefined, false),
        (error: unknown) => this.#settled(before, treesBefore, error, true),
      );
      return false;
    }
    const emitted = this.emitted > before;
    this.idle = !emitted;
    if (emitted) this.productiveCalls++;
    return emitted;
  }

  /** An async nextTuple settled: it counts as idle if nothing was emitted since it started, so the loop backs off. */
  #settled(emittedBefore: number, treesBefore: number, error: unknown, threw: boolean): void {
    this.busy = false;
    this.engine.inflight--;
    this.engine.treeBudget?.settle(this.treesStarted - treesBefore);
    if (threw) this.reportError(error);
    const emitted = this.emitted > emittedBefore;
    this.idle = !emitted;
    if (emitted) this.productiveCalls++;
    // Storm's idle wait for async spouts too: an empty call is retried after 1 ms, not in a hot loop.
    if (emitted) this.engine.wake();
    else setTimeout(() => this.engine.wake(), 1);
  }

  override emit(stream: string, values: readonly unknown[], anchors: readonly Tuple[] | undefined, msgId: unknown): void {
    const out = this.output(stream, values, false);
    this.#emitTracked(out, values, anchors, msgId, NOT_DIRECT);
  }

  override emitDirect(
    taskId: number,
    stream: string,
    values: readonly unknown[],
    anchors: readonly Tuple[] | undefined,
    msgId: unknown,
  ): void {
    const out = this.output(stream, values, true);
    this.#emitTracked(out, values, anchors, msgId, taskId);
  }

  override ack(tuple: Tuple): void {
    throw this.error('E_NOT_SUPPORTED', 'a spout has no input tuples to ack', tuple.sourceStream);
  }

  override fail(tuple: Tuple): void {
    throw this.error('E_NOT_SUPPORTED', 'a spout has no input tuples to fail', tuple.sourceStream);
  }

  /** A reliable emit (msgId set, ackers on) starts a tree whose initial XOR is that of its copies' edge ids. */
  #emitTracked(
    out: OutputStream<TaskSink>,
    values: readonly unknown[],
    anchors: readonly Tuple[] | undefined,
    msgId: unknown,
    /** The task of an emitDirect, or NOT_DIRECT. */
    directTask: number,
  ): void {
    const stream = out.schema.stream;
    if (anchors !== undefined && anchors.length > 0)
      throw this.error('E_NOT_SUPPORTED', 'spouts cannot anchor; pass a msgId to make the tuple reliable', stream);
    const reliable = msgId !== undefined && msgId !== null;
    if (!reliable) {
      this.untracked++;
      if (!this.#emittedUntracked) {
        this.#emittedUntracked = true;
        this.engine.firstUntrackedEmit(this);
      }
    }
    if (!reliable || !this.#ackingEnabled) {
      if (directTask !== NOT_DIRECT) this.routeDirect(directTask, out, values, UNTRACKED, null);
      else this.route(out, values, UNTRACKED, null);
      if (reliable) {
        // topology.acker.executors = 0: Storm acks reliable spout tuples immediately.
        this.treesStarted++;
        this.treeDone(msgId, true, 0);
      }
      return;
    }
    const acker = this.engine.acker;
    const root = acker.newRoot();
    this.treesStarted++;
    acker.start(root, this, msgId, this.engine.now());
    this.xorHi = 0;
    this.xorLo = 0;
    try {
      if (directTask !== NOT_DIRECT) this.routeDirect(directTask, out, values, root, null);
      else this.route(out, values, root, null);
    } catch (error) {
      // Routing is all-or-nothing: a refused emit delivered no copy, so its tree is dropped without ack or fail.
      if (acker.discard(root)) this.treesStarted--;
      throw error;
    }
    // Storm's ACKER_INIT: the XOR of the copies' edge ids; a tree whose copies went nowhere completes here.
    acker.update(root, this.xorHi, this.xorLo);
  }
}
