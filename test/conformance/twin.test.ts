// expectTwin as the testkit's README shows it: the word count example on the local engine and on Storm, compared.
import { expectTwin, useStormCluster } from '@twinstorm/testkit';
import { describe, expect, it } from 'vitest';
import { RUNTIMES } from './support/suite.ts';

const WORDCOUNT = new URL('../../examples/wordcount/topology.ts', import.meta.url).pathname;

describe.runIf(RUNTIMES.includes('local') && RUNTIMES.includes('storm'))('expectTwin', () => {
  it('the word count example gives the same counts, in the same order per word, on both runtimes', async () => {
    const { nimbus } = await useStormCluster();
    const { local, storm } = await expectTwin(WORDCOUNT, {
      inputs: { sentences: [['the cat and the hat'], ['The Hat, the cat!'], ['naïve café 😀 cat']] },
      capture: ['count'],
      key: { count: ['word'] },
      withTaskIndex: ['count'],
      nimbus,
    });
    expect(local.acked).toBe(3);
    expect(storm.acked).toBe(3);
    const the = storm.captured.filter((t) => t.values[0] === 'the').map((t) => t.values[1]);
    expect(the).toEqual([1, 2, 3, 4]);
  }, 480_000);
});
