/**
 * Writes JSON the way Storm's side writes it (shaded json-smart 2.6.0, `JSONValue.toJSONString` with the default
 * NO_COMPRESS style), so children see Storm's real dialect rather than Node's:
 * - every string (keys too) is quoted and escaped with Escape4Web: `"` `\` `\b` `\f` `\n` `\r` `\t`, `/` as `\/`,
 *   and U+0000-001F, U+007F-009F, U+2000-20FF as `\uXXXX` (upper-case hex);
 * - Java doubles: NaN is written bare (`NaN`), infinities as `null`; fractions in Java's Double.toString form is
 *   approximated by JS's shortest form (the parse result is identical);
 * - 64-bit longs beyond 2^53 are written as plain digits: pass a `bigint` to send one.
 * Written by hand (not a library) because reproducing json-smart's quirks is the whole point.
 */

/** A Java double the harness wants written with Java's `.0` (e.g. `2.0`), which JS numbers cannot express. */
export class JavaDouble {
  constructor(readonly value: number) {}
}

/** Serialises a value as Storm's json-smart writer would; one line, no trailing newline. */
export function toStormJson(value: unknown): string {
  // Plain string concatenation (V8 ropes) is several times cheaper than collecting parts: this runs per tuple.
  if (value === null || value === undefined) return 'null';
  switch (typeof value) {
    case 'string':
      return quote(value);
    case 'number':
      return Number.isNaN(value) ? 'NaN' : Number.isFinite(value) ? String(value) : 'null';
    case 'bigint':
      return value.toString();
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      break;
    default:
      throw new TypeError(`toStormJson: cannot write a ${typeof value}`);
  }
  if (value instanceof JavaDouble) {
    const v = value.value;
    return Number.isNaN(v) ? 'NaN' : !Number.isFinite(v) ? 'null' : Number.isInteger(v) && Math.abs(v) < 1e7 ? `${v}.0` : String(v);
  }
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i > 0 ? ',' : '') + toStormJson(value[i]);
    return `${out}]`;
  }
  let out = '{';
  let first = true;
  for (const k in value) {
    if (!Object.hasOwn(value, k)) continue;
    const v = (value as Record<string, unknown>)[k];
    if (v === undefined) continue;
    out += (first ? '' : ',') + quote(k) + ':' + toStormJson(v);
    first = false;
  }
  return `${out}}`;
}

const SIMPLE: Record<string, string> = {
  '"': '\\"',
  '\\': '\\\\',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '/': '\\/',
};

// eslint-disable-next-line no-control-regex
const NEEDS_ESCAPE = /["\\/\u0000-\u001f\u007f-\u009f\u2000-\u20ff]/g;
// eslint-disable-next-line no-control-regex
const HAS_ESCAPE = /["\\/\u0000-\u001f\u007f-\u009f\u2000-\u20ff]/;

/** A JSON string as Escape4Web writes it. */
function quote(s: string): string {
  if (!HAS_ESCAPE.test(s)) return `"${s}"`;
  return `"${s.replace(NEEDS_ESCAPE, (ch) => SIMPLE[ch] ?? `\\u${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`)}"`;
}
