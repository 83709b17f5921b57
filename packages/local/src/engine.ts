import { performance } from 'node:perf_hooks';
import {
  CONF_DEFAULTS,
  describeSite,
  StreamSchema,
  SYSTEM_COMPONENT,
  SYSTEM_TASK_ID,
  TICK_STREAM,
  TwinstormError,
  type Bolt,
  type ComponentSpec,
  type Conf,
  type LogLevel,
  type Spout,
  type Topology,
} from '@twinstorm/core';
import { assignTaskIds, attachComponent, componentMetrics, errorMessage, errorMessageAt } from '@twinstorm/core/runtime';
import { XorAcker } from './acker.ts';
import { BoltExecutor } from './bolt-executor.ts';
import { taskContext } from './task-context.ts';
import { printError, printLog } from './default-output.ts';
import type { Executor } from './executor.ts';
import { LocalTuple, UNTRACKED } from './local-tuple.ts';
import { EdgeIdSource } from './random.ts';
import type { TaskSink } from './routing.ts';
import type { TaskUserMetrics } from './snapshot.ts';
import { concurrency, maxPending, outputsOf, streamNumbering } from './wiring.ts';
import type { EngineServices, TreeBudget } from './services.ts';
import { SpoutExecutor } from './spout-executor.ts';
import { isStrict } from './strict/strict-option.ts';
import type { ThreadLink } from './thread-link.ts';
import type { ComponentErrorEvent, ComponentLogEvent, LocalRunOptions, RecentError, RunState } from './types.ts';

/** The schema of tick tuples (Storm's __system __tick stream). */
const TICK_SCHEMA = new StreamSchema(SYSTEM_COMPONENT, TICK_STREAM, ['rate_secs']);
/** Tuples one bolt task executes before the loop moves on (fairness vs. call overhead). */
const BOLT_BATCH = 128;
/** nextTuple calls per spout task per round. */
const SPOUT_CALLS_PER_ROUND = 32;
/** Queued tuples over all tasks above which spouts are not called (back-pressure). */
const HIGH_WATER = 16_384;
/** How long one loop slice runs before yielding to timers and I/O. */
const SLICE_MS = 8;
/** How many receivers may execute inside one another's emits before tuples queue (bounds the stack). */
const MAX_DIRECT_DEPTH = 8;
/** Storm's idle spout wait: sleep 1 ms when no spout emitted and no bolt has work. */
const IDLE_WAIT_MS = 1;
/**
 * With worker threads: batches from other threads are read only while fewer tuples than this are queued here, so a
 * backlog waits in the rings (shared memory, no garbage to collect) instead of as objects in task queues.
 */
const RECEIVE_BELOW = 1024;

/**
 * The single-thread engine: builds one executor per task, wires routing, and runs a cooperative loop that
 * drains bolt queues, delivers tree completions and calls spouts, yielding to the event loop every few ms.
 */
export class Engine implements EngineServices {
  readonly edgeIds = new EdgeIdSource();
  readonly acker: XorAcker;
  readonly treeBudget: TreeBudget | null;
  readonly bolts: BoltExecutor[] = [];
  readonly spouts: SpoutExecutor[] = [];
  readonly conf: Conf;
  readonly messageTimeoutMs: number;
  readonly strict: boolean;
  queued = 0;
  timing = 0;
  #directDepth = 0;
  inflight = 0;
  treesAcked = 0;
  #state: RunState = 'starting';
  /** Running or draining: receivers may execute tuples at once (kept beside the state so enterDirect tests one flag). */
  #dispatching = false;
  readonly startedAt = performance.now();
  activatedAt = 0;
  stoppedAt = 0;
  readonly lastErrors: RecentError[] = [];

  /** The user metrics of this engine's tasks, sampled now (tasks that never touched this.metrics are left out). */
  get userMetrics(): TaskUserMetrics[] {
    const out: TaskUserMetrics[] = [];
    for (const e of [...this.spouts.map((x) => ({ x, c: x.spout })), ...this.bolts.map((x) => ({ x, c: x.bolt }))]) {
      const registry = componentMetrics(e.c);
      if (registry !== undefined) out.push({ componentId: e.x.componentId, taskId: e.x.taskId, metrics: registry.samples() });
    }
    return out;
  }
  /** The task whose callback is on the stack now (innermost), so a process.exit from it can be named. */
  running: Executor | null = null;
  readonly #ready: BoltExecutor[] = [];
  #readyHead = 0;
  #scheduled = false;
  /** A loop slice is running. */
  inSlice = false;
  readonly #timers: NodeJS.Timeout[] = [];
  /** Tasks whose prepare/open succeeded: only those get cleanup/close, as in Storm. */
  readonly #prepared = new Set<Executor>();
  #drained: (() => void) | null = null;
  readonly #maxTuples: number;
  #onMaxTuples: (() => void) | null = null;
  #warnedUntracked = false;
  /** The other worker threads, when this engine runs part of the topology on one of them. */
  readonly #link: ThreadLink | null;
  readonly #sleepingWake = (): void => this.wake();
  /** Spouts are not called while tasks move between threads (the coordinator waits for the tuples in flight to settle). */
  #paused = false;
  /** Components whose tick came during a pause: their tasks get it at resume (a tick is never executed mid-move). */
  readonly #deferredTicks = new Set<string>();

