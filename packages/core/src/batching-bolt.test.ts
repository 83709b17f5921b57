import { describe, expect, it } from 'vitest';
import { BatchingBolt, type Batch } from './batching-bolt.ts';
import { TopologyBuilder } from './builder.ts';
import { attachComponent, type RuntimePort } from './component.ts';
import type { Conf } from './conf.ts';
import type { TopologyContext } from './topology-context.ts';
import { TwinstormError } from './errors.ts';
import { Spout } from './spout.ts';
import { StreamSchema, SYSTEM_COMPONENT, TICK_STREAM } from './streams.ts';
import { Tuple } from './tuple.ts';

const INPUT = new StreamSchema('source', 'default', ['id', 'text']);
const TICK = new StreamSchema(SYSTEM_COMPONENT, TICK_STREAM, ['rate_secs']);

/** A write the test resolves or rejects by hand, so the order of writes, acks and fails is the test's to see. */
interface PendingWrite {
  readonly ids: readonly number[];
  resolve(): void;
  reject(error: Error): void;
}

class RecordingSink extends BatchingBolt<number> {
  readonly writes: PendingWrite[] = [];
  override toEntry(tuple: Tuple): number {
    return tuple.getNumber('id');
  }
  override writeBatch(batch: Batch<number>): Promise<void> {
    return new Promise((resolve, reject) => this.writes.push({ ids: batch.entries, resolve, reject }));
  }
}

/** The sink attached to a port that records acks, fails and errors. */
async function started(conf: Conf = {}): Promise<{ sink: RecordingSink; acked: number[]; failed: number[]; errors: unknown[] }> {
  const acked: number[] = [];
  const failed: number[] = [];
  const errors: unknown[] = [];
  const idOf = (t: Tuple): number => (t.isTick() ? -1 : t.getNumber('id'));
  const port: RuntimePort = {
    emit: () => undefined,
    emitWithTaskIds: () => Promise.resolve([]),
    emitDirect: () => undefined,
    ack: (t) => {
      if (!t.isTick()) acked.push(idOf(t));
    },
    fail: (t) => failed.push(idOf(t)),
    reportError: (e) => errors.push(e),
    log: () => undefined,
  };
  const context: TopologyContext = {
    topologyName: 't',
    componentId: 'sink',
    taskId: 3,
    taskIndex: 0,
    componentTasks: () => [3],
    componentFor: () => 'sink',
    outputFields: () => [],
  };
  const sink = new RecordingSink();
  attachComponent(sink, port, context, conf);
  await sink.prepare(conf, context);
  return { sink, acked, failed, errors };
}

const tuple = (id: number, text = 'x'): Tuple => new Tuple([id, text], INPUT, 1);
const tick = (): Tuple => new Tuple([1], TICK, -1);
const turn = (): Promise<void> => new Promise((r) => setImmediate(r));

