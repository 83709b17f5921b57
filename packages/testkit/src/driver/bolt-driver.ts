import {
  StreamSchema,
  SYSTEM_COMPONENT,
  TICK_STREAM,
  Tuple,
  type Bolt,
  type Conf,
  type OutputDeclaringClass,
  type TopologyContext,
} from '@twinstorm/core';
import { attachComponent, checkEmitShape, declaredStreams, undeclaredStreamError, type RuntimePort } from '@twinstorm/core/runtime';
import { ManualClock, useClock, type JsonValue } from '@twinstorm/state';
import { TestkitError } from '../errors.ts';
import { ScopedClock } from './scoped-clock.ts';

/** Where a sent tuple comes from: its source component, stream and fields (default: "source", "default", f0…). */
export interface SendOptions {
  component?: string;
  stream?: string;
  fields?: readonly string[];
}

/** One emit the bolt made. */
export interface DriverEmit {
  stream: string;
  values: readonly unknown[];
  anchors: readonly Tuple[];
}

/** Options of a driven bolt: its conf and where it sits in a (pretend) topology. */
export interface BoltDriverOptions {
  conf?: Conf;
  topologyName?: string;
  componentId?: string;
  taskId?: number;
  /** The simulated clock's start, ms (default 0). */
  startTime?: number;
}

class DriverTuple extends Tuple {
  constructor(
    values: readonly unknown[],
    schema: StreamSchema,
    sourceTask: number,
    readonly seq: number,
  ) {
    super(values, schema, sourceTask);
  }
  override get id(): string {
    return String(this.seq);
  }
}

/** What a bolt class the driver can run looks like. */
type DrivenClass<B extends Bolt> = (new () => B) & OutputDeclaringClass;

/**
 * Runs one bolt task in this thread on a simulated clock, in the spirit of Kafka Streams' TopologyTestDriver: send
 * tuples, advance time (firing checkpoint, window and watermark timers), send ticks, read the task's state, crash the
 * task and restart it over the same state namespace — window and timeout logic tested without sleeping.
 */
export class BoltDriver<B extends Bolt> {
  readonly clock: ManualClock;
  readonly emitted: DriverEmit[] = [];
  readonly acked: Tuple[] = [];
  readonly failed: Tuple[] = [];
  readonly errors: unknown[] = [];
  #bolt: B;
  #scope: ScopedClock;
  #seq = 0;
  readonly #schemas = new Map<string, StreamSchema>();
  readonly #settled = new Set<Tuple>();
  /** Tuples open when the task crashed: a dead incarnation's late ack or fail of them is not the new one's. */
  readonly #abandoned = new Set<Tuple>();
  /** Every tuple sent and not yet acked or failed, in send order (what a spout would replay after a crash). */
  readonly #open = new Set<Tuple>();

  private constructor(
    private readonly cls: DrivenClass<B>,
    private readonly options: BoltDriverOptions,
  ) {
    this.clock = new ManualClock(options.startTime ?? 0);
    this.#scope = new ScopedClock(this.clock);
    this.#bolt = new cls();
  }

  /** Creates the bolt, attaches it to the driver and prepares it (initState included for a StatefulBolt). */
  static async start<B extends Bolt>(cls: DrivenClass<B>, options: BoltDriverOptions = {}): Promise<BoltDriver<B>> {
    const driver = new BoltDriver(cls, options);
    await driver.#prepare();
    return driver;
  }

  /** The running bolt instance. */
  get bolt(): B {
    return this.#bolt;
  }

