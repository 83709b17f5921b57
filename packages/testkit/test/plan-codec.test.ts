import { describe, expect, it } from 'vitest';
import { decodePlan, encodePlan } from '../src/wrap/plan-codec.ts';

describe('the wrapper plan codec', () => {
  it('keeps every fixture value as written, including what JSON cannot carry', () => {
    const values = [1, -0, NaN, Infinity, -Infinity, 2n ** 64n, undefined, 'é😀', null, [true, { $twinstorm: 'x', a: 1n }]];
    const back = decodePlan(encodePlan({ inputs: { s: [{ values, stream: 'default' }] } })) as { inputs: { s: [{ values: unknown[] }] } };
    expect(back.inputs.s[0].values).toEqual(values);
    expect(Object.is(back.inputs.s[0].values[1], -0)).toBe(true);
  });

  it('refuses values that are not JSON, naming where they are', () => {
    expect(() => encodePlan({ inputs: { s: [[new Date(0)]] } })).toThrow(/plan\.inputs\.s\[0\]\[0\] is a Date/);
    expect(() => encodePlan({ f: () => 1 })).toThrow(/plan\.f is a function/);
  });
});
