// What Storm would reject or silently change in an emitted value, found before it is sent (strict mode). The
// multilang runner writes values with stringifyStormJson; Storm parses them with json-smart (JsonSerializer), hands
// them between workers with Kryo and writes them to the receiving child with json-smart through a UTF-8 writer. Checked
// on the JVM with storm-client / storm-shaded-deps 2.8.3: NaN comes back as a bare NaN (a Float), a lone surrogate as
// "?", a number written with an exponent or over 18 characters as a Double / BigDecimal, -0 as 0 (JSON writes "0").

/** One value Storm would reject or change, with where it sits inside the emit (e.g. `values[1].items[3]`). */
export interface StormChange {
  path: string;
  /** What the value is and what Storm would do with it, e.g. `is NaN, which ...`. */
  problem: string;
}

/** The first value inside `value` Storm would reject or change, or null; `root` names it in the path. */
export function findStormChange(value: unknown, root: string): StormChange | null {
  const found = problemIn(value, null);
  if (found === null) return null;
  let path = root;
  for (let i = found.segments.length - 1; i >= 0; i--) path += found.segments[i]!;
  return { path, problem: found.problem };
}

interface Found {
  problem: string;
  /** Path segments from the bad value up to the root (appended while unwinding). */
  segments: string[];
}

/** `above`: the containers above `value` (for cycles), allocated at the first container. */
function problemIn(value: unknown, above: object[] | null): Found | null {
  switch (typeof value) {
    case 'string':
      return isWellFormed(value) ? null : found(loneSurrogate('is a string', value));
    case 'number':
      return numberProblem(value);
    case 'boolean':
    case 'bigint':
      return null;
    case 'undefined':
      return found('is undefined, which JSON has not: an array item would become null and an object property would disappear; emit null');
    case 'function':
      return found('is a function, which Storm cannot carry (JSON drops it or writes null)');
    case 'symbol':
      return found('is a symbol, which Storm cannot carry (JSON drops it or writes null)');
    default:
      break;
  }
  if (value === null) return null;
  const object = value as object;
  const ancestors = above ?? [];
  if (ancestors.includes(object)) return found('refers to one of its own containers (a cycle), which JSON cannot write');
  if (Array.isArray(object)) {
    if (Object.getPrototypeOf(object) !== Array.prototype) return found(nonPlain(object));
    ancestors.push(object);
    for (let i = 0; i < object.length; i++) {
      const inner = problemIn((object as unknown[])[i], ancestors);
      if (inner !== null) {
        inner.segments.push(`[${i}]`);
        return inner;
      }
    }
    ancestors.pop();
    return null;
  }
  const proto: unknown = Object.getPrototypeOf(object);
  if (proto !== Object.prototype && proto !== null) return found(nonPlain(object));
  if (Object.getOwnPropertySymbols(object).length > 0) return found('has symbol-keyed properties, which JSON drops');
  ancestors.push(object);
  const record = object as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    const inner = isWellFormed(key) ? problemIn(record[key], ancestors) : found(loneSurrogate('has a key', key));
    if (inner !== null) {
      inner.segments.push(keySegment(key));
      return inner;
    }
  }
  ancestors.pop();
  return null;
}

function found(problem: string): Found {
  return { problem, segments: [] };
}

function numberProblem(v: number): Found | null {
  if (Number.isSafeInteger(v)) return Object.is(v, -0) ? found('is -0, which JSON writes as 0: the receiver gets 0; emit 0') : null;
  if (Number.isNaN(v)) {
    return found(
      'is NaN, which is not JSON: Storm passes it on as a bare NaN (a Java Float) that JSON parsers outside JavaScript and Python refuse; emit null',
    );
  }
  if (!Number.isFinite(v)) {
    return found(
      `is ${v}, which Storm's JSON cannot carry (json-smart writes it as null and reads a bare Infinity as a string); emit null`,
    );
  }
  if (Number.isInteger(v)) {
    return found(
      `is ${v}, an integer beyond ±2^53 in a JS number, so already rounded: the runner writes it as ${v.toExponential()}, which Storm holds as a Double or BigDecimal (another fields-grouping hash) and may hand back as an integer literal, a bigint; emit a bigint to carry an exact integer`,
    );
  }
  return null;
}

/** Names a non-plain object and what JSON makes of it. */
function nonPlain(object: object): string {
  if (object instanceof Date) {
    return 'is a Date: JSON writes its ISO string (toJSON), so the receiver gets a string; emit date.toISOString() or date.getTime()';
  }
  if (object instanceof Map || object instanceof Set || object instanceof WeakMap || object instanceof WeakSet) {
    return `is a ${object.constructor.name}: JSON writes it as {} and its entries are lost; emit a plain object or an array`;
  }
  if (ArrayBuffer.isView(object) || object instanceof ArrayBuffer || object instanceof SharedArrayBuffer) {
    const name = Buffer.isBuffer(object) ? 'Buffer' : object.constructor.name;
    return `is ${article(name)} ${name} (bytes): JSON writes it as an object (${name === 'Buffer' ? '{"type":"Buffer","data":[...]}' : 'of indexes'}), not bytes; emit an array of numbers or a base64 string`;
  }
  if (object instanceof Number || object instanceof String || object instanceof Boolean || object instanceof BigInt) {
    return `is a ${object.constructor.name} object: JSON unwraps it, so the receiver gets a primitive; emit the primitive`;
  }
  const name = (object as { constructor?: { name?: unknown } }).constructor?.name;
  const what = typeof name === 'string' && name !== '' ? `an instance of ${name}` : 'an object with a custom prototype';
  return `is ${what}, not a plain object or array: JSON keeps only its own enumerable properties (or its toJSON), so the receiver gets a plain object without its class; emit a plain object`;
}

function article(name: string): string {
  return /^[AEIO]/.test(name) ? 'an' : 'a'; // "a Uint8Array", "an ArrayBuffer"
}

function loneSurrogate(what: string, s: string): string {
  const at = loneSurrogateIndex(s);
  const unit = s.charCodeAt(at).toString(16);
  return `${what} with a lone UTF-16 surrogate (\\u${unit} at index ${at}), which UTF-8 cannot encode: Storm writes "?" in its place to the receiving child; emit well-formed text (String.prototype.toWellFormed) or base64`;
}

function loneSurrogateIndex(s: string): number {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = s.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
      else return i;
    } else if (c >= 0xdc00 && c <= 0xdfff) return i;
  }
  return -1;
}

/** String.prototype.isWellFormed (Node 20+; not in the ES2023 lib typings). */
function isWellFormed(s: string): boolean {
  return (s as unknown as { isWellFormed(): boolean }).isWellFormed();
}

function keySegment(key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
}
