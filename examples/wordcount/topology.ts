import { TopologyBuilder, type Conf, type Topology } from '@twinstorm/core';
import { CountBolt } from './count-bolt.ts';
import { SentenceSpout } from './sentence-spout.ts';
import { SplitBolt } from './split-bolt.ts';

export { CountBolt } from './count-bolt.ts';
export { SENTENCES_CONF, SentenceSpout } from './sentence-spout.ts';
export { SplitBolt } from './split-bolt.ts';

/** The topology's name, for the CLI and for tests that rebuild it. */
export const WORDCOUNT_NAME = 'wordcount';

/** Defaults: bound the tuple trees in flight so memory stays flat when the spout is unbounded. */
export const WORDCOUNT_CONF: Conf = { 'topology.max.spout.pending': 1000 };

/** The wired components, unbuilt, so tests can subscribe extra bolts (e.g. a capture bolt on "count"). */
export function wordCountBuilder(): TopologyBuilder {
  const builder = new TopologyBuilder();
  builder.setSpout('sentences', SentenceSpout, 1);
  builder.setBolt('split', SplitBolt, 2).shuffleGrouping('sentences');
  builder.setBolt('count', CountBolt, 2).fieldsGrouping('split', ['word']);
  return builder;
}

/** The word-count topology, with `conf` merged over the defaults. */
export function buildWordCount(conf: Conf = {}): Topology {
  return wordCountBuilder().createTopology(WORDCOUNT_NAME, { ...WORDCOUNT_CONF, ...conf });
}

/** The topology with default conf: what `twinstorm run` and the Storm runner load (building it has no side effects). */
export default buildWordCount();
