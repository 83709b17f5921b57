import { type Bolt, type ComponentSpec, type TopologyContext, type Tuple } from '@twinstorm/core';
import { ACKED, FAILED, LIVE, alreadySettledError, boltMsgIdError } from '@twinstorm/core/runtime';
import type { BoltCounters } from './counters.ts';
import { Executor, type Anchoring } from './executor.ts';
import { LocalTuple, UNTRACKED } from './local-tuple.ts';
import { RingQueue } from './ring-queue.ts';
import type { EngineServices } from './services.ts';

/** Every 16th execute is timed, like Storm's sampled stats: timing every tuple would cost more than a word count's work. */
const SAMPLE_MASK = 15;

/**
 * One bolt task: an input queue drained by the engine's loop, explicit acking with Storm's checks, async
 * `execute` bounded by a per-task concurrency limit, and BasicBolt's auto-anchor / auto-ack / fail-on-throw.
 */
export class BoltExecutor extends Executor implements BoltCounters {
  readonly #queue = new RingQueue<LocalTuple>();
  #scheduled = false;
  #inflight = 0;
  /** The input of the running BasicBolt execution (one at a time), the anchor of its emits. */
  #current: LocalTuple | null = null;
  /** The synchronous part of an execute is on the stack: a tuple for this task must queue, never re-enter. */
  #executing = false;
  readonly #basic: boolean;
  readonly #limit: number;
  // The counters (named and explained in counters.ts).
  executed = 0;
  acked = 0;
  failed = 0;
  latencySumMs = 0;
  latencySamples = 0;
  busyMs = 0;
  /**
   * The fastest sampled execute since the last report took it (not a counter: reset by each read). Preemption on a
   * busy machine inflates the mean, not the fastest, so adaptive placement judges a task's cost per tuple by it.
   */
  fastestMs = Number.POSITIVE_INFINITY;

  constructor(
    engine: EngineServices,
    spec: ComponentSpec,
    context: TopologyContext,
    readonly bolt: Bolt,
    concurrency: number,
  ) {
    super(engine, spec, context);
    this.#basic = spec.kind === 'basic-bolt';
    this.#limit = this.#basic ? 1 : concurrency;
  }

  /** Tuples waiting in this task's queue. */
  get queued(): number {
    return this.#queue.size;
  }

  /** Executions in flight (async ones not settled yet). */
  get inflight(): number {
    return this.#inflight;
  }

  /**
   * Accepts a routed tuple. When this task is idle (nothing queued, not executing, below its concurrency limit)
   * and the engine allows it, the tuple is executed at once, depth-first, instead of queued: per-sender FIFO
   * order is kept (only an empty queue is bypassed) and the tuple is still hot in cache.
   */
  enqueue(tuple: LocalTuple): void {
    if (this.#queue.size === 0 && !this.#executing && this.#inflight < this.#limit && this.engine.enterDirect()) {
      try {
        this.#execute(tuple);
      } finally {
        this.engine.leaveDirect();
      }
      return;
    }
    this.#queue.push(tuple);
    this.engine.queued++;
    if (!this.#scheduled) {
      this.#scheduled = true;
      this.engine.markReady(this);
    }
  }

  /** Executes up to `budget` queued tuples; returns true if it should stay on the run list. */
  drain(budget: number): boolean {
    const queue = this.#queue;
    while (budget-- > 0 && queue.size > 0 && this.#inflight < this.#limit) {
      const tuple = queue.shift()!;
      this.engine.queued--;
      this.#execute(tuple);
    }
    const more = queue.size > 0 && this.#inflight < this.#limit;
    if (!more) this.#scheduled = false;
    return more;
  }

  #execute(tuple: LocalTuple): void {
    // `executed` counts executes, so it also picks the sampled ones.
    const sample = (++this.executed & SAMPLE_MASK) === 0;
    // A timed execute queues its emits (no direct dispatch), so the sampled latency is this task's own time.
    if (sample) this.engine.timing++;
    const start = sample ? this.engine.now() : 0;
    if (this.#basic) this.#current = tuple;
    this.#executing = true;
    const engine = this.engine;
    const outer = engine.running;
    engine.running = this;
    let result: void | Promise<void>;
    try {
      result = this.bolt.execute(tuple);
    } catch (error) {
      engine.running = outer;
      this.#executing = false;
      if (sample) this.engine.timing--;
      this.#current = null;
      this.#executeFailed(tuple, error);
      return;
    }
    engine.running = outer;
    this.#executing = false;
    if (sample) this.engine.timing--;
    if (result !== undefined && result !== null && typeof result.then === 'function') {
      this.#inflight++;
      this.engine.inflight++;
      result.then(
        () => this.#settled(tuple, sample, start, undefined, false),
        (error: unknown) => this.#settled(tuple, sample, start, error, true),
      );
      return;
    }
    if (sample) this.#recordLatency(this.engine.now() - start);
    if (this.#basic) {
      this.#current = null;
      if (tuple.state === LIVE) this.#ackTuple(tuple);
    }
  }