  /** Tuples sent and neither acked nor failed yet. */
  get unsettled(): readonly Tuple[] {
    return [...this.#open];
  }

  /** Sends one tuple to execute; resolves when execute (and what it awaited) is done. */
  async send(values: readonly unknown[], options: SendOptions = {}): Promise<Tuple> {
    const tuple = new DriverTuple(values, this.#schema(options, values.length), 1, ++this.#seq);
    this.#open.add(tuple);
    await this.#execute(tuple);
    return tuple;
  }

  /** Sends a tick tuple (`__system` / `__tick`), as `topology.tick.tuple.freq.secs` would. */
  async tick(): Promise<void> {
    const schema = this.#schema({ component: SYSTEM_COMPONENT, stream: TICK_STREAM, fields: ['rate_secs'] }, 1);
    const tuple = new DriverTuple([0], schema, -1, ++this.#seq);
    this.#open.add(tuple);
    await this.#execute(tuple);
    this.#open.delete(tuple);
  }

  /** Moves the clock forward, firing every timer due (checkpoints, windows, watermarks), and lets their work settle. */
  async advance(ms: number): Promise<void> {
    this.clock.advance(ms);
    await settle();
  }

  /** The task's keyed state as it is now (a StatefulBolt), as a plain object. */
  state(): Record<string, JsonValue> {
    const state = (this.#bolt as unknown as { state?: Iterable<[string, JsonValue]> }).state;
    if (state === undefined) throw new TestkitError('E_INVALID_OPTIONS', `${this.cls.name} has no keyed state (not a StatefulBolt)`);
    return Object.fromEntries(state);
  }

  /**
   * Kills the task as a crash would (no cleanup, its timers stop, its uncommitted work is lost), starts a new instance
   * over the same state namespace, and resolves with the tuples a spout would now replay (sent and never acked).
   */
  async crash(): Promise<Tuple[]> {
    this.#scope.kill();
    const replay = [...this.#open];
    for (const t of replay) this.#abandoned.add(t);
    this.#open.clear();
    this.#scope = new ScopedClock(this.clock);
    this.#bolt = new this.cls();
    await this.#prepare();
    return replay;
  }

  /** Sends the values of earlier tuples again (a replay), from the same source and stream. */
  async replay(tuples: readonly Tuple[]): Promise<void> {
    for (const t of tuples) await this.send(t.values, { component: t.sourceComponent, stream: t.sourceStream, fields: t.fields });
  }

  /** Calls cleanup, as an orderly shutdown does. */
  async stop(): Promise<void> {
    await this.#bolt.cleanup();
    this.#scope.kill();
    await settle();
  }

  async #prepare(): Promise<void> {
    const bolt = this.#bolt;
    const componentId = this.options.componentId ?? this.cls.name;
    const taskId = this.options.taskId ?? 1;
    const streams = declaredStreams(componentId, this.cls);
    const site = { component: componentId, task: taskId };
    const context: TopologyContext = {
      topologyName: this.options.topologyName ?? 'driver',
      taskId,
      componentId,
      taskIndex: 0,
      componentTasks: (id) => (id === componentId ? [taskId] : []),
      componentFor: (id) => (id === taskId ? componentId : undefined),
      outputFields: (stream = 'default') => streams[stream]?.fields ?? [],
    };
    const emit = (stream: string, values: readonly unknown[], anchors: readonly Tuple[] | undefined) => {
      const declared = streams[stream];
      if (declared === undefined) throw undeclaredStreamError(Object.keys(streams), { ...site, stream });
      checkEmitShape(values, declared.fields, declared.direct, false, { ...site, stream });
      this.emitted.push({ stream, values, anchors: anchors ?? [] });
    };
    const port: RuntimePort = {
      emit: (stream, values, anchors) => emit(stream, values, anchors),
      emitWithTaskIds: (stream, values, anchors) => {
        emit(stream, values, anchors);
        return Promise.resolve([]);
      },
      emitDirect: (_task, stream, values, anchors) => emit(stream, values, anchors),
      ack: (t) => this.#settle(t, this.acked, 'acked'),
      fail: (t) => this.#settle(t, this.failed, 'failed'),
      reportError: (e) => this.errors.push(e),
      log: () => undefined,
    };
    attachComponent(bolt, port, context, this.options.conf ?? {});
    useClock(bolt, this.#scope);
    await bolt.prepare(this.options.conf ?? {}, context);
  }

  async #execute(tuple: Tuple): Promise<void> {
    try {
      await this.#bolt.execute(tuple);
    } catch (error) {
      // As the runtimes do: the tuple fails and the error is reported; the task stays up.
      this.errors.push(error);
      if (!this.#settled.has(tuple)) this.#settle(tuple, this.failed, 'failed');
    }
    await settle();
  }

  #settle(tuple: Tuple, list: Tuple[], what: string): void {
    if (this.#abandoned.has(tuple)) return;
    if (this.#settled.has(tuple)) {
      if (tuple.isTick()) return;
      throw new TestkitError('E_INVALID_OPTIONS', `tuple ${tuple.id} ${what} after it was already settled`);
    }
    this.#settled.add(tuple);
    this.#open.delete(tuple);
    list.push(tuple);
  }

  #schema(options: SendOptions, width: number): StreamSchema {
    const component = options.component ?? 'source';
    const stream = options.stream ?? 'default';
    const fields = options.fields ?? Array.from({ length: width }, (_, i) => `f${i}`);
    const key = `${component}\u0000${stream}\u0000${fields.join('\u0000')}`;
    let schema = this.#schemas.get(key);
    if (schema === undefined) this.#schemas.set(key, (schema = new StreamSchema(component, stream, fields)));
    return schema;
  }
}

/** Lets promise chains and resolved I/O-free commits run (a few macrotask turns). */
async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
}
