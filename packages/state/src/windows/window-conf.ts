import type { ComponentSpec, Conf, ConfValue } from '@twinstorm/core';
import { StateError } from '../errors.ts';

/** Storm's conf keys of a windowed bolt (BaseWindowedBolt writes the same keys into the component's conf). */
export const WINDOW_KEYS = {
  lengthCount: 'topology.bolts.window.length.count',
  lengthMs: 'topology.bolts.window.length.duration.ms',
  slideCount: 'topology.bolts.window.sliding.interval.count',
  slideMs: 'topology.bolts.window.sliding.interval.duration.ms',
  timestampField: 'topology.bolts.tuple.timestamp.field.name',
  lagMs: 'topology.bolts.tuple.timestamp.max.lag.ms',
  watermarkIntervalMs: 'topology.bolts.watermark.event.interval.ms',
  lateStream: 'topology.bolts.late.tuple.stream',
} as const;

/** A window length or sliding interval: a number of tuples or a duration in ms (Storm's Count and Duration). */
export type WindowSize = { readonly count: number } | { readonly ms: number };

/** What a windowed bolt is declared with; `slide` defaults to `length` (a tumbling window). */
export interface WindowOptions {
  readonly length: WindowSize;
  readonly slide?: WindowSize;
  /** Event time: the field holding each tuple's timestamp (ms); windows then move with the watermark. */
  readonly timestampField?: string;
  /** Event time: how far out of order tuples may arrive (Storm's max lag; default 0). */
  readonly lagMs?: number;
  /** Event time: how often the watermark advances (default 1000 ms, as Storm). */
  readonly watermarkIntervalMs?: number;
  /** Event time: the stream late tuples are emitted on (declared by the bolt); without it they are acked and dropped. */
  readonly lateStream?: string;
}

/** A windowed bolt's conf, with Storm's keys: pass it to `setBolt(...).addConfigurations(windowConf({...}))`. */
export function windowConf(options: WindowOptions): Record<string, ConfValue> {
  const slide = options.slide ?? options.length;
  const conf: Record<string, ConfValue> = {};
  if ('count' in options.length) conf[WINDOW_KEYS.lengthCount] = options.length.count;
  else conf[WINDOW_KEYS.lengthMs] = options.length.ms;
  if ('count' in slide) conf[WINDOW_KEYS.slideCount] = slide.count;
  else conf[WINDOW_KEYS.slideMs] = slide.ms;
  if (options.timestampField !== undefined) conf[WINDOW_KEYS.timestampField] = options.timestampField;
  if (options.lagMs !== undefined) conf[WINDOW_KEYS.lagMs] = options.lagMs;
  if (options.watermarkIntervalMs !== undefined) conf[WINDOW_KEYS.watermarkIntervalMs] = options.watermarkIntervalMs;
  if (options.lateStream !== undefined) conf[WINDOW_KEYS.lateStream] = options.lateStream;
  return conf;
}

/** A window declaration read back from conf and checked. */
export interface WindowSpec {
  readonly length: WindowSize;
  readonly slide: WindowSize;
  readonly timestampField: string | undefined;
  readonly lagMs: number;
  readonly watermarkIntervalMs: number;
  readonly lateStream: string | undefined;
}

/** Reads and checks a windowed bolt's conf (component conf merged over topology conf). */
export function windowSpecOf(conf: Conf, component: string): WindowSpec {
  const site = { component };
  const positive = (key: string): number | undefined => {
    const v = conf[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) {
      throw new StateError('E_WINDOW_CONF', `conf "${key}" must be an integer >= 1, got ${JSON.stringify(v)}`, site);
    }
    return v;
  };
  const size = (countKey: string, msKey: string, what: string): WindowSize | undefined => {
    const count = positive(countKey);
    const ms = positive(msKey);
    if (count !== undefined && ms !== undefined) {
      throw new StateError('E_WINDOW_CONF', `the ${what} is set both as a count ("${countKey}") and a duration ("${msKey}")`, site);
    }
    return count !== undefined ? { count } : ms !== undefined ? { ms } : undefined;
  };
  const length = size(WINDOW_KEYS.lengthCount, WINDOW_KEYS.lengthMs, 'window length');
  if (length === undefined) {
    throw new StateError(
      'E_WINDOW_CONF',
      `a windowed bolt needs a window length: "${WINDOW_KEYS.lengthCount}" or "${WINDOW_KEYS.lengthMs}" (use windowConf())`,
      site,
    );
  }
  const slide = size(WINDOW_KEYS.slideCount, WINDOW_KEYS.slideMs, 'sliding interval') ?? length;
  const field = conf[WINDOW_KEYS.timestampField];
  if (field !== undefined && field !== null && (typeof field !== 'string' || field.length === 0)) {
    throw new StateError('E_WINDOW_CONF', `conf "${WINDOW_KEYS.timestampField}" must be a field name`, site);
  }
  const late = conf[WINDOW_KEYS.lateStream];
  if (late !== undefined && late !== null && (typeof late !== 'string' || late.length === 0)) {
    throw new StateError('E_WINDOW_CONF', `conf "${WINDOW_KEYS.lateStream}" must be a stream id`, site);
  }
  const timestampField = typeof field === 'string' ? field : undefined;
  const lateStream = typeof late === 'string' ? late : undefined;
  if (lateStream !== undefined && timestampField === undefined) {
    throw new StateError('E_WINDOW_CONF', `a late tuple stream needs event time ("${WINDOW_KEYS.timestampField}")`, site);
  }
  const lag = conf[WINDOW_KEYS.lagMs];
  if (lag !== undefined && lag !== null && (typeof lag !== 'number' || !Number.isInteger(lag) || lag < 0)) {
    throw new StateError('E_WINDOW_CONF', `conf "${WINDOW_KEYS.lagMs}" must be an integer >= 0, got ${JSON.stringify(lag)}`, site);
  }
  return {
    length,
    slide,
    timestampField,
    lagMs: typeof lag === 'number' ? lag : 0,
    watermarkIntervalMs: positive(WINDOW_KEYS.watermarkIntervalMs) ?? 1000,
    lateStream,
  };
}

/**
 * The build-time checks Storm's WindowedBoltExecutor makes (there at prepare; here when the topology is built): the
 * message timeout must cover the window length plus the sliding interval, and a late stream must be declared.
 */
export function checkWindowDeclaration(component: ComponentSpec, topologyConf: Conf): void {
  const conf: Conf = { ...topologyConf, ...component.conf };
  const spec = windowSpecOf(conf, component.id);
  const timeoutSecs = typeof conf['topology.message.timeout.secs'] === 'number' ? conf['topology.message.timeout.secs'] : 30;
  const durationMs = ('ms' in spec.length ? spec.length.ms : 0) + ('ms' in spec.slide ? spec.slide.ms : 0);
  if (durationMs > timeoutSecs * 1000) {
    throw new StateError(
      'E_WINDOW_CONF',
      `window duration (length + sliding interval) ${durationMs} ms is more than topology.message.timeout.secs ${timeoutSecs} s: ` +
        'tuples would time out while still in the window (raise the message timeout or shorten the window)',
      { component: component.id },
    );
  }
  if (spec.lateStream !== undefined && component.streams[spec.lateStream] === undefined) {
    throw new StateError(
      'E_WINDOW_CONF',
      `the late tuple stream "${spec.lateStream}" is not declared (add it to the bolt's static outputs)`,
      { component: component.id, stream: spec.lateStream },
    );
  }
}
