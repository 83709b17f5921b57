// The `ceiling` scenario: word count with acking as plain function calls, no engine — the same work the engine
// does for examples/wordcount, so the ratio local-1 / ceiling is what the engine costs. Per sentence: the spout
// keeps it in its own pending Map (as SentenceSpout does) and the tree is timestamped; split tokenises it with
// splitWords; per word, an edge id (64 bits as two 32-bit halves), the fields-grouping hash picks a count task
// (@twinstorm/core fieldsGroupingIndex, Storm's hash), the task's Map counts the word, and the count's ack XORs the
// edge id into the tree in the pending map; split's ack XORs the root edge id and its children's ids; the tree
// reaches zero, the spout forgets the sentence and the complete latency is recorded. The count's [word, count]
// emit has no subscriber, so (as in Storm) it creates no edge and is not built here.
import { fieldsGroupingIndex } from '@twinstorm/core/runtime';
import { LatencyHistogram } from '@twinstorm/local';
import { CORPUS } from '../examples/wordcount/corpus.ts';
import { splitWords } from '../examples/wordcount/words.ts';
import { COUNT_TASKS } from './workload.ts';

export interface CeilingFigures {
  sentences: number;
  wordTuples: number;
  seconds: number;
  latency: LatencyHistogram;
}

/** Runs sentences 0 .. sentences - 1 (sentence i = CORPUS[i % length], msgId i) through the hand-written pipeline. */
export function runCeiling(sentences: number): CeilingFigures {
  let seed = 0x9e3779b9;
  const random32 = (): number => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return seed | 0;
  };
  const pending = new Map<number, { hi: number; lo: number; msgId: number; startedAt: number }>();
  // The spout's own bookkeeping, as examples/wordcount's SentenceSpout keeps it (msgId -> sentence until acked).
  const spoutPending = new Map<number, string>();
  const counts = Array.from({ length: COUNT_TASKS }, () => new Map<string, number>());
  const latency = new LatencyHistogram();
  let acked = 0;
  let wordTuples = 0;
  const start = performance.now();
  for (let msgId = 0; msgId < sentences; msgId++) {
    const sentence = CORPUS[msgId % CORPUS.length]!;
    spoutPending.set(msgId, sentence);
    // Spout emit: one copy, one edge id, the tree starts with its XOR (and its start time, as the engine keeps it).
    const rootHi = random32();
    const rootLo = random32();
    pending.set(msgId, { hi: rootHi, lo: rootLo, msgId, startedAt: performance.now() });
    // Split: one anchored child per word; each child's edge id goes into the input's ack value.
    let ackHi = 0;
    let ackLo = 0;
    for (const word of splitWords(sentence)) {
      const hi = random32();
      const lo = random32();
      ackHi ^= hi;
      ackLo ^= lo;
      wordTuples++;
      // Count: fields grouping picks the task, counts, acks its input (its edge id goes into the tree).
      const task = counts[fieldsGroupingIndex([word], COUNT_TASKS)]!;
      task.set(word, (task.get(word) ?? 0) + 1);
      const tree = pending.get(msgId)!;
      tree.hi ^= hi;
      tree.lo ^= lo;
    }
    // Split acks its input: edge id XOR children, and the tree is complete.
    const tree = pending.get(msgId)!;
    tree.hi ^= rootHi ^ ackHi;
    tree.lo ^= rootLo ^ ackLo;
    if ((tree.hi | tree.lo) === 0) {
      pending.delete(msgId);
      latency.record(performance.now() - tree.startedAt);
      spoutPending.delete(tree.msgId);
      acked++;
    }
  }
  const seconds = (performance.now() - start) / 1000;
  if (acked !== sentences || pending.size !== 0 || spoutPending.size !== 0) {
    throw new Error(`ceiling acked ${acked} of ${sentences} (${pending.size} trees pending)`);
  }
  return { sentences, wordTuples, seconds, latency };
}