  constructor(
    readonly topology: Topology,
    readonly options: LocalRunOptions,
    link: ThreadLink | null = null,
  ) {
    this.#link = link;
    this.acker = link === null ? new XorAcker(() => this.now()) : link.createAcker(() => this.now());
    this.treeBudget = link?.treeBudget ?? null;
    // withConf validates command-line conf like the builder validates the topology's own.
    this.conf = options.conf === undefined ? topology.spec.conf : topology.withConf(options.conf).spec.conf;
    const timeoutSecs =
      typeof this.conf['topology.message.timeout.secs'] === 'number'
        ? this.conf['topology.message.timeout.secs']
        : CONF_DEFAULTS['topology.message.timeout.secs'];
    this.messageTimeoutMs = timeoutSecs * 1000;
    this.strict = isStrict(options.strict, this.conf);
    this.#maxTuples = options.maxTuples ?? Number.POSITIVE_INFINITY;
    this.#build();
  }

  now(): number {
    return performance.now();
  }

  /** Spout trees of this engine's spout tasks started and not ended: the ones its acker holds. */
  get treesPending(): number {
    return this.acker.size;
  }

  get draining(): boolean {
    return this.#state === 'draining';
  }

  /** The run's lifecycle state. */
  get state(): RunState {
    return this.#state;
  }

  set state(state: RunState) {
    this.#state = state;
    this.#dispatching = state === 'running' || state === 'draining';
  }

  /** Called once when maxTuples trees are acked. */
  onMaxTuples(callback: () => void): void {
    this.#onMaxTuples = callback;
  }

