import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MultilangError } from '../errors.ts';
import { parseStormJson, stringifyStormJson } from './storm-json.ts';

// The dialect itself is tested in @twinstorm/core (packages/core/src/storm-json.test.ts); here: the codec's error
// class, and the round-trip property (fast-check is a dev dependency of this package).

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return error instanceof MultilangError ? error.code : `not a MultilangError: ${String(error)}`;
  }
  return undefined;
}

describe("the codec over core's Storm JSON", () => {
  it('throws MultilangError with the same codes and messages', () => {
    expect(codeOf(() => parseStormJson('{'))).toBe('E_MALFORMED_FRAME');
    expect(() => parseStormJson('{"command":"emit",')).toThrow(/not valid JSON .*"\{\\"command\\":\\"emit\\",/);
    expect(codeOf(() => stringifyStormJson([Number.POSITIVE_INFINITY]))).toBe('E_UNSERIALIZABLE');
    expect(() => stringifyStormJson({ tuple: [1, Number.POSITIVE_INFINITY] })).toThrow(/the top-level value\.tuple\[1\] is Infinity/);
  });

  it('keeps the cause of a throwing toJSON', () => {
    const boom = new Error('boom');
    try {
      stringifyStormJson([
        {
          toJSON: () => {
            throw boom;
          },
        },
        1n,
      ]);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(MultilangError);
      expect((error as MultilangError).cause).toBe(boom);
    }
  });

  it('round-trips any JSON value, bigints and NaN included (fast-check)', () => {
    const value = fc.letrec((tie) => ({
      leaf: fc.oneof(
        fc.string({ unit: 'grapheme' }),
        fc.string({ unit: 'binary' }),
        fc.integer(),
        fc.double({ noDefaultInfinity: true }),
        fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }).filter((n) => n < -(2n ** 53n) || n > 2n ** 53n),
        fc.boolean(),
        fc.constant(null),
        fc.constant(Number.NaN),
      ),
      node: fc.oneof(
        { depthSize: 'small' },
        tie('leaf'),
        fc.array(tie('node'), { maxLength: 5 }),
        fc.dictionary(fc.string(), tie('node'), { maxKeys: 5 }),
      ),
    })).node;
    let runs = 0;
    fc.assert(
      fc.property(value, (v) => {
        runs++;
        const back = parseStormJson(stringifyStormJson(v));
        expect(back).toStrictEqual(normalise(v));
      }),
      { numRuns: 2000 },
    );
    expect(runs).toBe(2000);
  });
});

/** What a value becomes after a round trip: -0 is written as 0 (as JSON.stringify does). */
function normalise(v: unknown): unknown {
  if (Object.is(v, -0)) return 0;
  if (Array.isArray(v)) return v.map(normalise);
  if (typeof v === 'object' && v !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v))
      Object.defineProperty(out, k, { value: normalise(x), enumerable: true, writable: true, configurable: true });
    return out;
  }
  return v;
}
