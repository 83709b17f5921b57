import { describe, expect, it } from 'vitest';
import { findStormChange } from './storm-changes.ts';

class Point {
  constructor(readonly x: number) {}
}

const cyclic: { self?: unknown } = {};
cyclic.self = cyclic;

/** [what, value, expected path, expected problem]. */
const REFUSED: ReadonlyArray<readonly [string, unknown, string, RegExp]> = [
  ['NaN', Number.NaN, 'v', /^is NaN, which is not JSON: Storm passes it on as a bare NaN/],
  ['Infinity', Number.POSITIVE_INFINITY, 'v', /^is Infinity, which Storm's JSON cannot carry/],
  ['-Infinity', [Number.NEGATIVE_INFINITY], 'v[0]', /^is -Infinity, which Storm's JSON cannot carry/],
  ['2^53', 2 ** 53, 'v', /^is 9007199254740992, an integer beyond ±2\^53 in a JS number.*9\.007199254740992e\+15.*emit a bigint/],
  ['-2^60', { n: -(2 ** 60) }, 'v.n', /^is -1152921504606847000, an integer beyond ±2\^53/],
  ['1e21', 1e21, 'v', /an integer beyond ±2\^53/],
  ['-0', -0, 'v', /^is -0, which JSON writes as 0: the receiver gets 0/],
  ['undefined', [1, undefined], 'v[1]', /^is undefined, which JSON has not: an array item would become null/],
  ['an undefined property', { a: 1, b: undefined }, 'v.b', /^is undefined/],
  ['a hole', [1, , 3], 'v[1]', /^is undefined/], // eslint-disable-line no-sparse-arrays
  ['a function', { f: () => 1 }, 'v.f', /^is a function, which Storm cannot carry/],
  ['a symbol', Symbol('s'), 'v', /^is a symbol/],
  ['symbol keys', { [Symbol('k')]: 1 }, 'v', /^has symbol-keyed properties, which JSON drops/],
  ['a Date', new Date(0), 'v', /^is a Date: JSON writes its ISO string.*toISOString/],
  ['a Map', { m: new Map([[1, 2]]) }, 'v.m', /^is a Map: JSON writes it as \{\} and its entries are lost/],
  ['a Set', new Set([1]), 'v', /^is a Set: JSON writes it as \{\}/],
  ['a Uint8Array', new Uint8Array(2), 'v', /^is a Uint8Array \(bytes\): JSON writes it as an object \(of indexes\)/],
  ['a Buffer', Buffer.from('ab'), 'v', /^is a Buffer \(bytes\): JSON writes it as an object \(\{"type":"Buffer"/],
  ['an ArrayBuffer', new ArrayBuffer(2), 'v', /^is an ArrayBuffer \(bytes\)/],
  ['a class instance', { p: [new Point(1)] }, 'v.p[0]', /^is an instance of Point, not a plain object or array/],
  ['a boxed number', Object(3) as object, 'v', /^is a Number object: JSON unwraps it/],
  ['an Array subclass', new (class Row extends Array {})(), 'v', /^is an instance of Row/],
  ['a lone high surrogate', 'ab\ud800c', 'v', /^is a string with a lone UTF-16 surrogate \(\\ud800 at index 2\).*"\?"/],
  ['a lone low surrogate', ['\udc00'], 'v[0]', /^is a string with a lone UTF-16 surrogate \(\\udc00 at index 0\)/],
  ['a key with a lone surrogate', { ['k\ud83d']: 1 }, 'v["k\\ud83d"]', /^has a key with a lone UTF-16 surrogate/],
  ['a cycle', cyclic, 'v.self', /^refers to one of its own containers \(a cycle\)/],
  ['a deep path', { 'a b': [{ items: [0, 1, 2, Number.NaN] }] }, 'v["a b"][0].items[3]', /^is NaN/],
];

describe('findStormChange', () => {
  it.each(REFUSED)('refuses %s', (_what, value, path, problem) => {
    const change = findStormChange(value, 'v');
    expect(change).not.toBeNull();
    expect(change!.path).toBe(path);
    expect(change!.problem).toMatch(problem);
  });

  it('accepts what Storm carries unchanged: JSON values, bigints, well-formed text, shared (non-cyclic) objects', () => {
    const shared = { k: 1 };
    for (const value of [
      'text',
      'a😀b',
      '',
      0,
      -1.5,
      0.30000000000000004,
      Number.MAX_SAFE_INTEGER,
      -Number.MAX_SAFE_INTEGER,
      1e-300,
      true,
      null,
      2n ** 70n,
      -5n,
      [],
      {},
      [shared, shared],
      { nested: { deeper: [1, 'x', null, { ok: true }] } },
      Object.assign(Object.create(null) as object, { a: 1 }),
      Object.freeze({ a: [1] }),
    ]) {
      expect(findStormChange(value, 'v'), typeof value).toBeNull();
    }
  });
});
