import { TwinstormError } from './errors.ts';
import type { Conf, ConfValue } from './conf.ts';
import { checkConfRules } from './conf-rules.ts';

/** Validates that conf holds only JSON values (Storm ships conf as JSON) and the keys twinstorm reads hold what they must (CONF_RULES), dropping undefined keys. */
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
  checkConfRules(out, component);
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
