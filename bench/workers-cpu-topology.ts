// The CPU-bound topology of bench/workers.ts: a reliable spout of numbered tuples, a bolt that spends about
// `workers.bench.work.us` µs (default 20) of pure CPU per tuple (4 tasks, no placement declaration), and a sink; acking on. Loaded from this module by each
// worker thread, as any topology run with --workers.
import { BasicBolt, Spout, TopologyBuilder, confNumber, type Conf, type TopologyContext, type Tuple } from '@twinstorm/core';

/** Conf key: microseconds of CPU work per tuple in the work bolt (calibrated in each task)... */
export const WORK_US_CONF = 'workers.bench.work.us';
/** ...or rounds of the work loop per tuple, calibrated once by the benchmark so every configuration does the same work. */
export const WORK_ROUNDS_CONF = 'workers.bench.work.rounds';

/** Emits [n] with msgId n forever (the run's maxTuples ends it); failed ids are replayed. */
export class CountingSpout extends Spout {
  static outputFields = ['n'];
  private next = 0;
  private step = 1;
  private readonly replay: number[] = [];

  override open(_conf: Conf, context: TopologyContext): void {
    this.next = context.taskIndex;
    this.step = context.componentTasks(context.componentId).length;
  }

  nextTuple(): void {
    const n = this.replay.shift() ?? this.next;
    if (n === this.next) this.next += this.step;
    this.emit([n], { msgId: n });
  }

  override fail(msgId: unknown): void {
    this.replay.push(msgId as number);
  }
}

/** Burns about `workers.bench.work.us` µs of CPU per tuple (a hash loop), then passes n on. */
export class WorkBolt extends BasicBolt {
  static outputFields = ['n', 'h'];
  private rounds = 1000;

  override prepare(conf: Conf): void {
    const rounds = confNumber(conf, WORK_ROUNDS_CONF);
    this.rounds = rounds ?? Math.max(1, Math.round((confNumber(conf, WORK_US_CONF) ?? 20) / spinRoundUs()));
  }

  execute(t: Tuple): void {
    const n = t.getNumber('n');
    this.emit([n, spin(this.rounds, n)]);
  }
}

/** Acks what it gets. */
export class SinkBolt extends BasicBolt {
  execute(): void {}
}

/**
 * µs per round of spin, measured once the loop is compiled: the fastest of many short probes (on a shared machine a
 * short probe is likelier to run undisturbed; a few long ones all came out 3x slow under a load average of 30).
 */
export function spinRoundUs(): number {
  const probe = 10_000;
  for (let i = 0; i < 50; i++) spin(probe, i);
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 400; i++) {
    const t0 = performance.now();
    spin(probe, i);
    best = Math.min(best, (performance.now() - t0) * 1000);
  }
  return best / probe;
}

function spin(rounds: number, seed: number): number {
  let h = seed | 0;
  for (let i = 0; i < rounds; i++) h = (Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) + i) | 0;
  return h;
}

/**
 * The wiring: 1 spout task, `work` work tasks, 1 sink task (shuffle). Nothing declares a CPU load: with --workers 2 the
 * engine measures the work tasks and moves some to the second thread (adaptive placement), as a user's topology would.
 * `fields`: the work bolt is fields-grouped on n instead of shuffled.
 */
export function cpuTopologyBuilder(work = 4, fields = false): TopologyBuilder {
  const b = new TopologyBuilder();
  b.setSpout('numbers', CountingSpout, 1);
  const w = b.setBolt('work', WorkBolt, work);
  if (fields) w.fieldsGrouping('numbers', ['n']);
  else w.shuffleGrouping('numbers');
  b.setBolt('sink', SinkBolt, 1).shuffleGrouping('work');
  return b;
}

const CONF = { 'topology.max.spout.pending': 1000 };
export default cpuTopologyBuilder().createTopology('cpu-bound', CONF);
/** The fields-grouped variant. */
export const fields = cpuTopologyBuilder(4, true).createTopology('cpu-bound-fields', CONF);
