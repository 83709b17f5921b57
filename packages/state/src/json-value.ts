/** What state holds: JSON values, so every provider (memory, file, Redis, Postgres) stores them the same way. */
export type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/** Why a value is not a JSON value that round-trips unchanged, with the path to the offending part; null if it is. */
export function jsonValueProblem(value: unknown, path = '$'): string | null {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return null;
    case 'number':
      return Number.isFinite(value) ? null : `${path} is ${String(value)}, which JSON cannot carry`;
    case 'object': {
      if (value === null) return null;
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) {
          const p = jsonValueProblem(value[i], `${path}[${i}]`);
          if (p !== null) return p;
        }
        return null;
      }
      const proto: unknown = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) {
        const name = (value as { constructor?: { name?: string } }).constructor?.name ?? 'non-plain object';
        return `${path} is a ${name}, not a plain JSON object`;
      }
      for (const [k, v] of Object.entries(value)) {
        const p = jsonValueProblem(v, `${path}.${k}`);
        if (p !== null) return p;
      }
      return null;
    }
    default:
      return `${path} is a ${typeof value}, not a JSON value`;
  }
}
