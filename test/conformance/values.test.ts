// Tuple values across the runtimes: UTF-8, a 1 MiB tuple, integers, floats, bigints, JSON structures. Each value goes
// spout -> echo -> echo-again and must come back equal, seen as the same type and content by both bolts.
import type { CapturedTuple } from '@twinstorm/testkit';
import { expect } from 'vitest';
import { describeRuntimes, feature, once, type Unsupported } from './support/suite.ts';
import { describeValue } from './topologies/values.ts';

const TOPOLOGY = new URL('./topologies/values.ts', import.meta.url).pathname;

const UTF8: Record<string, string> = {
  ascii: 'plain ascii',
  latin: 'ünïcödé façade',
  cjk: '漢字かなカナ한국어',
  rtl: 'עברית العربية',
  emoji: '😀👍🏽',
  astral: '𝄞 𐍈 𠜎',
  zwj: '👨‍👩‍👧‍👦',
  combining: 'e\u0301 a\u0308',
  controls: 'nul\u0000 tab\t newline\n cr\r bell\u0007 unit\u001f',
  escapes: 'quote" backslash\\ slash/',
  separators: 'line\u2028paragraph\u2029end',
  bom: '\ufeffbom',
  empty: '',
};

/** 1 MiB of UTF-8: ASCII with a non-BMP character every 1000 characters. */
const ONE_MIB = (() => {
  const chunk = `${'twinstorm '.repeat(99)}abcdefghi😀`;
  const bytes = Buffer.byteLength(chunk);
  return chunk.repeat(Math.ceil((1024 * 1024) / bytes));
})();

const INTEGERS: Record<string, number> = {
  zero: 0,
  one: 1,
  minus: -1,
  intMax: 2_147_483_647,
  intMin: -2_147_483_648,
  aboveInt: 2_147_483_648,
  belowInt: -2_147_483_649,
  tenBillion: 10_000_000_000,
  maxSafe: Number.MAX_SAFE_INTEGER,
  minSafe: Number.MIN_SAFE_INTEGER,
};

const FLOATS: Record<string, number> = {
  half: 0.5,
  negative: -3.25,
  tenth: 0.1,
  sum: 0.1 + 0.2,
  small: 1e-7,
  third: 1 / 3,
  pi: Math.PI,
  belowSafe: 4_503_599_627_370_495.5,
  minDenormal: 5e-324,
  minNormal: 2.2250738585072014e-308,
};

/** Doubles of integer value beyond 2^53: already rounded in JS, and Storm holds them as Double (another hash). */
const UNSAFE: Record<string, number> = { e21: 1e21, maxValue: Number.MAX_VALUE, twoTo60: 2 ** 60 };

const BIGINTS: Record<string, bigint> = {
  aboveSafe: 2n ** 53n + 1n,
  belowSafe: -(2n ** 53n) - 1n,
  longMax: 2n ** 63n - 1n,
  longMin: -(2n ** 63n),
  beyondLong: 2n ** 64n + 1n,
  huge: 10n ** 30n + 7n,
};

const JSONS: Record<string, unknown> = {
  true: true,
  false: false,
  null: null,
  array: [1, 'two', [3.5, null], true],
  object: { b: 1, a: 'x', nested: { z: [1, 2], y: null } },
  emptyArray: [],
  emptyObject: {},
};

const GROUPS = {
  utf8: UTF8,
  large: { oneMiB: ONE_MIB },
  integers: INTEGERS,
  floats: FLOATS,
  bigint: BIGINTS,
  json: JSONS,
  unsafe: UNSAFE,
  nan: { nan: NaN },
  infinity: { positive: Infinity, negative: -Infinity },
};
const INPUTS = Object.entries(GROUPS).flatMap(([group, values]) =>
  Object.entries(values).map(([label, value]) => [`${group}.${label}`, value]),
);

describeRuntimes('values', (suite) => {
  const run = once(async () => {
    return suite.run(TOPOLOGY, { inputs: { values: INPUTS }, capture: ['echo', 'echo-again'], allowRejected: true });
  });

  /**
   * For every value of a group: acked, and both bolts emitted it unchanged and saw what the test expects; or, when the
   * runtime refused to emit the group's values, not supported with the runtime's own reason.
   */
  const check = async (group: keyof typeof GROUPS, seen: (value: unknown) => string = describeValue): Promise<void | Unsupported> => {
    const r = await run();
    const values = GROUPS[group] as Record<string, unknown>;
    const refused = r.rejected.filter((x) => (INPUTS[x.index]![0] as string).startsWith(`${group}.`));
    if (refused.length > 0) {
      expect(refused, 'all or none of a group is refused').toHaveLength(Object.keys(values).length);
      return {
        unsupported: `refused when emitted: ${refused[0]!.message.replace(/^component "[^"]*", task \d+(, stream "[^"]*")?(, field "[^"]*")?: /, '')}`,
      };
    }
    const byLabel = (component: string) =>
      new Map(r.captured.filter((c) => c.component === component).map((c): [unknown, CapturedTuple] => [c.values[0], c]));
    for (const component of ['echo', 'echo-again']) {
      const got = byLabel(component);
      for (const [label, value] of Object.entries(values)) {
        const t = got.get(`${group}.${label}`);
        expect(t, `${component} emitted ${group}.${label}`).toBeDefined();
        expect(t!.values[1], `${component}: ${group}.${label} unchanged`).toEqual(value);
        expect(t!.values[2], `${component}: what the bolt saw of ${group}.${label}`).toBe(seen(value));
      }
    }
    const settled = r.settled.filter((s) => (INPUTS[s.index]![0] as string).startsWith(`${group}.`));
    expect(settled.map((s) => s.outcome)).toEqual(Object.keys(values).map(() => 'ack'));
    expect(r.errors.echo ?? [], 'no bolt errors').toEqual([]);
    expect(r.errors['echo-again'] ?? []).toEqual([]);
  };

  feature(suite, 'values.utf8', () => check('utf8'));
  feature(suite, 'values.large-tuple', () => check('large'));
  feature(suite, 'values.integers', () => check('integers'));
  feature(suite, 'values.floats', () => check('floats'));
  feature(suite, 'values.bigint', () => check('bigint'));
  feature(suite, 'values.json', () => check('json'));
  feature(suite, 'values.unsafe-number', () => check('unsafe'));
  feature(suite, 'values.nan', () => check('nan'));
  feature(suite, 'values.infinity', () => check('infinity'));
});
