import { TestkitError } from '../errors.ts';

/** The tag of an encoded value the plan's JSON cannot hold as itself. */
const TAG = '$twinstorm';

/**
 * Encodes the run plan as JSON text that keeps fixture values exactly as the test wrote them, including what JSON
 * (and Storm's JSON) cannot carry — bigint, NaN, ±Infinity, -0, undefined — so the runtime, not the wrapper, is
 * what accepts or refuses them. Other non-JSON values (class instances, functions, symbols) are refused here.
 */
export function encodePlan(plan: unknown): string {
  return JSON.stringify(encode(plan, 'plan'));
}

/** The inverse of encodePlan. */
export function decodePlan(text: string): unknown {
  return decode(JSON.parse(text) as unknown);
}

function encode(value: unknown, path: string): unknown {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      if (Number.isFinite(value) && !Object.is(value, -0)) return value;
      return { [TAG]: 'number', v: Object.is(value, -0) ? '-0' : String(value) };
    case 'bigint':
      return { [TAG]: 'bigint', v: value.toString() };
    case 'undefined':
      return { [TAG]: 'undefined' };
    case 'object': {
      if (value === null) return null;
      if (Array.isArray(value)) return value.map((v, i) => encode(v, `${path}[${i}]`));
      const proto: unknown = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) {
        const name = (value as { constructor?: { name?: string } }).constructor?.name ?? 'object';
        throw new TestkitError('E_INVALID_OPTIONS', `${path} is a ${name}: fixture values must be JSON values, bigints or numbers`);
      }
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[k] = encode(v, `${path}.${k}`);
      return TAG in out ? { [TAG]: 'object', v: out } : out;
    }
    default:
      throw new TestkitError('E_INVALID_OPTIONS', `${path} is a ${typeof value}: fixture values must be JSON values, bigints or numbers`);
  }
}

function decode(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map(decode);
  const record = value as Record<string, unknown>;
  if (TAG in record) {
    const v = record['v'];
    switch (record[TAG]) {
      case 'number':
        return v === '-0' ? -0 : Number(v);
      case 'bigint':
        return BigInt(v as string);
      case 'undefined':
        return undefined;
      case 'object':
        return decodeEntries(v as Record<string, unknown>);
    }
  }
  return decodeEntries(record);
}

function decodeEntries(record: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(record)) out[k] = decode(v);
  return out;
}
