import { TwinstormError, type ComponentSpec, type ErrorSite, type LogLevel, type TopologyContext, type Tuple } from '@twinstorm/core';
import {
  ACKED,
  LIVE,
  anchorSettledError,
  checkEmitShape,
  errorMessage,
  undeclaredStreamError,
  type RuntimePort,
} from '@twinstorm/core/runtime';
import { LocalTuple, UNTRACKED } from './local-tuple.ts';
import { Kind, type OutputStream, type Subscription, type TaskSink } from './routing.ts';
import type { EdgeIdSource } from './random.ts';
import type { EngineServices } from './services.ts';
import { strictValues } from './strict/strict-values.ts';

/** The tracked anchors of an emit: none, the common single one (passed as is, no array to fill), or several. */
export type Anchoring = LocalTuple | readonly LocalTuple[] | null;

/**
 * What spout and bolt tasks share: validated emits routed by grouping, with Storm's XOR edge ids
 * generated per delivered copy, plus error and log reporting that names component, task and stream.
 */
export abstract class Executor implements RuntimePort {
  /** Output streams by id, filled in once every executor exists. */
  outputs = new Map<string, OutputStream<TaskSink>>();
  emitted = 0;
  errors = 0;
  #lastStream = '';
  #lastOut: OutputStream<TaskSink> | undefined;
  /** XOR of the edge ids handed out by the current emit (a spout tuple's tree starts from it). */
  protected xorHi = 0;
  protected xorLo = 0;
  /** Strict mode (read once: the emit path tests a field, not the engine's options). */
  readonly #strict: boolean;

  constructor(
    readonly engine: EngineServices,
    readonly spec: ComponentSpec,
    readonly context: TopologyContext,
  ) {
    this.#strict = engine.strict;
  }

  get taskId(): number {
    return this.context.taskId;
  }

  get componentId(): string {
    return this.spec.id;
  }

  abstract emit(stream: string, values: readonly unknown[], anchors: readonly Tuple[] | undefined, msgId: unknown): void;
  abstract emitDirect(
    taskId: number,
    stream: string,
    values: readonly unknown[],
    anchors: readonly Tuple[] | undefined,
    msgId: unknown,
  ): void;
  abstract ack(tuple: Tuple): void;

  /** Task ids of the emit in progress, when its caller asked for them (emitWithTaskIds). */
  #taskIds: number[] | null = null;

  emitWithTaskIds(
    stream: string,
    values: readonly unknown[],
    anchors: readonly Tuple[] | undefined,
    msgId: unknown,
  ): Promise<readonly number[]> {
    const ids: number[] = [];
    this.#taskIds = ids;
    try {
      this.emit(stream, values, anchors, msgId);
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    } finally {
      this.#taskIds = null;
    }
    return Promise.resolve(ids);
  }
  abstract fail(tuple: Tuple): void;

  reportError(error: unknown): void {
    this.errors++;
    this.engine.reportError(this, error, undefined);
  }

  log(message: string, level: LogLevel): void {
    this.engine.log(this, String(message), level);
  }

  /** Where an error happened: this task, and a stream. */
  protected site(stream?: string): ErrorSite {
    return { component: this.componentId, task: this.taskId, stream };
  }

  /** An error naming this task (and a stream), for the emit, ack and anchoring errors both runtimes report. */
  protected error(code: ConstructorParameters<typeof TwinstormError>[0], message: string, stream?: string): TwinstormError {
    return new TwinstormError(code, message, { component: this.componentId, task: this.taskId, stream });
  }

  /** Looks up and validates the stream and field count of an emit. */
  protected output(stream: string, values: readonly unknown[], direct: boolean): OutputStream<TaskSink> {
    let out = this.#lastOut;
    if (stream !== this.#lastStream || out === undefined) {
      out = this.outputs.get(stream);
      if (out === undefined) throw undeclaredStreamError(this.outputs.keys(), this.site(stream));
      this.#lastStream = stream;
      this.#lastOut = out;
    }
    // Inline checks keep the hot path free of calls; the shared rule words the error.
    if (!Array.isArray(values) || values.length !== out.arity || out.direct !== direct) {
      checkEmitShape(values, out.schema.fields, out.direct, direct, this.site(stream));
    }
    return out;
  }

  /** Per-subscription task picks of the current emit, computed before any copy is delivered. */
  readonly #picks: Array<TaskSink | undefined> = [];