describe('BatchingBolt', () => {
  it('writes a batch when it holds twinstorm.batch.max.tuples tuples and acks them only after the write resolved', async () => {
    const { sink, acked } = await started({ 'twinstorm.batch.max.tuples': 3 });
    for (const id of [1, 2]) await sink.execute(tuple(id));
    expect(sink.writes).toEqual([]);
    void sink.execute(tuple(3));
    expect(sink.writes.map((w) => w.ids)).toEqual([[1, 2, 3]]);
    await turn();
    expect(acked, 'acked before the write resolved').toEqual([]);
    sink.writes[0]!.resolve();
    await turn();
    expect(acked).toEqual([1, 2, 3]);
    expect(sink.batchStats).toEqual({ written: 1, failed: 0, tuplesAcked: 3, tuplesFailed: 0 });
  });

  it('fails every tuple of a batch whose write rejected, and reports the error with the component, task and size', async () => {
    const { sink, acked, failed, errors } = await started({ 'twinstorm.batch.max.tuples': 2 });
    void sink.execute(tuple(1));
    void sink.execute(tuple(2));
    sink.writes[0]!.reject(new Error('connection reset'));
    await turn();
    expect(failed).toEqual([1, 2]);
    expect(acked).toEqual([]);
    expect(errors).toHaveLength(1);
    const error = errors[0] as TwinstormError;
    expect(error.code).toBe('E_BATCH_WRITE');
    expect(error.message).toBe(
      'component "sink", task 3: writing a batch of 2 tuple(s) failed, so they were failed for replay: connection reset',
    );
  });

  it('writes a batch once its entries reach twinstorm.batch.max.bytes', async () => {
    // Each tuple's values [id, "xxxxxxxx"] are estimated at 8 + (8 + 2) + 2 separators + 2 brackets = 22 bytes.
    const { sink } = await started({ 'twinstorm.batch.max.tuples': 1000, 'twinstorm.batch.max.bytes': 60 });
    for (const id of [1, 2]) void sink.execute(tuple(id, 'xxxxxxxx'));
    expect(sink.writes).toEqual([]);
    void sink.execute(tuple(3, 'xxxxxxxx'));
    expect(sink.writes.map((w) => w.ids)).toEqual([[1, 2, 3]]);
  });

  it('writes what is buffered at a tick tuple, and a tick with nothing buffered writes nothing', async () => {
    const { sink, acked } = await started();
    void sink.execute(tick());
    expect(sink.writes).toEqual([]);
    void sink.execute(tuple(7));
    void sink.execute(tick());
    expect(sink.writes.map((w) => w.ids)).toEqual([[7]]);
    sink.writes[0]!.resolve();
    await turn();
    expect(acked).toEqual([7]);
  });

  it('runs one write at a time in order, and holds execute while a full batch waits behind the running write', async () => {
    const { sink, acked } = await started({ 'twinstorm.batch.max.tuples': 2 });
    void sink.execute(tuple(1));
    void sink.execute(tuple(2)); // batch [1,2] is written
    void sink.execute(tuple(3));
    void sink.execute(tuple(4)); // batch [3,4] waits for the first write
    expect(sink.writes.map((w) => w.ids)).toEqual([[1, 2]]);
    const held = sink.execute(tuple(5));
    expect(held, 'execute should wait while a full batch is queued').toBeInstanceOf(Promise);
    let added = false;
    void (held as Promise<void>).then(() => (added = true));
    await turn();
    expect(added).toBe(false);
    expect(sink.pendingTuples).toBe(2);
    sink.writes[0]!.resolve();
    await turn();
    expect(added).toBe(true);
    expect(sink.writes.map((w) => w.ids)).toEqual([
      [1, 2],
      [3, 4],
    ]);
    sink.writes[1]!.resolve();
    await turn();
    expect(acked).toEqual([1, 2, 3, 4]);
    expect(sink.pendingTuples).toBe(1);
  });

  it('cleanup writes the open batch before the subclass cleanup runs', async () => {
    const { sink, acked } = await started();
    void sink.execute(tuple(1));
    const done = sink.cleanup();
    await turn();
    expect(sink.writes.map((w) => w.ids)).toEqual([[1]]);
    sink.writes[0]!.resolve();
    await done;
    expect(acked).toEqual([1]);
  });

  it('a tuple toEntry throws on is refused alone (the runtime fails it), the batch goes on', async () => {
    const { sink } = await started({ 'twinstorm.batch.max.tuples': 2 });
    expect(() => sink.execute(new Tuple(['seven', 'x'], INPUT, 1))).toThrow(/field "id": expected a number, got string/);
    void sink.execute(tuple(1));
    void sink.execute(tuple(2));
    expect(sink.writes.map((w) => w.ids)).toEqual([[1, 2]]);
  });

  it('refuses bad batch keys at prepare, naming the key', async () => {
    await expect(started({ 'twinstorm.batch.max.tuples': 0 })).rejects.toThrow(
      'component "sink", task 3: conf "twinstorm.batch.max.tuples" must be an integer >= 1, got 0',
    );
  });
});

class Numbers extends Spout {
  static outputFields = ['id', 'text'];
  nextTuple(): void {}
}

describe('BatchingBolt in a topology', () => {
  it('asks for a tick every second unless the topology or the component sets one', () => {
    const build = (topologyConf: Conf, componentConf: Conf): Conf => {
      const builder = new TopologyBuilder();
      builder.setSpout('numbers', Numbers);
      builder.setBolt('sink', RecordingSink).shuffleGrouping('numbers').addConfigurations(componentConf);
      return builder.createTopology('t', topologyConf).component('sink').conf;
    };
    expect(build({}, {})).toEqual({ 'topology.tick.tuple.freq.secs': 1 });
    expect(build({ 'topology.tick.tuple.freq.secs': 5 }, {})).toEqual({});
    expect(build({}, { 'topology.tick.tuple.freq.secs': 3 })).toEqual({ 'topology.tick.tuple.freq.secs': 3 });
  });

  it('refuses at build time a tick period that is not below the message timeout, naming the keys', () => {
    const builder = new TopologyBuilder();
    builder.setSpout('numbers', Numbers);
    builder.setBolt('sink', RecordingSink).shuffleGrouping('numbers').addConfiguration('topology.tick.tuple.freq.secs', 30);
    expect(() => builder.createTopology('t')).toThrow(
      'component "sink": conf "topology.tick.tuple.freq.secs" must be below "topology.message.timeout.secs" (30) for a batching bolt',
    );
  });
});
