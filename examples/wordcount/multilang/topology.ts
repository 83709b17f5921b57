import { TopologyBuilder, type BoltClass, type Conf, type SpoutClass, type Topology } from '@twinstorm/core';
import { shellBolt, shellSpout } from '@twinstorm/multilang';
import { CORPUS } from '../corpus.ts';
import { CountBolt } from '../count-bolt.ts';
import { SentenceSpout } from '../sentence-spout.ts';
import { SplitBolt } from '../split-bolt.ts';
import { WORDCOUNT_CONF } from '../topology.ts';
import { RESOURCES_DIR } from './resources.ts';

export { prepareResources, RESOURCES_DIR, type AdapterDirs } from './resources.ts';

/** Which implementation runs a component: the TypeScript class, or the script for Storm's storm.py / storm.js. */
export type Implementation = 'ts' | 'python' | 'javascript';

/** Conf key the multilang sentence spouts read their corpus from (the TS spout imports it). */
export const CORPUS_CONF = 'wordcount.corpus';

/** How to build the multilang word count. */
export interface MultilangWordCountOptions {
  /** The sentence spout's implementation (default python). */
  readonly spout?: Implementation;
  /** The split bolt's implementation (default python). */
  readonly split?: Implementation;
  /** Where the scripts and the adapters are (Storm's resources/ layout, see prepareResources); default RESOURCES_DIR. */
  readonly resourcesDir?: string;
  /** The Python interpreter (default python3, from PATH as on a Storm worker). */
  readonly python?: string;
}

/** Local-run environment of the Python children: UTF-8 pipes whatever the locale, no .pyc files in resources/. */
const PYTHON_ENV = { PYTHONIOENCODING: 'utf-8', PYTHONDONTWRITEBYTECODE: '1' };

/** The word count with its spout and/or split bolt swapped for storm.py or storm.js scripts; count stays TypeScript. */
export function multilangWordCountBuilder(options: MultilangWordCountOptions = {}): TopologyBuilder {
  const spout = options.spout ?? 'python';
  const split = options.split ?? 'python';
  const cwd = options.resourcesDir ?? RESOURCES_DIR;
  const python = options.python ?? 'python3';
  const script = (impl: 'python' | 'javascript', base: string) =>
    impl === 'python' ? { command: python, args: [`${base}.py`], cwd, env: PYTHON_ENV } : { command: 'node', args: [`${base}.cjs`], cwd };

  const spoutClass: SpoutClass =
    spout === 'ts' ? SentenceSpout : shellSpout({ ...script(spout, 'sentence_spout'), outputFields: ['sentence'] });
  const splitClass: BoltClass = split === 'ts' ? SplitBolt : shellBolt({ ...script(split, 'split_sentence'), outputFields: ['word'] });

  const builder = new TopologyBuilder();
  const sentences = builder.setSpout('sentences', spoutClass, 1);
  if (spout !== 'ts') sentences.addConfiguration(CORPUS_CONF, [...CORPUS]);
  builder.setBolt('split', splitClass, 2).shuffleGrouping('sentences');
  builder.setBolt('count', CountBolt, 2).fieldsGrouping('split', ['word']);
  return builder;
}

/** The multilang word count, named like the TS one, with `conf` merged over the word count's defaults. */
export function buildMultilangWordCount(options: MultilangWordCountOptions = {}, conf: Conf = {}): Topology {
  return multilangWordCountBuilder(options).createTopology('wordcount-multilang', { ...WORDCOUNT_CONF, ...conf });
}

/**
 * Python spout and split bolt, run from TWINSTORM_MULTILANG_RESOURCES or this example's resources/ (copy storm.py
 * there first, see README): what `twinstorm run examples/wordcount/multilang/topology.ts` runs.
 */
export default buildMultilangWordCount({ resourcesDir: process.env['TWINSTORM_MULTILANG_RESOURCES'] ?? RESOURCES_DIR });
