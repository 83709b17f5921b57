// expectTwin as the testkit's README shows it: the word count example on the local engine and on Storm, compared.
import { expectTwin, useStormCluster } from '@twinstorm/testkit';
import { describe, expect, it } from 'vitest';
import { RUNTIMES } from './support/suite.ts';

const WORDCOUNT = new URL('../../examples/wordcount/topology.ts', import.meta.url).pathname;

/** Storm on one worker, and on two (conf topology.workers: 2: tuples cross worker JVMs through Netty and Kryo). */
const STORM_COLUMNS = [
  { column: 'storm', conf: {}, what: 'on both runtimes' },
  { column: 'storm-2w', conf: { 'topology.workers': 2 }, what: 'on the local engine and on Storm with 2 workers' },
] as const;

describe('expectTwin', () => {
  for (const { column, conf, what } of STORM_COLUMNS) {
    it.runIf(RUNTIMES.includes('local') && RUNTIMES.includes(column))(
      `the word count example gives the same counts, in the same order per word, ${what}`,
      async () => {
        const { nimbus } = await useStormCluster();
        const { local, storm } = await expectTwin(WORDCOUNT, {
          inputs: { sentences: [['the cat and the hat'], ['The Hat, the cat!'], ['naïve café 😀 cat']] },
          capture: ['count'],
          key: { count: ['word'] },
          withTaskIndex: ['count'],
          conf,
          nimbus,
        });
        expect(local.acked).toBe(3);
        expect(storm.acked).toBe(3);
        expect(storm.stormWorkers, 'worker JVMs Nimbus reported').toBe(column === 'storm-2w' ? 2 : 1);
        const the = storm.captured.filter((t) => t.values[0] === 'the').map((t) => t.values[1]);
        expect(the).toEqual([1, 2, 3, 4]);
      },
      480_000,
    );
  }
});