  #settled(tuple: LocalTuple, sample: boolean, start: number, error: unknown, threw: boolean): void {
    this.#inflight--;
    this.engine.inflight--;
    if (sample) this.#recordLatency(this.engine.now() - start);
    if (this.#basic) this.#current = null;
    if (threw) this.#executeFailed(tuple, error);
    else if (this.#basic && tuple.state === LIVE) this.#ackTuple(tuple);
    if (this.queued > 0 && !this.#scheduled) {
      this.#scheduled = true;
      this.engine.markReady(this);
    }
    this.engine.wake();
  }

  #recordLatency(ms: number): void {
    this.latencySumMs += ms;
    this.latencySamples++;
    if (ms < this.fastestMs) this.fastestMs = ms;
    this.busyMs += ms * (SAMPLE_MASK + 1);
  }

  /** A throw (or rejection) from execute: reported, and the input failed so its tree is replayed, not lost. */
  #executeFailed(tuple: LocalTuple, error: unknown): void {
    this.errors++;
    this.engine.reportError(this, error, tuple.sourceStream);
    if (tuple.state === LIVE) this.#failTuple(tuple);
  }

  override emit(stream: string, values: readonly unknown[], anchors: readonly Tuple[] | undefined, msgId: unknown): void {
    const out = this.output(stream, values, false);
    this.#checkNoMsgId(msgId, stream);
    this.route(out, values, UNTRACKED, this.#anchorsOf(anchors, stream));
  }

  override emitDirect(
    taskId: number,
    stream: string,
    values: readonly unknown[],
    anchors: readonly Tuple[] | undefined,
    msgId: unknown,
  ): void {
    const out = this.output(stream, values, true);
    this.#checkNoMsgId(msgId, stream);
    this.routeDirect(taskId, out, values, UNTRACKED, this.#anchorsOf(anchors, stream));
  }

  override ack(tuple: Tuple): void {
    if (this.#basic) {
      throw this.error('E_NOT_SUPPORTED', 'a BasicBolt acks its input itself when execute returns; do not call ack', tuple.sourceStream);
    }
    this.#ackTuple(this.#own(tuple, 'ack'));
  }

  override fail(tuple: Tuple): void {
    this.#failTuple(this.#own(tuple, 'fail'));
  }

  /** The tracked anchors of an emit: the given ones, or for a BasicBolt its current input. */
  #anchorsOf(anchors: readonly Tuple[] | undefined, stream: string): Anchoring {
    if (anchors !== undefined || !this.#basic) return this.trackedAnchors(anchors, stream);
    if (this.#current === null) {
      throw this.error(
        'E_NOT_SUPPORTED',
        'a BasicBolt can emit only while execute runs (its emits are anchored to the input); emit from timers or prepare() in a Bolt',
        stream,
      );
    }
    const current = this.checkAnchor(this.#current, stream);
    return current.tracked ? current : null;
  }

  #checkNoMsgId(msgId: unknown, stream: string): void {
    if (msgId !== undefined) throw boltMsgIdError(this.site(stream));
  }

  #own(tuple: Tuple, what: string): LocalTuple {
    if (!(tuple instanceof LocalTuple)) throw this.error('E_INVALID_ANCHOR', `${what} of something that is not an input tuple`);
    if (tuple.state !== LIVE) throw alreadySettledError(what, tuple, tuple.state === ACKED, this.site());
    return tuple;
  }

  /** Sends `edge id ^ XOR of child edges` for each root: Storm's ack. */
  #ackTuple(tuple: LocalTuple): void {
    tuple.state = ACKED;
    this.acked++;
    if (!tuple.tracked) return;
    const acker = this.engine.acker;
    acker.update(tuple.root, tuple.edgeHi ^ tuple.ackHi, tuple.edgeLo ^ tuple.ackLo);
    const more = tuple.more;
    if (more !== null)
      for (let i = 0; i < more.length; i += 3) acker.update(more[i]!, more[i + 1]! ^ tuple.ackHi, more[i + 2]! ^ tuple.ackLo);
  }

  #failTuple(tuple: LocalTuple): void {
    tuple.state = FAILED;
    this.failed++;
    if (!tuple.tracked) return;
    this.engine.acker.fail(tuple.root);
    const more = tuple.more;
    if (more !== null) for (let i = 0; i < more.length; i += 3) this.engine.acker.fail(more[i]!);
  }
}
