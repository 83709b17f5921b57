import { TwinstormError } from './errors.ts';

/**
 * Storm's JSON dialect, both ways: what the multilang runner writes to Storm and reads from it, and what the local
 * engine's strict mode round-trips every emitted tuple through (so it lives in core, below both).
 *
 * Storm (json-smart 2.x, permissive mode) writes Java doubles with `Double.toString` (NaN as a bare `NaN`,
 * ±Infinity as `null`) and longs of any size as plain digits; it reads bare `NaN` back as a Float NaN and reads
 * a bare `Infinity` as the *string* "Infinity" (unquoted strings are accepted), so ±Infinity cannot be sent.
 *
 * Reading: standard JSON plus bare `NaN`, `Infinity` and `-Infinity`; an integer literal (no fraction, no
 * exponent) outside ±(2^53 - 1) becomes a `bigint` holding its exact value, every other number a `number`.
 * Writing: as JSON.stringify (toJSON honoured, undefined / function / symbol properties of objects omitted), plus
 * a `bigint` as its digits (Storm: Integer, Long or BigInteger by size), NaN as a bare `NaN`, and a `number` that
 * is an integer beyond 2^53 in exponent form (`9.007199254740992e+15`, so Storm holds a Double, as JS does); ±Infinity, and undefined / function / symbol where
 * JSON.stringify would silently write `null` (array elements, the top level), throw E_UNSERIALIZABLE: Storm
 * would change or reject them, and a silent change is worse than a loud error.
 */

const MAX_SAFE = Number.MAX_SAFE_INTEGER;
const QUOTE = 0x22;
const MINUS = 0x2d;
const DOT = 0x2e;
const PLUS = 0x2b;
const LOWER_E = 0x65;
const UPPER_E = 0x45;

/**
 * True when a parsed (or to-be-written) value holds a number beyond ±(2^53 - 1): JSON.parse may have rounded its
 * literal, and JSON.stringify would write it as a long integer literal. Walking the value costs less than scanning
 * the text (tuples are mostly short; their strings can be long), and a hit only sends the text to the careful path.
 */
function hasUnsafeNumber(value: unknown): boolean {
  if (typeof value === 'number') return value > MAX_SAFE || value < -MAX_SAFE;
  if (typeof value !== 'object' || value === null) return false;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (hasUnsafeNumber(value[i])) return true;
    return false;
  }
  const record = value as Record<string, unknown>;
  for (const key in record) if (hasUnsafeNumber(record[key])) return true;
  return false;
}

/**
 * Parses one message as Storm writes it (see the module comment); throws E_MALFORMED_FRAME with the reason. Fast
 * path: JSON.parse, kept when the result holds no number beyond 2^53; bare NaN / Infinity make JSON.parse throw,
 * and both cases (and malformed text, for the reason) go through the careful parser.
 */
export function parseStormJson(text: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return parseCarefully(text);
  }
  return hasUnsafeNumber(value) ? parseCarefully(text) : value;
}

function parseCarefully(text: string): unknown {
  try {
    return new DialectParser(text).document();
  } catch (error) {
    // A stack overflow (absurdly deep nesting) is the input's fault; anything else is a bug and stays one.
    if (error instanceof RangeError) throw malformed(text, error.message);
    throw error;
  }
}

/** Writes one value as Storm reads it (see the module comment); throws E_UNSERIALIZABLE for what Storm cannot carry. */
export function stringifyStormJson(value: unknown): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch {
    // A bigint (JSON.stringify refuses them), a cycle, or a throwing toJSON: the careful writer says which.
    return new DialectWriter().document(value);
  }
  if (text === undefined) throw unserializable('the top-level value', value);
  // JSON.stringify writes NaN, ±Infinity and undefined array elements as null, and doubles beyond 2^53 as long
  // integer literals (which Storm, and parseStormJson, would read as exact integers): only then (or for a genuine
  // null, or a string that looks like either) is a second, careful pass needed.
  if (text.includes('null') || hasUnsafeNumber(value)) return new DialectWriter().document(value);
  return text;
}

function malformed(text: string, reason: string): TwinstormError {
  const shown = text.length > 120 ? `${text.slice(0, 120)}... (${text.length} chars)` : text;
  return new TwinstormError('E_MALFORMED_FRAME', `a frame is not valid JSON (${reason}): ${JSON.stringify(shown)}`);
}

