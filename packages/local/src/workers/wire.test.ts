import { describe, expect, it } from 'vitest';
import { WireReader } from './wire-reader.ts';
import { WireWriter } from './wire-writer.ts';

function roundTrip(values: unknown[]): unknown[] {
  const w = new WireWriter(16);
  for (const v of values) w.value(v);
  const r = new WireReader();
  r.reset(w.bytes, w.view, 0);
  const out = values.map(() => r.value());
  expect(r.pos).toBe(w.pos);
  return out;
}

class Point {
  constructor(
    readonly x: number,
    readonly y: number,
  ) {}
}

describe('wire values', () => {
  it('copies JSON values exactly: strings of every kind, numbers, booleans, null, nested arrays and objects', () => {
    const values = [
      '',
      'word',
      'x'.repeat(300),
      'Straße naïve façade',
      'Москва 東京 🚀',
      '\ud800 lone surrogate \udfff',
      'ÿ'.repeat(5),
      'long ünïcödé '.repeat(200),
      0,
      -1,
      2 ** 31 - 1,
      -(2 ** 31),
      2 ** 31,
      2 ** 53 + 2,
      0.1,
      -3.25,
      1e300,
      true,
      false,
      null,
      [1, ['a', [true, null]], { k: 'v' }],
      { user: 'u1', n: 3, nested: { list: [1.5, 'x'], empty: {} } },
      [],
      {},
    ];
    expect(roundTrip(values)).toEqual(values);
  });

  it('keeps what JSON would change: -0, NaN, ±Infinity, undefined, bigint, Date, Map, Set, typed arrays', () => {
    const date = new Date(1_700_000_000_000);
    const out = roundTrip([
      -0,
      Number.NaN,
      Infinity,
      -Infinity,
      undefined,
      12345678901234567890n,
      date,
      new Map([['a', 1]]),
      new Set([2]),
      new Uint8Array([1, 2]),
    ]);
    expect(Object.is(out[0], -0)).toBe(true);
    expect(out[1]).toBeNaN();
    expect(out.slice(2, 5)).toEqual([Infinity, -Infinity, undefined]);
    expect(out[5]).toBe(12345678901234567890n);
    expect(out[6]).toEqual(date);
    expect(out[6]).toBeInstanceOf(Date);
    expect(out[7]).toEqual(new Map([['a', 1]]));
    expect(out[8]).toEqual(new Set([2]));
    expect(out[9]).toEqual(new Uint8Array([1, 2]));
  });

  it('interns repeated short strings: equal, and the same string each time', () => {
    const out = roundTrip(['storm', 'storm', 'tuple']);
    expect(out).toEqual(['storm', 'storm', 'tuple']);
    expect(out[0]).toBe(out[1]);
  });

  it('refuses what would arrive changed or not at all: class instances, functions, symbols, cycles', () => {
    const w = new WireWriter();
    expect(() => w.value(new Point(1, 2))).toThrow(/instance of Point.*plain object/);
    expect(() => w.value(() => 1)).toThrow(/function cannot be copied/);
    expect(() => w.value(Symbol('s'))).toThrow(/symbol cannot be copied/);
    const cyclic: unknown[] = [];
    cyclic.push(cyclic);
    expect(() => w.value(cyclic)).toThrow(/nested deeper than 64/);
  });
});
