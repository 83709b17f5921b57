// Runs many reliable spout tuples through a split -> fields-grouped count pipeline and prints RSS and heap
// at 10 %, 50 % and 100 % of the run: tracking must cost constant memory per pending tree, so the figures
// must stay flat however many tuples pass. Usage: node --import tsx bench/memory-flat.ts [tuples] [maxPending]
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { BasicBolt, Bolt, Spout, TopologyBuilder, type Tuple } from '@twinstorm/core';
import { runLocal } from '@twinstorm/local';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const total = Number(process.argv[2] ?? 2_000_000);
const maxPending = Number(process.argv[3] ?? 1000);
const WORDS = 'storm twin local engine acks every tuple tree in constant memory per pending spout tuple'.split(' ');

/** Emits `total` sentences, each with a msgId. */
class SentenceSpout extends Spout {
  static readonly outputFields = ['sentence'];
  #next = 0;
  override nextTuple(): void {
    const i = this.#next++;
    this.emit([`${WORDS[i % WORDS.length]} ${WORDS[(i * 7) % WORDS.length]} ${WORDS[(i * 13) % WORDS.length]} w${i % 1000}`], { msgId: i });
  }
}

/** Splits sentences into words (auto-anchored). */
class SplitBolt extends BasicBolt {
  static readonly outputFields = ['word'];
  override execute(t: Tuple): void {
    for (const w of t.getString('sentence').split(' ')) this.emit([w]);
  }
}

/** Counts words; state is bounded by the vocabulary, not by the number of tuples. */
class CountBolt extends Bolt {
  static readonly outputFields = ['word', 'count'];
  readonly #counts = new Map<string, number>();
  override execute(t: Tuple): void {
    const w = t.getString('word');
    const c = (this.#counts.get(w) ?? 0) + 1;
    this.#counts.set(w, c);
    this.ack(t);
  }
}

const b = new TopologyBuilder();
b.setSpout('sentences', SentenceSpout);
b.setBolt('split', SplitBolt, 2).shuffleGrouping('sentences');
b.setBolt('count', CountBolt, 2).fieldsGrouping('split', ['word']);
const run = runLocal(b.createTopology('memory-flat', { 'topology.max.spout.pending': maxPending }), { maxTuples: total });

const marks = [0.1, 0.25, 0.5, 0.75, 1.0];
const rows: Array<{ at: string; acked: number; rssMb: number; heapMb: number }> = [];
const measure = (at: string): void => {
  gc();
  const m = process.memoryUsage();
  rows.push({ at, acked: run.snapshot().spoutTuples.acked, rssMb: round(m.rss / 2 ** 20), heapMb: round(m.heapUsed / 2 ** 20) });
};
const timer = setInterval(() => {
  const acked = run.snapshot().spoutTuples.acked;
  while (marks.length > 1 && acked >= marks[0]! * total) measure(`${marks.shift()! * 100}%`);
}, 50);
const summary = await run.finished;
clearInterval(timer);
measure('100%');
console.log(
  `memory-flat: ${total} spout tuples, max spout pending ${maxPending}, ${summary.durationMs} ms, ${summary.throughput.tuplesPerSec} tuples/s`,
);
console.table(rows);
const first = rows[0]!;
const last = rows[rows.length - 1]!;
console.log(
  `RSS at 10%: ${first.rssMb} MB, at 100%: ${last.rssMb} MB (ratio ${round(last.rssMb / first.rssMb)}); heap after GC ${first.heapMb} -> ${last.heapMb} MB`,
);

function round(x: number): number {
  return Math.round(x * 10) / 10;
}
