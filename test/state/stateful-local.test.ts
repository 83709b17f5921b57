// StatefulBolt on the real local engine (strict mode): counts are right and every input is acked (after a commit).
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
