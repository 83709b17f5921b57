/** Record kinds in a batch between two worker threads: the first byte of each record. */
export const Rec = {
  /** A tuple for a task of the receiving thread. */
  Tuple: 1,
  /** An ack's XOR for a root the receiving thread's acker owns. */
  Ack: 2,
  /** A fail of a root the receiving thread's acker owns. */
  Fail: 3,
} as const;

/** Flags of a tuple record. */
export const TupleFlag = {
  /** The tuple belongs to a tree: root, edge id follow. */
  Tracked: 1,
  /** Further roots follow as a counted list of (root, edge id) triples. */
  More: 2,
} as const;

/** Type tags of encoded values. */
export const Tag = {
  Null: 0,
  False: 1,
  True: 2,
  /** A 32-bit integer (not -0). */
  Int: 3,
  /** Any other number, as a float64 (NaN, ±Infinity and -0 survive). */
  Double: 4,
  /** A string whose UTF-16 code units all fit a byte, one byte each. */
  Latin1: 5,
  /** Any other string, as its UTF-16 code units (lone surrogates survive). */
  Utf16: 6,
  Array: 7,
  /** A plain object: its own enumerable string keys and values. */
  Object: 8,
  Undefined: 9,
  /** Anything else structured clone keeps as it is (bigint, Date, Map, Set, typed arrays), v8-serialized. */
  Clone: 10,
} as const;

/** Lengths below this take one byte; longer ones a marker byte and a uint32. */
export const SHORT_LENGTH = 255;
/** Nesting deeper than this is refused (it is almost surely a cycle). */
export const MAX_DEPTH = 64;
