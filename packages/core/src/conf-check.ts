import { TwinstormError } from './errors.ts';
import type { Conf, ConfValue } from './conf.ts';

/** Validates that conf holds only JSON values (Storm ships conf as JSON), dropping undefined keys. */
export function checkConf(conf: Conf, component: string | undefined): Record<string, ConfValue> {
  if (typeof conf !== 'object' || conf === null || Array.isArray(conf)) {
    throw new TwinstormError('E_INVALID_CONF', 'conf must be an object of Storm config keys', { component });
  }
  const out: Record<string, ConfValue> = {};
  for (const [key, value] of Object.entries(conf)) {
    if (value === undefined) continue;
    const problem = jsonProblem(value);
    if (problem !== null) {
      throw new TwinstormError('E_INVALID_CONF', `conf "${key}" ${problem}`, { component });
    }
    out[key] = value;
  }
  const freq = out['topology.tick.tuple.freq.secs'];
  if (freq !== undefined && freq !== null && (typeof freq !== 'number' || !Number.isInteger(freq) || freq < 1)) {
    // Storm's Config marks this key @IsInteger: a fractional value would be rejected at submit.
    throw new TwinstormError(
      'E_INVALID_CONF',
      'conf "topology.tick.tuple.freq.secs" must be a whole number of seconds >= 1 (Storm requires an integer)',
      {
        component,
      },
    );
  }
  for (const key of ['topology.max.spout.pending', 'topology.message.timeout.secs', 'twinstorm.bolt.max.concurrency']) {
    const v = out[key];
    if (v !== undefined && v !== null && (typeof v !== 'number' || !Number.isInteger(v) || v < 1)) {
      throw new TwinstormError('E_INVALID_CONF', `conf "${key}" must be an integer >= 1, got ${JSON.stringify(v)}`, { component });
    }
  }
  return out;
}

function jsonProblem(value: unknown): string | null {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return null;
    case 'number':
      return Number.isFinite(value) ? null : `is ${String(value)}, which JSON cannot carry`;
    case 'object': {
      if (value === null) return null;
      // A Date, Map, class instance or typed array would be silently changed (or emptied) by JSON.
      const proto: unknown = Object.getPrototypeOf(value);
      if (!Array.isArray(value) && proto !== Object.prototype && proto !== null) {
        return `is a ${(value as { constructor?: { name?: string } }).constructor?.name ?? 'non-plain object'}, not a plain JSON object`;
      }
      for (const v of Object.values(value)) {
        const p = jsonProblem(v);
        if (p !== null) return p;
      }
      return null;
    }
    default:
      return `is a ${typeof value}, not a JSON value`;
  }
}
