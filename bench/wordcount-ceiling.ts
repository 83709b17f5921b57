// Word count with acking, measured side by side in one process: `ceiling` does the same work as plain
// function calls (split, fields-hash pick of a count task, Map count, XOR ack bookkeeping per tuple, spout
// ack) with no engine; `local-1` runs examples/wordcount on the local engine in this thread. The ratio is
// what the engine costs. Usage: node --import tsx bench/wordcount-ceiling.ts [sentences] [rounds]
import { fieldsGroupingIndex } from '@twinstorm/core';
import { runLocal } from '@twinstorm/local';
import { CORPUS } from '../examples/wordcount/corpus.ts';
import { buildWordCount } from '../examples/wordcount/topology.ts';
import { splitWords } from '../examples/wordcount/words.ts';

const sentences = Number(process.argv[2] ?? 500_000);
const rounds = Number(process.argv[3] ?? 3);
const COUNT_TASKS = 2;

interface Figures {
  sentencesPerSec: number;
  tuplesPerSec: number;
}

/** The hand-written pipeline: what the engine does for word count, minus the engine. */
function ceiling(): Figures {
  let seed = 0x9e3779b9;
  const random32 = (): number => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return seed | 0;
  };
  const pending = new Map<number, { hi: number; lo: number; msgId: number }>();
  // The spout's own bookkeeping, as examples/wordcount's SentenceSpout keeps it (msgId -> sentence until acked).
  const spoutPending = new Map<number, string>();
  const counts = Array.from({ length: COUNT_TASKS }, () => new Map<string, number>());
  let acked = 0;
  let wordTuples = 0;
  const start = performance.now();
  for (let msgId = 0; msgId < sentences; msgId++) {
    const sentence = CORPUS[msgId % CORPUS.length]!;
    spoutPending.set(msgId, sentence);
    // Spout emit: one copy, one edge id, the tree starts with its XOR.
    const rootHi = random32();
    const rootLo = random32();
    pending.set(msgId, { hi: rootHi, lo: rootLo, msgId });
    // Split: one anchored child per word; each child's edge id goes into the input's ack value.
    let ackHi = 0;
    let ackLo = 0;
    for (const word of splitWords(sentence)) {
      const hi = random32();
      const lo = random32();
      ackHi ^= hi;
      ackLo ^= lo;
      wordTuples++;
      // Count: fields grouping picks the task, counts, emits [word, count] (no subscriber), acks its input.
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
      spoutPending.delete(msgId);
      acked++;
    }
  }
  const secs = (performance.now() - start) / 1000;
  if (acked !== sentences) throw new Error(`ceiling acked ${acked} of ${sentences}`);
  return { sentencesPerSec: sentences / secs, tuplesPerSec: (sentences + wordTuples * 2) / secs };
}

/** The same workload on the local engine, one thread. */
async function local1(): Promise<Figures> {
  const run = runLocal(buildWordCount(), { maxTuples: sentences });
  const summary = await run.finished;
  if (summary.spoutTuples.acked !== sentences) throw new Error(`local-1 acked ${summary.spoutTuples.acked} of ${sentences}`);
  const secs = summary.durationMs / 1000;
  return { sentencesPerSec: sentences / secs, tuplesPerSec: summary.throughput.tuplesPerSec };
}

const best = { ceiling: { sentencesPerSec: 0, tuplesPerSec: 0 }, 'local-1': { sentencesPerSec: 0, tuplesPerSec: 0 } };
for (let r = 0; r < rounds; r++) {
  const c = ceiling();
  const l = await local1();
  if (c.sentencesPerSec > best.ceiling.sentencesPerSec) best.ceiling = c;
  if (l.sentencesPerSec > best['local-1'].sentencesPerSec) best['local-1'] = l;
  console.log(
    `round ${r + 1}: ceiling ${fmt(c.sentencesPerSec)} sentences/s, local-1 ${fmt(l.sentencesPerSec)} sentences/s (${fmt(l.tuplesPerSec)} tuples/s)`,
  );
}
const ratio = best['local-1'].sentencesPerSec / best.ceiling.sentencesPerSec;
console.log(`\nword count with acking, ${sentences} sentences, best of ${rounds}:`);
console.table(
  Object.fromEntries(
    Object.entries(best).map(([k, v]) => [k, { 'sentences/s': Math.round(v.sentencesPerSec), 'tuples/s': Math.round(v.tuplesPerSec) }]),
  ),
);
console.log(`local-1 / ceiling = ${ratio.toFixed(2)} (goal >= 0.50)`);

function fmt(x: number): string {
  return Math.round(x).toLocaleString('en-US');
}
