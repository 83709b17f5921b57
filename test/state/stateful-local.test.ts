// StatefulBolt and WindowedBolt on the real local engine (strict mode): counts right, windows right, every input acked.
import { runTopology } from '@twinstorm/testkit';
import { expect, it } from 'vitest';

const TOPOLOGY = new URL('./topologies/stateful.ts', import.meta.url).pathname;
const WORDS = ['a', 'b', 'a', 'c', 'a', 'b'].map((w, i) => [i, w]);

it('counts in keyed state on the local engine; every input is acked', async () => {
  const r = await runTopology(TOPOLOGY, { runtime: 'local', inputs: { words: WORDS }, capture: ['count'] });
  const counts = r.captured.filter((c) => c.component === 'count').map((c) => `${String(c.values[0])}${String(c.values[1])}`);
  expect(counts.sort()).toEqual(['a1', 'a2', 'a3', 'b1', 'b2', 'c1']);
  expect(r.settled.map((s) => s.outcome)).toEqual(Array(WORDS.length).fill('ack'));
  expect(r.errors).toEqual({});
});

it('runs a tumbling count window on the local engine; each input is acked once its window has run', async () => {
  const r = await runTopology(new URL('./topologies/windowed.ts', import.meta.url).pathname, {
    runtime: 'local',
    inputs: { words: WORDS },
    capture: ['triples'],
  });
  expect(r.captured.map((c) => c.values[0])).toEqual([
    [0, 1, 2],
    [3, 4, 5],
  ]);
  expect(r.settled.map((s) => s.outcome)).toEqual(Array(WORDS.length).fill('ack'));
  expect(r.errors).toEqual({});
});
