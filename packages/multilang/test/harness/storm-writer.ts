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
  const out: string[] = [];
  write(value, out);
  return out.join('');
}

function write(value: unknown, out: string[]): void {
  if (value === null || value === undefined) {
    out.push('null');
  } else if (typeof value === 'string') {
    out.push(quote(value));
  } else if (typeof value === 'number') {
    out.push(Number.isNaN(value) ? 'NaN' : Number.isFinite(value) ? String(value) : 'null');
  } else if (typeof value === 'bigint') {
    out.push(value.toString());
  } else if (typeof value === 'boolean') {
    out.push(value ? 'true' : 'false');
  } else if (value instanceof JavaDouble) {
    const v = value.value;
    out.push(Number.isNaN(v) ? 'NaN' : !Number.isFinite(v) ? 'null' : Number.isInteger(v) && Math.abs(v) < 1e7 ? `${v}.0` : String(v));
  } else if (Array.isArray(value)) {
    out.push('[');
    value.forEach((v, i) => {
      if (i > 0) out.push(',');
      write(v, out);
    });
    out.push(']');
  } else if (typeof value === 'object') {
    out.push('{');
    let first = true;
    for (const [k, v] of Object.entries(value)) {
      if (v === undefined) continue;
      if (!first) out.push(',');
      first = false;
      out.push(quote(k), ':');
      write(v, out);
    }
    out.push('}');
  } else {
    throw new TypeError(`toStormJson: cannot write a ${typeof value}`);
  }
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

function quote(s: string): string {
  return `"${s.replace(NEEDS_ESCAPE, (ch) => SIMPLE[ch] ?? `\\u${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`)}"`;
}