  #build(): void {
    const spec = this.topology.spec;
    const taskIds = assignTaskIds(spec);
    const link = this.#link;
    for (const c of spec.components) {
      for (let index = 0; index < c.parallelism; index++) {
        const taskId = taskIds.get(c.id)![index]!;
        if (link !== null && !link.tasks.has(taskId)) continue;
        this.#createExecutor(c, index, taskIds);
      }
    }
    this.#wire(taskIds);
  }

  /** One task's executor with a new instance of its component, attached to it (not prepared yet). */
  #createExecutor(c: ComponentSpec, index: number, taskIds: ReadonlyMap<string, readonly number[]>): Executor {
    const spec = this.topology.spec;
    const conf: Conf = { ...this.conf, ...c.conf };
    const context = taskContext(spec, taskIds, c.id, index);
    const instance = this.#instantiate(c);
    const ackers = this.conf['topology.acker.executors'] !== 0;
    const executor =
      c.kind === 'spout'
        ? new SpoutExecutor(this, c, context, instance as Spout, maxPending(conf), ackers)
        : new BoltExecutor(this, c, context, instance as Bolt, concurrency(conf));
    attachComponent(instance, executor, context, conf);
    if (executor instanceof SpoutExecutor) this.spouts.push(executor);
    else this.bolts.push(executor);
    return executor;
  }

  /** Routes every local task's output streams to the bolt tasks as they are placed now (local executors or stand-ins). */
  #wire(taskIds: ReadonlyMap<string, readonly number[]> = assignTaskIds(this.topology.spec)): void {
    const spec = this.topology.spec;
    const streamIds = streamNumbering(spec);
    const link = this.#link;
    const localBolts = new Map(this.bolts.map((b) => [b.taskId, b]));
    /** Per component: every bolt task as routing sees it (local executors and stand-ins for other threads' tasks). */
    const sinks = new Map<string, TaskSink[]>();
    for (const c of spec.components) {
      if (c.kind === 'spout') continue;
      sinks.set(
        c.id,
        (taskIds.get(c.id) ?? []).map((taskId) => localBolts.get(taskId) ?? link!.remoteSink(taskId, c.id)),
      );
    }
    const byId = new Map(spec.components.map((c) => [c.id, c]));
    for (const executor of [...this.spouts, ...this.bolts]) {
      executor.outputs = outputsOf(byId.get(executor.componentId)!, spec.components, sinks, streamIds);
    }
    link?.attach(localBolts, this.acker, this);
  }

  #instantiate(c: ComponentSpec): Spout | Bolt {
    const cls = this.topology.componentClass(c.id);
    try {
      return new cls();
    } catch (error) {
      throw new TwinstormError('E_LIFECYCLE', `constructor threw: ${errorMessage(error)}`, { component: c.id });
    }
  }

  /** Prepares bolts, opens and activates spouts, then starts the loop and timers. */
  async start(): Promise<void> {
    await this.prepare();
    await this.activate();
  }

  /** Prepares bolts and opens spouts (with worker threads, every thread does this before any activates). */
  async prepare(): Promise<void> {
    await Promise.all(
      this.bolts.map((b) => this.#lifecycle(b, () => b.bolt.prepare(b.bolt.conf, b.context), 'prepare').then(() => this.#prepared.add(b))),
    );
    await Promise.all(
      this.spouts.map((s) => this.#lifecycle(s, () => s.spout.open(s.spout.conf, s.context), 'open').then(() => this.#prepared.add(s))),
    );
  }

  /** Activates spouts, then starts the loop and timers. */
  async activate(): Promise<void> {
    await Promise.all(
      this.spouts.map((s) =>
        this.#lifecycle(s, () => s.spout.activate(), 'activate').then(() => {
          s.active = true;
        }),
      ),
    );
    this.state = 'running';
    this.activatedAt = this.now();
    this.#startTimers();
    this.wake();
  }

  async #lifecycle(executor: Executor, step: () => void | Promise<void>, name: string): Promise<void> {
    const outer = this.running;
    this.running = executor;
    try {
      const result = step();
      this.running = outer;
      await result;
    } catch (error) {
      this.running = outer;
      executor.errors++;
      this.reportError(executor, error, undefined);
      const site = { component: executor.componentId, task: executor.taskId };
      throw new TwinstormError('E_LIFECYCLE', `${name}() threw: ${errorMessageAt(error, site)}`, site);
    }
  }

  #startTimers(): void {
    // Storm's RotatingMap: rotating every T expires trees between T and 2T old.
    this.#timers.push(
      setInterval(() => {
        if (this.acker.rotate() > 0) this.wake();
      }, this.messageTimeoutMs),
    );
    for (const c of this.topology.spec.components) {
      const freq = this.#tickSecs(c);
      if (freq === undefined) continue;
      // The component's tasks that run here when the tick is due (tasks may move between worker threads).
      this.#timers.push(
        setInterval(() => {
          if (this.#paused) this.#deferredTicks.add(c.id);
          else this.#tick(c.id, freq);
        }, freq * 1000),
      );
    }
  }

  #tickSecs(c: ComponentSpec): number | undefined {
    const freq = c.conf['topology.tick.tuple.freq.secs'] ?? this.conf['topology.tick.tuple.freq.secs'];
    return c.kind === 'spout' || typeof freq !== 'number' || freq <= 0 ? undefined : freq;
  }

  #tick(componentId: string, freq: number): void {
    for (const b of this.bolts) {
      if (b.componentId === componentId) b.enqueue(new LocalTuple([freq], TICK_SCHEMA, SYSTEM_TASK_ID, UNTRACKED, 0, 0, null));
    }
    this.wake();
  }

  /** Stops calling spouts (tuples in flight go on): the first step of moving tasks between worker threads. */
  pause(): void {
    this.#paused = true;
  }

  /** Calls spouts again, and delivers the ticks that came during the pause. */
  resume(): void {
    this.#paused = false;
    for (const c of this.topology.spec.components) {
      const freq = this.#tickSecs(c);
      if (freq !== undefined && this.#deferredTicks.delete(c.id)) this.#tick(c.id, freq);
    }
    this.wake();
  }

  /** Nothing queued, executing, to deliver or to publish here (trees may still be pending): tasks can move. */
  isStill(): boolean {
    return (
      this.queued === 0 &&
      this.inflight === 0 &&
      this.spouts.every((s) => s.completionsWaiting === 0) &&
      (this.#link === null || this.#link.backlog === 0)
    );
  }

  /**
   * Runs exactly the bolt tasks in `tasks` from now on (a paused, still thread; the link already knows the new
   * placement): tasks leaving are cleaned up as Storm does when a rebalance moves a task, tasks arriving get a new
   * instance and are prepared, and every output stream is routed again. Returns the counters of the tasks that left.
   */
  async replace(tasks: ReadonlySet<number>): Promise<BoltExecutor[]> {
    const leaving = this.bolts.filter((b) => !tasks.has(b.taskId));
    for (const b of leaving) {
      if (this.#prepared.delete(b)) await this.#lifecycle(b, () => b.bolt.cleanup(), 'cleanup').catch(() => undefined);
    }
    const left = new Set(leaving);
    const kept = this.bolts.filter((b) => !left.has(b));
    this.bolts.length = 0;
    this.bolts.push(...kept);
    const here = new Set(this.bolts.map((b) => b.taskId));
    const taskIds = assignTaskIds(this.topology.spec);
    const arriving: BoltExecutor[] = [];
    for (const c of this.topology.spec.components) {
      if (c.kind === 'spout') continue;
      (taskIds.get(c.id) ?? []).forEach((taskId, index) => {
        if (tasks.has(taskId) && !here.has(taskId)) arriving.push(this.#createExecutor(c, index, taskIds) as BoltExecutor);
      });
    }
    this.bolts.sort((a, b) => a.taskId - b.taskId);
    this.#wire(taskIds);
    await Promise.all(
      arriving.map((b) => this.#lifecycle(b, () => b.bolt.prepare(b.bolt.conf, b.context), 'prepare').then(() => this.#prepared.add(b))),
    );
    return leaving;
  }

  enterDirect(): boolean {
    if (this.timing > 0 || this.#directDepth >= MAX_DIRECT_DEPTH || !this.#dispatching) return false;
    this.#directDepth++;
    return true;
  }

  leaveDirect(): void {
    this.#directDepth--;
  }

  markReady(executor: Executor): void {
    this.#ready.push(executor as BoltExecutor);
    this.wake();
  }

  wake(): void {
    if (this.#scheduled || this.state === 'stopped' || this.state === 'starting') return;
    this.#scheduled = true;
    setImmediate(this.#slice);
  }

  /** One slice of the loop: rounds of bolt draining and spout calls until no work is left or the slice is used up. */
  readonly #slice = (): void => {
    this.#scheduled = false;
    if (this.state === 'stopped' || this.state === 'starting') return;
    this.inSlice = true;
    try {
      this.#rounds();
    } finally {
      this.inSlice = false;
    }
  };

  #rounds(): void {
    const deadline = this.now() + SLICE_MS;
    const link = this.#link;
    let rounds = 0;
    let spoutsWantCalls = false;
    for (;;) {
      let work = link === null || this.queued >= RECEIVE_BELOW ? 0 : link.receive();
      work += this.#drainBolts();
      spoutsWantCalls = false;
      const pressure = link === null ? this.queued : this.queued + link.backlog;
      for (let i = 0; i < this.spouts.length; i++) {
        const spout = this.spouts[i]!;
        work += spout.deliverCompletions();
        if (!spout.canEmit || this.state !== 'running' || this.#paused) continue;
        if (pressure >= HIGH_WATER) continue;
        for (let call = 0; call < SPOUT_CALLS_PER_ROUND && spout.canEmit && this.treesAcked + this.treesPending < this.#maxTuples; call++) {
          if (!spout.callNextTuple()) break;
          work++;
        }
        if (spout.idle && spout.canEmit) spoutsWantCalls = true;
      }
      if (this.treesAcked >= this.#maxTuples && this.#onMaxTuples !== null) {
        const callback = this.#onMaxTuples;
        this.#onMaxTuples = null;
        callback();
      }
      if (work === 0) break;
      if ((++rounds & 7) === 0) {
        // Every 8 rounds: everything for other threads goes out (between, only large batches do).
        link?.flush(true);
        if (this.now() > deadline) {
          this.wake();
          return;
        }
      } else link?.flush(false);
    }
    link?.flush(true);
    if (this.state === 'draining' && this.#drained !== null && this.isQuiet()) {
      const drained = this.#drained;
      this.#drained = null;
      drained();
      return;
    }
    if (spoutsWantCalls && this.treesAcked + this.treesPending < this.#maxTuples) {
      this.#scheduled = true;
      setTimeout(this.#slice, IDLE_WAIT_MS);
    }
    // Another thread may publish at any time: wake then (or retry a backlog that did not fit a full ring).
    link?.sleep(this.#sleepingWake);
  }

  /** maxTuples counts acked trees: a spout emitting without msgIds would run forever, so say so once. */
  firstUntrackedEmit(spout: Executor): void {
    if (this.#maxTuples === Number.POSITIVE_INFINITY || this.#warnedUntracked) return;
    this.#warnedUntracked = true;
    this.log(
      spout,
      `emits tuples without a msgId: they are not tracked and never count toward maxTuples (--max-tuples counts acked spout tuples); give them a msgId, or stop with --duration or --until-idle`,
      'warn',
    );
  }

  #drainBolts(): number {
    const ready = this.#ready;
    let n = ready.length - this.#readyHead;
    let work = 0;
    while (n-- > 0) {
      const executor = ready[this.#readyHead++]!;
      const before = executor.executed;
      if (executor.drain(BOLT_BATCH)) ready.push(executor);
      work += executor.executed - before;
    }
    if (this.#readyHead > 1024 || this.#readyHead === ready.length) {
      ready.splice(0, this.#readyHead);
      this.#readyHead = 0;
    }
    return work;
  }

  /** Nothing queued, executing, pending, waiting to be delivered, or waiting to be published to another thread. */
  isQuiet(): boolean {
    return (
      this.queued === 0 &&
      this.inflight === 0 &&
      this.treesPending === 0 &&
      this.spouts.every((s) => s.completionsWaiting === 0) &&
      (this.#link === null || this.#link.backlog === 0)
    );
  }

  /** Encodes an emit's values for other worker threads (routing calls it only for streams that cross threads). */
  encodeForOtherThreads(values: readonly unknown[]): void {
    this.#link?.encodeValues(values);
  }

  /** Deactivates spouts and lets the loop run on: with worker threads, the coordinator decides when every thread is quiet. */
  async deactivate(): Promise<void> {
    if (this.state !== 'running') return;
    this.state = 'draining';
    await Promise.all(
      this.spouts.map(async (s) => {
        s.active = false;
        await this.#lifecycle(s, () => s.spout.deactivate(), 'deactivate').catch(() => undefined);
      }),
    );
    this.wake();
  }

  /** Quiet, and every active spout's last nextTuple emitted nothing and the spout expects nothing more (mayStillEmit). */
  isIdle(): boolean {
    return (
      this.state === 'running' &&
      !this.#paused &&
      this.isQuiet() &&
      this.spouts.every((s) => !s.active || (s.idle && !s.busy && !s.mayStillEmit()))
    );
  }

  /** Deactivates spouts and resolves once the trees in flight are done or the timeout passed (false then). */
  async drain(timeoutMs: number): Promise<boolean> {
    if (this.state !== 'running') return this.isQuiet();
    this.state = 'draining';
    await Promise.all(
      this.spouts.map(async (s) => {
        s.active = false;
        await this.#lifecycle(s, () => s.spout.deactivate(), 'deactivate').catch(() => undefined);
      }),
    );
    if (this.isQuiet()) return true;
    const drained = new Promise<boolean>((resolve) => {
      this.#drained = () => resolve(true);
      const timer = setTimeout(() => {
        this.#drained = null;
        resolve(false);
      }, timeoutMs);
      this.#timers.push(timer);
    });
    this.wake();
    return drained;
  }

  /** Stops the loop and timers, then closes spouts and cleans up bolts (errors there are reported, not thrown). */
  async shutdown(): Promise<void> {
    this.state = 'stopped';
    this.stoppedAt = this.now();
    for (const t of this.#timers) clearTimeout(t);
    this.#timers.length = 0;
    for (const s of this.spouts) if (this.#prepared.has(s)) await this.#lifecycle(s, () => s.spout.close(), 'close').catch(() => undefined);
    for (const b of this.bolts)
      if (this.#prepared.has(b)) await this.#lifecycle(b, () => b.bolt.cleanup(), 'cleanup').catch(() => undefined);
  }

  reportError(executor: Executor, error: unknown, stream: string | undefined): void {
    const site = { component: executor.componentId, task: executor.taskId, stream };
    const message = error instanceof TwinstormError ? error.message : `${describeSite(site)}${errorMessage(error)}`;
    const event: ComponentErrorEvent = { component: executor.componentId, task: executor.taskId, stream, message, time: Date.now(), error };
    this.lastErrors.push({ component: event.component, task: event.task, message, time: event.time });
    if (this.lastErrors.length > 20) this.lastErrors.shift();
    (this.options.onError ?? printError)(event);
  }

  log(executor: Executor, message: string, level: LogLevel): void {
    const event: ComponentLogEvent = { component: executor.componentId, task: executor.taskId, level, message };
    (this.options.onLog ?? printLog)(event);
  }
}