function unserializable(where: string, value: unknown): TwinstormError {
  const what =
    typeof value === 'number'
      ? String(value)
      : typeof value === 'function'
        ? 'a function'
        : typeof value === 'symbol'
          ? 'a symbol'
          : 'undefined';
  return new TwinstormError('E_UNSERIALIZABLE', `${where} is ${what}, which Storm's JSON cannot carry`);
}

/** A strict JSON parser plus NaN / ±Infinity and exact big integers; only used when the fast path cannot be. */
class DialectParser {
  #pos = 0;

  constructor(readonly text: string) {}

  document(): unknown {
    const value = this.#value();
    this.#space();
    if (this.#pos < this.text.length) this.#fail('unexpected text after the value');
    return value;
  }

  #fail(reason: string): never {
    throw malformed(this.text, `${reason} at position ${this.#pos}`);
  }

  #space(): void {
    const text = this.text;
    let pos = this.#pos;
    for (;;) {
      const c = text.charCodeAt(pos);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) pos++;
      else break;
    }
    this.#pos = pos;
  }

  #value(): unknown {
    this.#space();
    const c = this.text.charCodeAt(this.#pos);
    switch (c) {
      case 0x7b /* { */:
        return this.#object();
      case 0x5b /* [ */:
        return this.#array();
      case QUOTE:
        return this.#string();
      case 0x74 /* t */:
        return this.#literal('true', true);
      case 0x66 /* f */:
        return this.#literal('false', false);
      case 0x6e /* n */:
        return this.#literal('null', null);
      case 0x4e /* N */:
        return this.#literal('NaN', Number.NaN);
      case 0x49 /* I */:
        return this.#literal('Infinity', Number.POSITIVE_INFINITY);
      default:
        if (c === MINUS && this.text.startsWith('-Infinity', this.#pos)) return this.#literal('-Infinity', Number.NEGATIVE_INFINITY);
        if (c === MINUS || (c >= 0x30 && c <= 0x39)) return this.#number();
        return this.#fail(Number.isNaN(c) ? 'unexpected end of text' : `unexpected character ${JSON.stringify(this.text[this.#pos])}`);
    }
  }

  #literal(word: string, value: unknown): unknown {
    if (!this.text.startsWith(word, this.#pos)) this.#fail(`expected ${word}`);
    this.#pos += word.length;
    return value;
  }

  #object(): Record<string, unknown> {
    const result: Record<string, unknown> = {};
    this.#pos++;
    this.#space();
    if (this.text.charCodeAt(this.#pos) === 0x7d /* } */) {
      this.#pos++;
      return result;
    }
    for (;;) {
      this.#space();
      if (this.text.charCodeAt(this.#pos) !== QUOTE) this.#fail('expected a property name');
      const key = this.#string();
      this.#space();
      if (this.text.charCodeAt(this.#pos) !== 0x3a /* : */) this.#fail('expected ":"');
      this.#pos++;
      const value = this.#value();
      // As JSON.parse does: "__proto__" becomes an own property, never the prototype.
      if (key === '__proto__') Object.defineProperty(result, key, { value, enumerable: true, writable: true, configurable: true });
      else result[key] = value;
      this.#space();
      const c = this.text.charCodeAt(this.#pos++);
      if (c === 0x7d /* } */) return result;
      if (c !== 0x2c /* , */) {
        this.#pos--;
        this.#fail('expected "," or "}"');
      }
    }
  }

  #array(): unknown[] {
    const result: unknown[] = [];
    this.#pos++;
    this.#space();
    if (this.text.charCodeAt(this.#pos) === 0x5d /* ] */) {
      this.#pos++;
      return result;
    }
    for (;;) {
      result.push(this.#value());
      this.#space();
      const c = this.text.charCodeAt(this.#pos++);
      if (c === 0x5d /* ] */) return result;
      if (c !== 0x2c /* , */) {
        this.#pos--;
        this.#fail('expected "," or "]"');
      }
    }
  }

  /** Finds the closing quote, then lets JSON.parse decode the escapes (exact, and fast). */
  #string(): string {
    const text = this.text;
    const start = this.#pos;
    let pos = start + 1;
    for (;;) {
      const c = text.charCodeAt(pos);
      if (c === QUOTE) break;
      if (c === 0x5c /* \ */) pos += 2;
      else if (Number.isNaN(c)) {
        this.#pos = pos;
        this.#fail('unterminated string');
      } else pos++;
    }
    this.#pos = pos + 1;
    return JSON.parse(text.slice(start, pos + 1)) as string;
  }

  #number(): number | bigint {
    const text = this.text;
    const start = this.#pos;
    let pos = start;
    if (text.charCodeAt(pos) === MINUS) pos++;
    const intStart = pos;
    while (isDigit(text.charCodeAt(pos))) pos++;
    const intDigits = pos - intStart;
    if (intDigits === 0) {
      this.#pos = pos;
      this.#fail('expected a digit');
    }
    if (intDigits > 1 && text.charCodeAt(intStart) === 0x30) {
      this.#pos = intStart;
      this.#fail('leading zero in a number');
    }
    let integer = true;
    if (text.charCodeAt(pos) === DOT) {
      integer = false;
      pos++;
      const fracStart = pos;
      while (isDigit(text.charCodeAt(pos))) pos++;
      if (pos === fracStart) {
        this.#pos = pos;
        this.#fail('expected a digit after "."');
      }
    }
    const e = text.charCodeAt(pos);
    if (e === LOWER_E || e === UPPER_E) {
      integer = false;
      pos++;
      const sign = text.charCodeAt(pos);
      if (sign === PLUS || sign === MINUS) pos++;
      const expStart = pos;
      while (isDigit(text.charCodeAt(pos))) pos++;
      if (pos === expStart) {
        this.#pos = pos;
        this.#fail('expected a digit in the exponent');
      }
    }
    this.#pos = pos;
    const literal = text.slice(start, pos);
    const value = Number(literal);
    if (integer && intDigits >= 16 && !Number.isSafeInteger(value)) return BigInt(literal);
    return value;
  }
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** The careful writer: JSON.stringify's output, plus bigint digits and bare NaN, refusing what would change. */
class DialectWriter {
  readonly #stack = new Set<object>();

  document(value: unknown): string {
    const text = this.#value(value, '', 'the top-level value');
    if (text === undefined) throw unserializable('the top-level value', value);
    return text;
  }

  /** Returns undefined for what JSON.stringify omits (then the caller omits it or refuses it). */
  #value(input: unknown, key: string, where: string): string | undefined {
    let value = input;
    if (typeof value === 'object' && value !== null && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
      try {
        value = (value as { toJSON(key: string): unknown }).toJSON(key);
      } catch (error) {
        throw new TwinstormError('E_UNSERIALIZABLE', `${where}: toJSON() threw`, {}, { cause: error });
      }
    }
    switch (typeof value) {
      case 'string':
        return JSON.stringify(value);
      case 'number':
        // A double beyond 2^53 is written in exponent form, so Storm reads a Double (not a Long) and it reads back as a number.
        if (Number.isFinite(value))
          return Number.isInteger(value) && !Number.isSafeInteger(value) ? value.toExponential() : JSON.stringify(value);
        if (Number.isNaN(value)) return 'NaN';
        throw unserializable(where, value);
      case 'bigint':
        return value.toString();
      case 'boolean':
        return value ? 'true' : 'false';
      case 'undefined':
      case 'function':
      case 'symbol':
        return undefined;
      default:
        break;
    }
    if (value === null) return 'null';
    const object = value as object;
    if (object instanceof Number || object instanceof String || object instanceof Boolean || object instanceof BigInt) {
      return this.#value(object.valueOf(), key, where);
    }
    if (this.#stack.has(object)) throw new TwinstormError('E_UNSERIALIZABLE', `${where} contains a cycle`);
    this.#stack.add(object);
    try {
      if (Array.isArray(object)) {
        const parts: string[] = [];
        for (let i = 0; i < object.length; i++) {
          const itemWhere = `${where}[${i}]`;
          const item = this.#value(object[i], String(i), itemWhere);
          if (item === undefined) throw unserializable(itemWhere, object[i]);
          parts.push(item);
        }
        return `[${parts.join(',')}]`;
      }
      const parts: string[] = [];
      for (const k of Object.keys(object)) {
        const item = this.#value((object as Record<string, unknown>)[k], k, `${where}.${k}`);
        if (item !== undefined) parts.push(`${JSON.stringify(k)}:${item}`);
      }
      return `{${parts.join(',')}}`;
    } finally {
      this.#stack.delete(object);
    }
  }
}
