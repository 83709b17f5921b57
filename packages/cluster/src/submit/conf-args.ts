import { ClusterError } from '../errors.ts';

/**
 * The `--conf key=<JSON>` arguments of TopologyMain, after checking each value can cross to Storm unchanged: JSON
 * values only (no undefined, NaN, Infinity, bigint or functions, at any depth) and non-empty keys.
 */
export function confArgs(conf: Readonly<Record<string, unknown>>): string[] {
  const args: string[] = [];
  for (const key of Object.keys(conf).sort()) {
    if (key.trim().length === 0 || key.includes('=')) {
      throw new ClusterError('E_INVALID_ARGUMENT', `conf key ${JSON.stringify(key)} is not valid (empty, or contains "=")`);
    }
    const problem = notJson(conf[key], key);
    if (problem !== undefined) throw new ClusterError('E_INVALID_ARGUMENT', `conf ${problem}`);
    args.push('--conf', `${key}=${JSON.stringify(conf[key])}`);
  }
  return args;
}

/** Why `value` (at `path`) is not plain JSON, or undefined when it is. */
function notJson(value: unknown, path: string): string | undefined {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return undefined;
    case 'number':
      return Number.isFinite(value) ? undefined : `${path}: ${String(value)} is not a JSON number`;
    case 'object': {
      if (value === null) return undefined;
      const entries: Array<[string, unknown]> = Array.isArray(value)
        ? value.map((v, i) => [`${path}[${i}]`, v])
        : Object.entries(value).map(([k, v]) => [`${path}.${k}`, v]);
      for (const [p, v] of entries) {
        const problem = notJson(v, p);
        if (problem !== undefined) return problem;
      }
      return undefined;
    }
    default:
      return `${path}: a ${typeof value} is not a JSON value`;
  }
}
