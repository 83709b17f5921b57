import type { Conf } from './conf.ts';
import { TwinstormError } from './errors.ts';
import { MetricRegistry } from './metrics.ts';
import type { TopologyContext } from './topology-context.ts';
import type { Tuple } from './tuple.ts';

/** Storm's multilang log levels: trace, debug, info, warn, error. */
export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error';

/** Options of an emit: the stream (default `"default"`), the anchors (bolts) or the message id (spouts). */
export interface EmitOptions {
  stream?: string;
  anchors?: readonly Tuple[];
  msgId?: unknown;
}

/**
 * What a runtime provides to a component. Each runtime (local engine, multilang runner) implements it;
 * user code never sees it directly, only through the component's methods.
 */
export interface RuntimePort {
  emit(stream: string, values: readonly unknown[], anchors: readonly Tuple[] | undefined, msgId: unknown): void;
  /** As emit, resolving with the ids of the tasks the tuple went to (on Storm: ShellBolt's task-id reply). */
  emitWithTaskIds(
    stream: string,
    values: readonly unknown[],
    anchors: readonly Tuple[] | undefined,
    msgId: unknown,
  ): Promise<readonly number[]>;
  emitDirect(taskId: number, stream: string, values: readonly unknown[], anchors: readonly Tuple[] | undefined, msgId: unknown): void;
  ack(tuple: Tuple): void;
  fail(tuple: Tuple): void;
  reportError(error: unknown): void;
  log(message: string, level: LogLevel): void;
}

const PORT = Symbol('twinstorm.port');
const CONTEXT = Symbol('twinstorm.context');
const CONF = Symbol('twinstorm.conf');
const METRICS = Symbol('twinstorm.metrics');

/** Thrown when a component calls the runtime before the runtime has attached it (e.g. emitting in a constructor). */
function notAttached(): never {
  throw new TwinstormError(
    'E_NOT_ATTACHED',
    'this component is not attached to a runtime yet: emit, ack and friends work from open()/prepare() on',
  );
}

const DETACHED: RuntimePort = {
  emit: notAttached,
  emitWithTaskIds: notAttached,
  emitDirect: notAttached,
  ack: notAttached,
  fail: notAttached,
  reportError: notAttached,
  log: notAttached,
};

/** The base of spouts and bolts: the collector methods and the context, whichever runtime runs the task. */
export abstract class Component {
  [PORT]: RuntimePort = DETACHED;
  [CONTEXT]: TopologyContext | undefined;
  [CONF]: Conf = {};
  [METRICS]: MetricRegistry | undefined;

  /** This task's user metrics (Storm metrics v2 names: counter, meter, timer, histogram, gauge), on every runtime. */
  get metrics(): MetricRegistry {
    return (this[METRICS] ??= new MetricRegistry());
  }

  /** This task's context; available from open()/prepare() on. */
  get context(): TopologyContext {
    const context = this[CONTEXT];
    if (context === undefined) return notAttached();
    return context;
  }

  /** The merged topology and component configuration. */
  get conf(): Conf {
    return this[CONF];
  }

  /** Emits a tuple to a stream (the default stream unless `opts.stream` is set). */
  emit(values: readonly unknown[], opts?: EmitOptions): void {
    this[PORT].emit(opts?.stream ?? 'default', values, opts?.anchors, opts?.msgId);
  }

  /**
   * Emits like `emit` and resolves with the ids of the tasks the tuple was sent to (what Storm's Java emit returns).
   * On Storm this waits for ShellBolt's reply, so call it only when the ids are needed; plain `emit` never waits.
   */
  emitWithTaskIds(values: readonly unknown[], opts?: EmitOptions): Promise<readonly number[]> {
    return this[PORT].emitWithTaskIds(opts?.stream ?? 'default', values, opts?.anchors, opts?.msgId);
  }

  /** Emits to one task of a component subscribed with direct grouping; the stream must be declared direct. */
  emitDirect(taskId: number, values: readonly unknown[], opts?: EmitOptions): void {
    this[PORT].emitDirect(taskId, opts?.stream ?? 'default', values, opts?.anchors, opts?.msgId);
  }

  /** Reports an error to the runtime's error log (Storm UI's "last error"); does not fail anything. */
  reportError(error: unknown): void {
    this[PORT].reportError(error);
  }

  /** Logs through the runtime (Storm's worker log; stderr locally); never writes to stdout. */
  log(message: string, level: LogLevel = 'info'): void {
    this[PORT].log(message, level);
  }
}

/** Binds a component instance to a runtime; called by runtimes only, before open()/prepare(). */
export function attachComponent(component: Component, port: RuntimePort, context: TopologyContext, conf: Conf): void {
  component[PORT] = port;
  component[CONTEXT] = context;
  component[CONF] = conf;
}

/** The port a component is attached to, for runtimes that wrap it. */
export function componentPort(component: Component): RuntimePort {
  return component[PORT];
}

/** The user metrics a component registered (undefined when it never touched this.metrics), for runtimes to sample. */
export function componentMetrics(component: Component): MetricRegistry | undefined {
  return component[METRICS];
}
