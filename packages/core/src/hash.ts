/**
 * Storm's fields-grouping hash, bit for bit.
 *
 * Storm 2.8 (storm-client):
 * - `daemon/GrouperFactory.mkGrouper` sorts the target task ids ascending (`Ordering.natural().sortedCopy`);
 *   `FieldsGrouper.chooseTasks` returns `targetTasks.get(TupleUtils.chooseTaskIndex(outFields.select(groupFields,
 *   values), numTasks))`.
 * - `utils/TupleUtils.chooseTaskIndex` is `Math.floorMod(Arrays.deepHashCode(keys.toArray()), numTasks)`.
 *
 * The hashed objects are what a multilang emit's `tuple` becomes in the worker: `multilang/JsonSerializer` parses
 * each message with `JSONValue.parseWithException` (json-smart 2.6.0, shaded, MODE_PERMISSIVE), so for the text
 * `JSON.stringify` writes:
 * - string -> String; true/false -> Boolean; null -> null (hash 0); array -> JSONArray (an ArrayList: List.hashCode);
 *   object -> JSONObject (a HashMap: sum of `key.hashCode() ^ Objects.hashCode(value)`).
 * - a number written without `.`/`e` (every integer below 1e21; -0 and 5.0 are written "0" and "5") -> Integer when
 *   it fits 32 bits, else Long when it fits 64 bits, else BigInteger. The parser reads the decimal TEXT, and JS
 *   writes integers beyond 2^53 in shortest round-trip form (2**60 -> "1152921504606847000"), so those hash as that
 *   decimal, not as the double's exact value; 2**63 is written "9223372036854776000" -> BigInteger.
 * - a number written with `.` or `e` (fractions, |v| >= 1e21) -> Double when the text has at most 18 characters,
 *   else BigDecimal(text) (USE_HI_PRECISION_FLOAT with BIG_DIGIT_UNRESTRICTED): 0.8444218515250481 is a Double but
 *   -0.8444218515250481 and 0.30000000000000004 are BigDecimals; 1e21 ("1e+21") is a Double.
 * Verified on the JVM with storm-client 2.8.4 (see hash.test.ts).
 *
 * - a bigint: the multilang runner (stringifyStormJson) writes its digits, so Integer / Long / BigInteger by size, as
 *   any integer literal (verified on the JVM with storm-client 2.8.3: hash.test.ts).
 * Not JSON (NaN, ±Infinity, undefined, functions, symbols, non-plain objects such as Date or Map): a TypeError,
 * because Storm would receive something else (null, a string, or nothing) and pick another task.
 */

const TWO_32 = 4294967296;
const TWO_63 = 2n ** 63n;
const MASK_32 = 0xffffffffn;

// Scratch space for Double.doubleToLongBits: one shared buffer, so hashing a double allocates nothing.
const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const LO = littleEndian ? 0 : 1;
const HI = littleEndian ? 1 : 0;

/** Java's `hashCode()` of the object Storm's multilang JSON parser yields for `value`; the per-field hash of fields grouping. */
export function javaHashCode(value: unknown): number {
  if (typeof value === 'string') return stringHash(value);
  if (typeof value === 'number') return numberHash(value);
  if (typeof value === 'boolean') return value ? 1231 : 1237;
  if (value === null) return 0;
  if (Array.isArray(value)) return listHashCode(value);
  if (typeof value === 'object') return mapHash(value);
  if (typeof value === 'bigint') return bigintHash(value);
  throw notJson(value);
}

/** `Arrays.deepHashCode` of the grouping values (also `List.hashCode` of a JSON array): the hash Storm reduces mod numTasks. */
export function listHashCode(values: readonly unknown[]): number {
  let h = 1;
  for (let i = 0; i < values.length; i++) h = (Math.imul(h, 31) + javaHashCode(values[i])) | 0;
  return h;
}

/** The task index (0-based, into the ascending target task ids) Storm's fields grouping picks: `Math.floorMod(hash, numTasks)`. */
export function fieldsGroupingIndex(values: readonly unknown[], numTasks: number): number {
  if (!(numTasks >= 1 && (numTasks | 0) === numTasks)) {
    throw new RangeError(`fieldsGroupingIndex: numTasks must be a positive 32-bit integer, got ${String(numTasks)}`);
  }
  return floorMod(listHashCode(values), numTasks);
}

/**
 * `fieldsGroupingIndex(values selected at indexes, numTasks)` without allocating the selection: the per-tuple form
 * a runtime uses, where the grouping fields' positions are known once per subscription.
 */
export function fieldsGroupingIndexAt(values: readonly unknown[], indexes: readonly number[], numTasks: number): number {
  let h = 1;
  for (let i = 0; i < indexes.length; i++) h = (Math.imul(h, 31) + javaHashCode(values[indexes[i]!])) | 0;
  return floorMod(h, numTasks);
}

