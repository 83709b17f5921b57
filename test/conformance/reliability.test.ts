// Ack trees, explicit fail, fail -> replay, BasicBolt throw, async bolts: one topology per runtime, same assertions.
import { expect } from 'vitest';
import { describeRuntimes, feature, once } from './support/suite.ts';
import { REPLAY_IDS } from './topologies/reliability.ts';

const TOPOLOGY = new URL('./topologies/reliability.ts', import.meta.url).pathname;

/** [id, sentence]; sentences with "bad" fail in leaf, with "boom" in basic. */
const SENTENCES: ReadonlyArray<[number, string]> = [
  [0, 'the quick brown fox'],
  [1, 'a bad apple'],
  [2, 'boom goes the word'],
  [3, 'jumps over'],
  [4, 'the lazy dog again and again'],
  [5, 'bad boom'],
  [6, 'end'],
];
const ACKED = [0, 3, 4, 6];
const id = (values: readonly unknown[]) => values[0] as number;

describeRuntimes('reliability', (suite) => {
  const run = once(() =>
    suite.run(TOPOLOGY, {
      inputs: { sentences: SENTENCES },
      capture: ['split', 'leaf', 'basic', 'async', 'flaky'],
      // The replaying spout is the test's own: done once it has seen every id acked.
      until: (p) => new Set(p.observations.filter((o) => o.kind === 'ack').map((o) => o.data)).size === REPLAY_IDS,
      expectErrorsFrom: ['basic'],
    }),
  );
  const outcomes = async () => Object.fromEntries((await run()).settled.map((s) => [SENTENCES[s.index]![0], s.outcome]));

  feature(suite, 'acking.tree', async () => {
    const r = await run();
    const o = await outcomes();
    for (const i of ACKED) expect(o[i], `sentence ${i}`).toBe('ack');
    // Every word of every sentence went through split, and every word but "bad" through leaf.
    const words = SENTENCES.flatMap(([i, s]) => s.split(' ').map((w) => `${i}:${w}`)).sort();
    const seen = (component: string) =>
      r.captured.filter((c) => c.component === component).map((c) => `${id(c.values)}:${String(c.values[1])}`);
    expect(seen('split').sort()).toEqual(words);
    expect(seen('leaf').sort()).toEqual(words.filter((w) => !w.endsWith(':bad')));
  });

  feature(suite, 'acking.explicit-fail', async () => {
    const o = await outcomes();
    expect(o[1]).toBe('fail');
    expect(o[5]).toBe('fail');
  });

  feature(suite, 'acking.replay', async () => {
    const r = await run();
    const fails = r.observations.filter((o) => o.kind === 'fail').map((o) => o.data as number);
    const acks = r.observations.filter((o) => o.kind === 'ack').map((o) => o.data as number);
    const odd = Array.from({ length: REPLAY_IDS }, (_, i) => i).filter((i) => i % 2 === 1);
    expect(
      fails.sort((a, b) => a - b),
      'the first attempt of each odd id failed, once',
    ).toEqual(odd);
    expect(
      acks.sort((a, b) => a - b),
      'every id acked once, after its replay',
    ).toEqual(Array.from({ length: REPLAY_IDS }, (_, i) => i));
    const flaky = r.captured.filter((c) => c.component === 'flaky').map((c) => [id(c.values), c.values[1]]);
    expect(flaky.sort((a, b) => (a[0] as number) - (b[0] as number))).toEqual(
      Array.from({ length: REPLAY_IDS }, (_, i) => [i, i % 2 === 1 ? 1 : 0]),
    );
  });

  feature(suite, 'bolt.basic-throw', async () => {
    const r = await run();
    const o = await outcomes();
    expect(o[2]).toBe('fail');
    expect(
      r.captured
        .filter((c) => c.component === 'basic')
        .map((c) => id(c.values))
        .sort(),
    ).toEqual([0, 1, 3, 4, 6]);
    expect(r.errors['basic']?.join('\n') ?? '', 'the error is reported').toMatch(/boom in sentence (2|5)/);
    expect(
      Object.keys(r.errors).filter((c) => c !== 'basic'),
      'no other component reports errors',
    ).toEqual([]);
  });

  feature(suite, 'bolt.async', async () => {
    const r = await run();
    const got = r.captured.filter((c) => c.component === 'async');
    // Only trees that completed are sure to have all their captures in: a failed tree ends the wait for its tuple.
    expect(
      got
        .map((c) => id(c.values))
        .filter((i) => ACKED.includes(i))
        .sort(),
    ).toEqual(ACKED);
    expect(Math.max(...got.map((c) => c.values[1] as number)), 'several executions overlap').toBeGreaterThan(1);
  });
});
