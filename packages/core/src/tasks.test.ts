import { describe, expect, it } from 'vitest';
import { Bolt } from './bolt.ts';
import { TopologyBuilder } from './builder.ts';
import { Spout } from './spout.ts';
import { ACKER_COMPONENT, ackerTaskCount, assignTaskIds } from './tasks.ts';
import type { Conf } from './conf.ts';
import type { TopologySpec } from './spec.ts';

/** A spec with just what task numbering reads: component ids, parallelism and the topology conf. */
function spec(components: ReadonlyArray<readonly [string, number]>, conf: Conf = {}): TopologySpec {
  return {
    specVersion: 1,
    name: 't',
    conf,
    components: components.map(([id, parallelism], i) => ({
      id,
      kind: i === 0 ? 'spout' : 'bolt',
      className: 'C',
      parallelism,
      streams: {},
      inputs: [],
      conf: {},
    })),
    source: null,
  };
}

/** The assignment as a plain object, in the Map's (numbering) order. */
function tasks(s: TopologySpec): Record<string, number[]> {
  return Object.fromEntries(assignTaskIds(s));
}

const WORDCOUNT = [
  ['words', 1],
  ['split', 2],
  ['count', 3],
] as const;

describe('ackerTaskCount', () => {
  it('is 1 when neither topology.acker.executors nor topology.workers is set', () => {
    expect(ackerTaskCount(spec(WORDCOUNT))).toBe(1);
  });

  it('is topology.workers when topology.acker.executors is not set (or null)', () => {
    expect(ackerTaskCount(spec(WORDCOUNT, { 'topology.workers': 3 }))).toBe(3);
    expect(ackerTaskCount(spec(WORDCOUNT, { 'topology.workers': 2, 'topology.acker.executors': null }))).toBe(2);
  });

  it('is topology.acker.executors when set, whatever topology.workers says', () => {
    expect(ackerTaskCount(spec(WORDCOUNT, { 'topology.acker.executors': 2 }))).toBe(2);
    expect(ackerTaskCount(spec(WORDCOUNT, { 'topology.acker.executors': 2, 'topology.workers': 4 }))).toBe(2);
    expect(ackerTaskCount(spec(WORDCOUNT, { 'topology.acker.executors': 0, 'topology.workers': 4 }))).toBe(0);
  });

  it('never goes below 0 ackers, and falls back to 1 for a nonsensical worker count', () => {
    expect(ackerTaskCount(spec(WORDCOUNT, { 'topology.acker.executors': -2 }))).toBe(0);
    expect(ackerTaskCount(spec(WORDCOUNT, { 'topology.workers': 0 }))).toBe(1);
    expect(ackerTaskCount(spec(WORDCOUNT, { 'topology.workers': '3' as unknown as number }))).toBe(1);
  });
});

describe('assignTaskIds (Storm numbering)', () => {
  it('sorts components by id with __acker included and numbers tasks from 1', () => {
    const result = assignTaskIds(spec(WORDCOUNT));
    expect([...result.keys()]).toEqual([ACKER_COMPONENT, 'count', 'split', 'words']);
    expect(Object.fromEntries(result)).toEqual({
      __acker: [1],
      count: [2, 3, 4],
      split: [5, 6],
      words: [7],
    });
  });

  it('gives the acker one task per worker by default', () => {
    expect(tasks(spec(WORDCOUNT, { 'topology.workers': 3 }))).toEqual({
      __acker: [1, 2, 3],
      count: [4, 5, 6],
      split: [7, 8],
      words: [9],
    });
  });

  it('uses topology.acker.executors over topology.workers', () => {
    expect(tasks(spec(WORDCOUNT, { 'topology.workers': 4, 'topology.acker.executors': 2 }))).toEqual({
      __acker: [1, 2],
      count: [3, 4, 5],
      split: [6, 7],
      words: [8],
    });
  });

  it('leaves the acker out entirely with 0 ackers', () => {
    const result = assignTaskIds(spec(WORDCOUNT, { 'topology.acker.executors': 0 }));
    expect(result.has(ACKER_COMPONENT)).toBe(false);
    expect(Object.fromEntries(result)).toEqual({ count: [1, 2, 3], split: [4, 5], words: [6] });
  });

  it('compares ids as Java strings: by UTF-16 code unit, so "Z..." < "__acker" < "a..."', () => {
    const result = assignTaskIds(
      spec([
        ['b', 1],
        ['a_b', 1],
        ['Zed', 1],
        ['a-b', 1],
        ['aB', 1],
        ['A', 1],
      ]),
    );
    expect([...result.keys()]).toEqual(['A', 'Zed', '__acker', 'a-b', 'aB', 'a_b', 'b']);
    expect([...result.values()]).toEqual([[1], [2], [3], [4], [5], [6], [7]]);
  });

  it('orders characters outside the BMP by their surrogates, as Java does (not by code point)', () => {
    const emoji = '\u{1F600}'; // surrogates D83D DE00
    const fullwidth = '\uFF01'; // above the surrogate range
    const result = assignTaskIds(
      spec(
        [
          [fullwidth, 1],
          [emoji, 1],
        ],
        { 'topology.acker.executors': 0 },
      ),
    );
    expect([...result.keys()]).toEqual([emoji, fullwidth]);
  });

  it('does not depend on declaration order', () => {
    const reversed = [...WORDCOUNT].reverse();
    expect(tasks(spec(reversed))).toEqual(tasks(spec(WORDCOUNT)));
  });

  it('numbers tasks consecutively with no gaps', () => {
    const result = assignTaskIds(
      spec(
        [
          ['s', 4],
          ['x', 7],
          ['m', 5],
        ],
        { 'topology.workers': 2 },
      ),
    );
    const all = [...result.values()].flat();
    expect(all).toEqual(Array.from({ length: 18 }, (_, i) => i + 1));
  });

  it('numbers the DESIGN example topology as Storm would', () => {
    class NumberSpout extends Spout {
      static outputFields = ['n'];
      nextTuple(): void {}
    }
    class SquareBolt extends Bolt {
      static outputFields = ['n', 'sq'];
      execute(): void {}
    }
    const b = new TopologyBuilder();
    b.setSpout('numbers', NumberSpout, 1);
    b.setBolt('square', SquareBolt, 2).shuffleGrouping('numbers');
    b.setBolt('sum', SquareBolt, 1).globalGrouping('square');
    expect(tasks(b.createTopology('numbers', { 'topology.max.spout.pending': 100 }).spec)).toEqual({
      __acker: [1],
      numbers: [2],
      square: [3, 4],
      sum: [5],
    });
  });
});
