import { describe, expect, it } from 'vitest';
import { stormRoundTrip } from './storm-round-trip.ts';

describe('stormRoundTrip', () => {
  it('gives back what a child reads on Storm: exact bigints beyond 2^53, numbers within it', () => {
    expect(stormRoundTrip([2n ** 60n + 1n, -(2n ** 70n), 5n, -7n, 2 ** 53 - 1])).toEqual([
      2n ** 60n + 1n,
      -(2n ** 70n),
      5,
      -7,
      2 ** 53 - 1,
    ]);
  });

  it('keeps accepted values equal: text (non-BMP too), fractions, booleans, null, nested arrays', () => {
    const values = ['a😀b\u2028\u0000', 0.30000000000000004, -1.5e-7, true, null, [1, [2, ['x']]]];
    expect(stormRoundTrip(values)).toStrictEqual(values);
  });

  it("orders nested object keys as Storm's JSONObject (a HashMap) writes them", () => {
    // From the JVM (json-smart 2.6.0 in storm-shaded-deps 2.8.3): {"b":1,"a":2,"c":3,"aa":4} is written back {"aa":4,"a":2,"b":1,"c":3}.
    const [back] = stormRoundTrip([{ b: 1, a: 2, c: 3, aa: 4 }]) as [object];
    expect(Object.keys(back)).toEqual(['aa', 'a', 'b', 'c']);
    const [nested] = stormRoundTrip([{ outer: { b: 1, a: 2, c: 3, aa: 4 } }]) as [{ outer: object }];
    expect(Object.keys(nested.outer)).toEqual(['aa', 'a', 'b', 'c']);
  });

  it('keeps "__proto__" an own property, never the prototype', () => {
    const [back] = stormRoundTrip([JSON.parse('{"__proto__":{"x":1},"a":1}')]) as [Record<string, unknown>];
    expect(Object.getPrototypeOf(back)).toBe(Object.prototype);
    expect(Object.keys(back).sort()).toEqual(['__proto__', 'a']);
  });

  it('freezes what it returns, all the way down, and leaves the input alone', () => {
    const input = [{ a: [1, { b: 2 }] }];
    const back = stormRoundTrip(input) as [{ a: [number, { b: number }] }];
    expect(Object.isFrozen(back)).toBe(true);
    expect(Object.isFrozen(back[0])).toBe(true);
    expect(Object.isFrozen(back[0].a)).toBe(true);
    expect(Object.isFrozen(back[0].a[1])).toBe(true);
    expect(back[0]).not.toBe(input[0]);
    expect(Object.isFrozen(input)).toBe(false);
  });
});
