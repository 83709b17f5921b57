import { Bolt, type ComponentSpec, type Conf, type EmitOptions, type TopologyContext, type Tuple } from '@twinstorm/core';
import { componentPort } from '@twinstorm/core/runtime';
import { clockOf, type Clock } from '../clock.ts';
import { StateError } from '../errors.ts';
import type { TupleWindow } from './tuple-window.ts';
import { WindowBuffer } from './window-buffer.ts';
import { checkWindowDeclaration, windowSpecOf, type WindowSpec } from './window-conf.ts';
import { Watermark } from './watermark.ts';

/**
 * Storm's BaseWindowedBolt: `execute(window)` runs once per window, declared with Storm's conf keys (see windowConf).
 * Tumbling and sliding windows by count or duration; with a timestamp field, event time with a lag and a watermark, and
 * late tuples emitted on a declared stream. Emits in execute are anchored to the window's tuples (as Storm's
 * windowed collector does); a tuple is acked when it leaves the last window that can hold it.
 */
export abstract class WindowedBolt extends Bolt {
  /** The builder calls this: Storm's window checks, at build time instead of Storm's prepare. */
  static validateDeclaration(component: ComponentSpec, topologyConf: Conf): void {
    checkWindowDeclaration(component, topologyConf);
  }

  #spec: WindowSpec | null = null;
  #buffer: WindowBuffer | null = null;
  #watermark: Watermark | null = null;
  #clock: Clock | null = null;
  #stopTimer: () => void = () => undefined;
  #lastEnd: number | undefined;
  #current: TupleWindow | null = null;
  #running: Promise<void> = Promise.resolve();
  /** Windows queued or running asynchronously. */
  #queued = 0;

  /** Runs once per window (a TupleWindow is also a Tuple, so this still overrides Bolt's execute). */
  abstract override execute(window: TupleWindow): void | Promise<void>;

  constructor() {
    super();
    // The runtime calls prepare, execute and cleanup on the instance; wrap the subclass's own so tuples go to the window.
    const prepare = this.prepare.bind(this);
    const onWindow = this.execute.bind(this);
    const cleanup = this.cleanup.bind(this);
    this.prepare = async (conf: Conf, context: TopologyContext) => {
      this.#open(conf, context, onWindow);
      await prepare(conf, context);
    };
    // Assigned as Bolt's execute: the runtimes hand it tuples, which go to the window, never windows.
    (this as Bolt).execute = (tuple: Tuple) => this.#onTuple(tuple);
    this.cleanup = async () => {
      this.#stopTimer();
      await this.#running;
      await cleanup();
    };
  }

  /** Emits; inside execute(window) the tuple is anchored to the window's tuples unless anchors are given. */
  override emit(values: readonly unknown[], opts?: EmitOptions): void {
    const current = this.#current;
    if (current === null || opts?.anchors !== undefined) super.emit(values, opts);
    else super.emit(values, { ...opts, anchors: current.get() });
  }

  /** How many tuples the task holds in its window buffer now (bounded by the window, not by the run). */
  get heldTuples(): number {
    return this.#buffer?.size ?? 0;
  }

  /** The event-time watermark (-Infinity before the first; undefined without a timestamp field). */
  get watermark(): number | undefined {
    return this.#watermark?.current;
  }