  /**
   * Routes one emit to every subscription. All-or-nothing: fields-grouping hashes (which reject values Storm
   * cannot carry) are computed before the first copy is delivered.
   */
  protected route(out: OutputStream<TaskSink>, emitted: readonly unknown[], root: number, anchors: Anchoring): void {
    // Strict mode: refused, or replaced by what Storm would hand the receivers, before anything is delivered.
    const values = this.#strict ? strictValues(emitted, out.schema, this.componentId, this.taskId) : emitted;
    // Routing is all-or-nothing: an emit that may reach several tasks is encoded for other threads before the first
    // copy goes out (a single copy is encoded when it is sent, and refused there before anything was delivered).
    if (out.crossesThreads && out.fansOut) this.#checkCrossing(out, values);
    const subs = out.subscriptions;
    if (subs.length === 0) {
      this.emitted++;
      return;
    }
    if (subs.length === 1) {
      // One subscription: its pick comes before its copies anyway, so the all-or-nothing pass is not needed.
      this.#routeTo(subs[0]!, out, values, root, anchors);
      this.emitted++;
      return;
    }
    const picks = this.#picks;
    for (let s = 0; s < subs.length; s++) {
      const sub = subs[s]!;
      picks[s] = sub.kind === Kind.Fields ? this.#pickByFields(sub, values, out) : undefined;
    }
    for (let s = 0; s < subs.length; s++) this.#routeTo(subs[s]!, out, values, root, anchors, picks[s]);
    this.emitted++;
  }

  /** Delivers the copies of one emit to the tasks one subscription picks (`picked`: its fields pick, if made already). */
  #routeTo(
    sub: Subscription<TaskSink>,
    out: OutputStream<TaskSink>,
    values: readonly unknown[],
    root: number,
    anchors: Anchoring,
    picked?: TaskSink,
  ): void {
    switch (sub.kind) {
      case Kind.Shuffle:
        this.deliver(sub.nextShuffled(), out, values, root, anchors);
        break;
      case Kind.Fields:
        this.deliver(picked ?? this.#pickByFields(sub, values, out), out, values, root, anchors);
        break;
      case Kind.Global:
        this.deliver(sub.sinks[0]!, out, values, root, anchors);
        break;
      case Kind.All:
        for (let i = 0; i < sub.sinks.length; i++) this.deliver(sub.sinks[i]!, out, values, root, anchors);
        break;
      case Kind.Direct:
        break;
    }
  }

  #pickByFields(sub: Subscription<TaskSink>, values: readonly unknown[], out: OutputStream<TaskSink>): TaskSink {
    try {
      return sub.byFields(values);
    } catch (error) {
      const fields = sub.fieldIndexes.map((i) => out.schema.fields[i]).join(', ');
      throw this.error(
        'E_INVALID_VALUE',
        `fields grouping of "${sub.sinks[0]?.componentId ?? '?'}" on [${fields}] cannot hash these values: ${errorMessage(error)}`,
        out.schema.stream,
      );
    }
  }

  /** Encodes the values for other threads before any copy goes out, so an emit they cannot carry is refused whole. */
  #checkCrossing(out: OutputStream<TaskSink>, values: readonly unknown[]): void {
    try {
      this.engine.encodeForOtherThreads(values);
    } catch (error) {
      throw this.error(
        'E_INVALID_VALUE',
        `cannot send these values to a task on another worker thread: ${errorMessage(error)}`,
        out.schema.stream,
      );
    }
  }

  /** Streams on which an emitDirect went to a non-subscriber, so the warning is logged once per stream and task. */
  readonly #droppedDirect = new Set<string>();

  /**
   * Routes one direct emit to the named task. A task that does not subscribe to the stream gets nothing, and the
   * copy is dropped as Storm drops it (Task.getOutgoingTasks); the first such drop is logged as a warning.
   */
  protected routeDirect(taskId: number, out: OutputStream<TaskSink>, emitted: readonly unknown[], root: number, anchors: Anchoring): void {
    const values = this.#strict ? strictValues(emitted, out.schema, this.componentId, this.taskId) : emitted;
    const sink = out.directSinks.get(taskId);
    if (sink !== undefined) {
      this.deliver(sink, out, values, root, anchors);
      this.emitted++;
      return;
    }
    this.emitted++;
    const key = `${out.schema.stream}\u0000${taskId}`;
    if (!this.#droppedDirect.has(key)) {
      this.#droppedDirect.add(key);
      this.log(
        `emitDirect on stream "${out.schema.stream}" to task ${taskId}, which does not subscribe to it with direct grouping: dropped, as Storm drops it (logged once)`,
        'warn',
      );
    }
  }

  /**
   * Creates one copy for one task. A spout copy (root given) gets a fresh edge id whose XOR starts the tree;
   * a bolt copy anchored to inputs gets a fresh edge id XORed into each anchor and carries their roots.
   */
  protected deliver(sink: TaskSink, out: OutputStream<TaskSink>, values: readonly unknown[], root: number, anchors: Anchoring): void {
    if (this.#taskIds !== null) this.#taskIds.push(sink.taskId);
    if (root !== UNTRACKED) {
      const hi = this.engine.edgeIds.next32();
      const lo = this.engine.edgeIds.next32();
      this.xorHi ^= hi;
      this.xorLo ^= lo;
      sink.enqueue(new LocalTuple(values, out.schema, this.taskId, root, hi, lo, null));
      return;
    }
    if (anchors === null) {
      sink.enqueue(new LocalTuple(values, out.schema, this.taskId, UNTRACKED, 0, 0, null));
      return;
    }
    const hi = this.engine.edgeIds.next32();
    const lo = this.engine.edgeIds.next32();
    const single = anchors instanceof LocalTuple;
    if (single && anchors.more === null) {
      anchors.ackHi ^= hi;
      anchors.ackLo ^= lo;
      sink.enqueue(new LocalTuple(values, out.schema, this.taskId, anchors.root, hi, lo, null));
      return;
    }
    sink.enqueue(anchoredToMany(values, out, this.taskId, single ? [anchors] : anchors, hi, lo, this.engine.edgeIds));
  }

  /** Checks anchors (live tuples of this engine) and keeps the tracked ones: null when none is tracked, the tuple when one is. */
  protected trackedAnchors(anchors: readonly Tuple[] | undefined, stream: string): Anchoring {
    if (anchors === undefined || anchors.length === 0) return null;
    if (anchors.length === 1) {
      const a = this.checkAnchor(anchors[0], stream);
      return a.tracked ? a : null;
    }
    let tracked: LocalTuple[] | null = null;
    for (const anchor of anchors) {
      const a = this.checkAnchor(anchor, stream);
      if (a.tracked) (tracked ??= []).push(a);
    }
    return tracked !== null && tracked.length === 1 ? tracked[0]! : tracked;
  }

  /** An anchor must be a live input tuple of this engine: anchoring to an acked or failed tuple is Storm's fatal error. */
  protected checkAnchor(a: Tuple | undefined, stream: string): LocalTuple {
    if (!(a instanceof LocalTuple)) {
      throw this.error('E_INVALID_ANCHOR', 'anchored to something that is not an input tuple of this topology', stream);
    }
    if (a.state !== LIVE) throw anchorSettledError(a, a.state === ACKED, this.site(stream));
    return a;
  }
}

