// The one workload every scenario runs: examples/wordcount. Everything a scenario needs to know about it
// (corpus, split, task counts, max spout pending, how many word tuples N sentences make) comes from here, and
// these figures are read from the example itself so the ceiling cannot drift from the engine's topology.
import { CORPUS } from '../examples/wordcount/corpus.ts';
import { buildWordCount } from '../examples/wordcount/topology.ts';
import { splitWords } from '../examples/wordcount/words.ts';

/** What the JSON report says about the workload. */
export interface WorkloadInfo {
  name: string;
  corpus: string;
  corpusSentences: number;
  wordsPerCorpusCycle: number;
  meanWordsPerSentence: number;
  split: string;
  topology: string;
  acking: boolean;
  maxSpoutPending: number;
  countedTuples: string;
}

const spec = buildWordCount().spec;

function parallelismOf(id: string): number {
  const c = spec.components.find((component) => component.id === id);
  if (c === undefined) throw new Error(`examples/wordcount has no component "${id}"`);
  return c.parallelism;
}

const pendingConf = spec.conf['topology.max.spout.pending'];
if (typeof pendingConf !== 'number') throw new Error('examples/wordcount must set topology.max.spout.pending');

/** `topology.max.spout.pending` of examples/wordcount (per spout task). */
export const MAX_SPOUT_PENDING: number = pendingConf;
/** Tasks of each component in examples/wordcount. */
export const SPOUT_TASKS = parallelismOf('sentences');
export const SPLIT_TASKS = parallelismOf('split');
export const COUNT_TASKS = parallelismOf('count');

/** Words of each corpus sentence, and their sum over one cycle through the corpus. */
const WORDS_PER_SENTENCE = CORPUS.map((s) => splitWords(s).length);
const WORDS_PER_CYCLE = WORDS_PER_SENTENCE.reduce((a, b) => a + b, 0);

/** How many word tuples the first `sentences` sentences make (SentenceSpout emits sentence i = CORPUS[i % length]). */
export function wordTuplesFor(sentences: number): number {
  const cycles = Math.floor(sentences / CORPUS.length);
  let words = cycles * WORDS_PER_CYCLE;
  for (let i = 0; i < sentences % CORPUS.length; i++) words += WORDS_PER_SENTENCE[i]!;
  return words;
}

/** The exact tuples `tuplesPerSec` counts, word for word in the JSON and in BENCHMARKS.md. */
export const COUNTED_TUPLES =
  'word tuples: the [word] tuples the split step emits, one per word of each sentence (splitWords); ' +
  'the [sentence] spout tuples, the [word, count] tuples the count step emits and acks are not counted';

export function workloadInfo(): WorkloadInfo {
  return {
    name: 'wordcount',
    corpus: `examples/wordcount/corpus.ts, cycled: sentence i is CORPUS[i % ${CORPUS.length}], msgId i`,
    corpusSentences: CORPUS.length,
    wordsPerCorpusCycle: WORDS_PER_CYCLE,
    meanWordsPerSentence: Math.round((WORDS_PER_CYCLE / CORPUS.length) * 1000) / 1000,
    split: 'examples/wordcount/words.ts splitWords (lowercase, Unicode-aware)',
    topology:
      `sentences (spout, ${SPOUT_TASKS} task) -shuffle-> split (${SPLIT_TASKS} tasks, BasicBolt) ` +
      `-fields(word)-> count (${COUNT_TASKS} tasks, Map count, emits [word, count] anchored, acks)`,
    acking: true,
    maxSpoutPending: MAX_SPOUT_PENDING,
    countedTuples: COUNTED_TUPLES,
  };
}
