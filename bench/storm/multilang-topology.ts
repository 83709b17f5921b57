// The word count with all three components written for Storm's official storm.py or storm.js, wired like
// examples/wordcount/topology.ts (same component ids, groupings, parallelism and max spout pending, from
// bench/workload.ts). Shared by stormpy-topology.ts and stormjs-topology.ts.
import { TopologyBuilder, type Topology } from '@twinstorm/core';
import { shellBolt, shellSpout, type ShellComponentOptions } from '@twinstorm/multilang';
import { CORPUS } from '../../examples/wordcount/corpus.ts';
import { CORPUS_CONF } from '../../examples/wordcount/multilang/topology.ts';
import { COUNT_TASKS, MAX_SPOUT_PENDING, SPLIT_TASKS, SPOUT_TASKS } from '../workload.ts';
import { MULTILANG_RESOURCES, SCRIPT_EXT, SCRIPTS, type AdapterLang } from './multilang-resources.ts';

/** Local-run environment of the Python children (UTF-8 pipes whatever the locale, no .pyc); Storm ignores it. */
const PYTHON_ENV = { PYTHONIOENCODING: 'utf-8', PYTHONDONTWRITEBYTECODE: '1' };

/** The topology names, as the bench and `twinstorm run` show them. */
export const MULTILANG_TOPOLOGY_NAMES: Readonly<Record<AdapterLang, string>> = {
  python: 'wordcount-stormpy',
  javascript: 'wordcount-stormjs',
};

/** The official-adapter word count for `lang`, running from MULTILANG_RESOURCES[lang] (see prepareMultilangResources). */
export function buildOfficialAdapterWordCount(lang: AdapterLang): Topology {
  const cwd = MULTILANG_RESOURCES[lang];
  const script = (base: string): Pick<ShellComponentOptions, 'command' | 'args' | 'cwd' | 'env'> =>
    lang === 'python'
      ? { command: 'python3', args: [base + SCRIPT_EXT.python], cwd, env: PYTHON_ENV }
      : { command: 'node', args: [base + SCRIPT_EXT.javascript], cwd };

  const builder = new TopologyBuilder();
  builder
    .setSpout('sentences', shellSpout({ ...script(SCRIPTS.spout), outputFields: ['sentence'] }), SPOUT_TASKS)
    .addConfiguration(CORPUS_CONF, [...CORPUS]);
  builder.setBolt('split', shellBolt({ ...script(SCRIPTS.split), outputFields: ['word'] }), SPLIT_TASKS).shuffleGrouping('sentences');
  builder
    .setBolt('count', shellBolt({ ...script(SCRIPTS.count), outputFields: ['word', 'count'] }), COUNT_TASKS)
    .fieldsGrouping('split', ['word']);
  return builder.createTopology(MULTILANG_TOPOLOGY_NAMES[lang], { 'topology.max.spout.pending': MAX_SPOUT_PENDING });
}