/**
 * Storm's general case (BoltOutputCollectorImpl): each anchor gets its own fresh edge id, XORed into that anchor's
 * ack value and into every root of that anchor in the new tuple's root -> id map.
 */
function anchoredToMany(
  values: readonly unknown[],
  out: OutputStream<TaskSink>,
  taskId: number,
  anchors: readonly LocalTuple[],
  firstHi: number,
  firstLo: number,
  edgeIds: EdgeIdSource,
): LocalTuple {
  const roots = new Map<number, [number, number]>();
  const add = (root: number, hi: number, lo: number): void => {
    const v = roots.get(root);
    if (v === undefined) roots.set(root, [hi, lo]);
    else {
      v[0] ^= hi;
      v[1] ^= lo;
    }
  };
  for (let i = 0; i < anchors.length; i++) {
    const a = anchors[i]!;
    const hi = i === 0 ? firstHi : edgeIds.next32();
    const lo = i === 0 ? firstLo : edgeIds.next32();
    a.ackHi ^= hi;
    a.ackLo ^= lo;
    add(a.root, hi, lo);
    const more = a.more;
    if (more !== null) for (let m = 0; m < more.length; m += 3) add(more[m]!, hi, lo);
  }
  const entries = [...roots];
  const [rootKey, [rootHi, rootLo]] = entries[0]!;
  const rest: number[] = [];
  for (let i = 1; i < entries.length; i++) {
    const [r, [h, l]] = entries[i]!;
    rest.push(r, h, l);
  }
  return new LocalTuple(values, out.schema, taskId, rootKey, rootHi, rootLo, rest.length === 0 ? null : rest);
}