/**
 * `Math.floorMod(h, n)` for a 32-bit `h` and n >= 1. A power-of-two n (common task counts) is a mask, which gives the
 * same result in two's complement without the integer division that costs more than the hash of a short word.
 */
function floorMod(h: number, n: number): number {
  if (n > 0 && (n & (n - 1)) === 0) return h & (n - 1);
  const r = h % n;
  return r < 0 ? r + n : r | 0; // `| 0` turns a -0 remainder into 0
}

/** String.hashCode: s[0]*31^(n-1) + ... over UTF-16 code units, wrapping at 32 bits. */
function stringHash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0;
  return h;
}

function numberHash(v: number): number {
  if ((v | 0) === v) return v | 0; // Integer.hashCode; -0 is written "0"
  if (Number.isSafeInteger(v)) {
    // Long.hashCode = (int)(v ^ (v >>> 32)): both halves are exact in doubles for |v| <= 2^53.
    const hi = Math.floor(v / TWO_32);
    return hi ^ (v - hi * TWO_32);
  }
  if (!Number.isFinite(v)) throw notJson(v);
  const text = String(v); // exactly what JSON.stringify writes for a finite number
  if (Number.isInteger(v) && Math.abs(v) < 1e21) return integerTextHash(text);
  if (text.length <= 18) return doubleHash(v);
  return bigDecimalHash(text);
}

/** Double.hashCode: bits ^ (bits >>> 32) of doubleToLongBits (v is finite and not -0 here). */
function doubleHash(v: number): number {
  f64[0] = v;
  return u32[LO]! ^ u32[HI]!;
}

/** An integer written as plain digits beyond 2^53: Long if it fits 64 bits, else BigInteger (rare; BigInt is fine). */
function integerTextHash(text: string): number {
  const n = BigInt(text);
  if (n >= -TWO_63 && n < TWO_63) return Number(BigInt.asIntN(32, n)) ^ Number(BigInt.asIntN(32, n >> 32n));
  return bigIntegerHash(n);
}

const INT_MIN = -(2n ** 31n);
const INT_MAX = 2n ** 31n - 1n;

/** A bigint as its digits parse in Storm: Integer.hashCode within 32 bits, else Long's or BigInteger's. */
function bigintHash(n: bigint): number {
  if (n >= INT_MIN && n <= INT_MAX) return Number(n);
  return integerTextHash(n.toString());
}

/** BigInteger.hashCode: 31-fold over the 32-bit magnitude words, most significant first, times the signum. */
function bigIntegerHash(n: bigint): number {
  const negative = n < 0n;
  let mag = negative ? -n : n;
  const words: number[] = [];
  while (mag > 0n) {
    words.push(Number(mag & MASK_32));
    mag >>= 32n;
  }
  let h = 0;
  for (let i = words.length - 1; i >= 0; i--) h = (Math.imul(h, 31) + words[i]!) | 0;
  return negative ? -h | 0 : h;
}

/** new BigDecimal(text).hashCode() = 31 * unscaledValue.hashCode() + scale, for JS number text like "-1.25e-7". */
function bigDecimalHash(text: string): number {
  const e = text.search(/[eE]/);
  const mantissa = e < 0 ? text : text.slice(0, e);
  const exponent = e < 0 ? 0 : Number(text.slice(e + 1));
  const dot = mantissa.indexOf('.');
  const fractionDigits = dot < 0 ? 0 : mantissa.length - dot - 1;
  const unscaled = BigInt(dot < 0 ? mantissa : mantissa.slice(0, dot) + mantissa.slice(dot + 1));
  return (Math.imul(31, bigIntegerHash(unscaled)) + (fractionDigits - exponent)) | 0;
}

/** AbstractMap.hashCode of the JSONObject (a HashMap) a plain object parses to: sum of key.hashCode ^ value.hashCode. */
function mapHash(o: object): number {
  const proto: unknown = Object.getPrototypeOf(o);
  if (proto !== Object.prototype && proto !== null) throw notJson(o);
  const record = o as Record<string, unknown>;
  let h = 0;
  for (const key of Object.keys(record)) h = (h + (stringHash(key) ^ javaHashCode(record[key]))) | 0;
  return h;
}

function notJson(value: unknown): TypeError {
  let what: string;
  if (typeof value === 'number' || value === undefined) what = String(value);
  else if (typeof value === 'object' && value !== null) what = `an instance of ${value.constructor?.name ?? 'an unknown class'}`;
  else what = `a ${typeof value}`;
  return new TypeError(
    `javaHashCode: ${what} is not a JSON value Storm can carry (JSON.stringify would drop it, write null or change it), ` +
      'so fields grouping on it cannot pick the task Storm picks; use strings, finite numbers, booleans, null, arrays or plain objects',
  );
}