  #open(conf: Conf, context: TopologyContext, onWindow: (window: TupleWindow) => void | Promise<void>): void {
    const spec = windowSpecOf(conf, context.componentId);
    const port = componentPort(this);
    const clock = clockOf(this);
    this.#spec = spec;
    this.#clock = clock;
    // A tuple evicted while a window that holds it still runs (an async execute) is acked after that window.
    this.#buffer = new WindowBuffer(spec, (t) => {
      if (this.#queued === 0) port.ack(t);
      else void this.#running.then(() => port.ack(t));
    });
    const runWindow = (window: TupleWindow, end: number): Promise<void> | undefined => {
      const done = () => {
        this.#current = null;
        this.#buffer!.afterWindow(end);
      };
      this.#current = window;
      let result: void | Promise<void>;
      try {
        result = onWindow(window);
      } catch (error) {
        port.reportError(error);
        done();
        return undefined;
      }
      if (!(result instanceof Promise)) {
        done();
        return undefined;
      }
      return result.catch((error: unknown) => port.reportError(error)).finally(done);
    };
    // Windows run at once (synchronously) unless an async one is still running; then they queue behind it in order.
    this.#fire = (end: number, start?: number) => {
      const window = this.#buffer!.windowAt(end, start);
      this.#lastEnd = end;
      if (window === null) return;
      const run = this.#queued === 0 ? runWindow(window, end) : this.#running.then(() => runWindow(window, end));
      if (run === undefined) return;
      this.#queued++;
      this.#running = run.finally(() => {
        this.#queued--;
      });
    };
    if (spec.timestampField !== undefined) {
      const watermark = new Watermark(spec.lagMs);
      this.#watermark = watermark;
      this.#stopTimer = clock.every(spec.watermarkIntervalMs, () => {
        const w = watermark.advance();
        if (w !== undefined) this.#fireUpTo(w);
      });
    } else if ('ms' in spec.slide) {
      const slide = spec.slide.ms;
      const length = 'ms' in spec.length ? spec.length.ms : undefined;
      // A timer that fired late widens its window back to where the previous one said the next starts.
      this.#stopTimer = clock.every(slide, () => {
        const end = clock.now() + 1;
        const nominal = this.#lastEnd === undefined || length === undefined ? undefined : this.#lastEnd + slide - length;
        this.#fire(end, length === undefined || nominal === undefined ? undefined : Math.min(end - length, nominal));
      });
    }
  }

  #fire: (end: number, start?: number) => void = () => undefined;

  /** Event time: runs every aligned window ending at or before the watermark, skipping stretches with no tuples. */
  #fireUpTo(watermark: number): void {
    const spec = this.#spec!;
    const slide = 'ms' in spec.slide ? spec.slide.ms : 0;
    if (slide === 0) return;
    for (;;) {
      const earliest = this.#buffer!.earliest();
      if (earliest === undefined) return;
      // The first aligned window that holds the earliest tuple; windows before it would be empty, so they are skipped.
      const firstHolding = Math.floor(earliest / slide) * slide + slide;
      const end = this.#lastEnd === undefined ? firstHolding : Math.max(this.#lastEnd + slide, firstHolding);
      if (end > watermark) return;
      this.#fire(end);
    }
  }

  #onTuple(tuple: Tuple): void | Promise<void> {
    const spec = this.#spec;
    if (spec === null) throw new StateError('E_STATE_LIFECYCLE', 'a tuple arrived before prepare', {});
    if (tuple.isTick()) {
      componentPort(this).ack(tuple);
      return;
    }
    let ts: number;
    if (spec.timestampField === undefined) ts = this.#clock!.now();
    else {
      const value = tuple.get(spec.timestampField);
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        throw new StateError('E_WINDOW_TUPLE', `the timestamp field must hold a number of ms, got ${JSON.stringify(value)}`, {
          component: this.context.componentId,
          task: this.context.taskId,
          stream: tuple.sourceStream,
          field: spec.timestampField,
        });
      }
      ts = value;
      if (!this.#watermark!.track(`${tuple.sourceComponent}:${tuple.sourceStream}`, ts)) {
        this.#late(tuple, spec.lateStream);
        return;
      }
    }
    if (this.#buffer!.add(tuple, ts)) {
      const end = spec.timestampField === undefined ? this.#clock!.now() + 1 : ts + 1;
      this.#fire(end);
    }
    return undefined;
  }

  #late(tuple: Tuple, stream: string | undefined): void {
    const port = componentPort(this);
    if (stream !== undefined) port.emit(stream, tuple.values, [tuple], undefined);
    port.ack(tuple);
  }
}
