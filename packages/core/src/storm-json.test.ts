// Storm's JSON dialect (the fast-check round-trip property runs in @twinstorm/multilang, which has fast-check).
import { describe, expect, it } from 'vitest';
import { TwinstormError } from './errors.ts';
import { parseStormJson, stringifyStormJson } from './storm-json.ts';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return error instanceof TwinstormError ? error.code : `not a TwinstormError: ${String(error)}`;
  }
  return undefined;
}

describe('parseStormJson', () => {
  it('reads plain JSON like JSON.parse', () => {
    const text = '{"id":"-6955102939348410000","comp":"spout","stream":"default","task":3,"tuple":["a",1.5,true,null]}';
    expect(parseStormJson(text)).toEqual(JSON.parse(text));
  });

  it("reads Storm's bare NaN and ±Infinity", () => {
    const parsed = parseStormJson('[NaN, Infinity, -Infinity, {"x": NaN}]') as [number, number, number, { x: number }];
    expect(parsed[0]).toBeNaN();
    expect(parsed[1]).toBe(Number.POSITIVE_INFINITY);
    expect(parsed[2]).toBe(Number.NEGATIVE_INFINITY);
    expect(parsed[3].x).toBeNaN();
  });

  it('keeps integers beyond 2^53 exact as bigint, and safe ones as numbers', () => {
    expect(parseStormJson('[9223372036854775807,-9223372036854775808,9007199254740993,9007199254740991,123]')).toEqual([
      9223372036854775807n,
      -9223372036854775808n,
      9007199254740993n,
      9007199254740991,
      123,
    ]);
    expect(parseStormJson('{"big":123456789012345678901234567890}')).toEqual({ big: 123456789012345678901234567890n });
  });

  it('keeps long fractions and exponents as numbers, long digit strings as strings', () => {
    expect(parseStormJson('[0.30000000000000004,1.0E21,12345678901234567e-3,"12345678901234567890"]')).toEqual([
      0.30000000000000004,
      1e21,
      Number('12345678901234567e-3'),
      '12345678901234567890',
    ]);
  });

  it('takes the careful path for strings that merely look suspicious, with the same result', () => {
    const text = '{"s":"NaN and Infinity","n":"x 12345678901234567890","k":[1,2]}';
    expect(parseStormJson(text)).toEqual(JSON.parse(text));
    expect(parseStormJson('{"__proto__":{"polluted":NaN}}')).toHaveProperty('__proto__');
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
  });

  it('rejects malformed text with E_MALFORMED_FRAME in both paths', () => {
    for (const bad of [
      '',
      '{',
      '{"a":}',
      'nul',
      '[1,]',
      '{"a":NaN',
      '[01]',
      'NaNa',
      '[1 2]',
      '"abc',
      '[-]',
      '[1.]',
      '[1e]',
      '[12345678901234567',
      '{"a" 1}',
    ]) {
      expect(
        codeOf(() => parseStormJson(bad)),
        bad,
      ).toBe('E_MALFORMED_FRAME');
    }
  });

  it('names the reason and shows the start of the text', () => {
    expect(() => parseStormJson('{"command":"emit",')).toThrow(/not valid JSON .*"\{\\"command\\":\\"emit\\",/);
  });
});

describe('stringifyStormJson', () => {
  it('writes like JSON.stringify when nothing special is inside', () => {
    const value = { command: 'emit', tuple: ['a', 1, { b: [true, null] }], anchors: ['1'], skipped: undefined, when: new Date(0) };
    expect(stringifyStormJson(value)).toBe(JSON.stringify(value));
  });

  it('writes bigint as digits and NaN bare (Storm reads both)', () => {
    expect(stringifyStormJson([2n ** 64n, -5n, Number.NaN, null, 'null'])).toBe('[18446744073709551616,-5,NaN,null,"null"]');
    expect(stringifyStormJson({ a: Object(3n) as object })).toBe('{"a":3}');
  });

  it('writes a double beyond 2^53 in exponent form, so Storm holds a Double and it reads back as a number', () => {
    expect(stringifyStormJson([2 ** 53, 1e20, -(2 ** 60), 2 ** 53 - 1])).toBe(
      '[9.007199254740992e+15,1e+20,-1.152921504606847e+18,9007199254740991]',
    );
    expect(parseStormJson(stringifyStormJson([2 ** 53]))).toEqual([2 ** 53]);
  });

  it('refuses what Storm would change or reject: ±Infinity, undefined / function / symbol array items, cycles', () => {
    expect(codeOf(() => stringifyStormJson([Number.POSITIVE_INFINITY]))).toBe('E_UNSERIALIZABLE');
    expect(codeOf(() => stringifyStormJson({ x: [1, Number.NEGATIVE_INFINITY] }))).toBe('E_UNSERIALIZABLE');
    expect(codeOf(() => stringifyStormJson([undefined]))).toBe('E_UNSERIALIZABLE');
    expect(codeOf(() => stringifyStormJson([() => 1]))).toBe('E_UNSERIALIZABLE');
    expect(codeOf(() => stringifyStormJson(undefined))).toBe('E_UNSERIALIZABLE');
    const cyclic: { self?: unknown; n: bigint } = { n: 1n };
    cyclic.self = cyclic;
    expect(codeOf(() => stringifyStormJson(cyclic))).toBe('E_UNSERIALIZABLE');
    expect(() => stringifyStormJson({ tuple: [1, Number.POSITIVE_INFINITY] })).toThrow(/the top-level value\.tuple\[1\] is Infinity/);
  });
});
