// Conformance topology "connectors": the connector packages against the real servers, the same module on every runtime.
//   kafka (KafkaSpout, 2 tasks, JSON records {n, fail} of conf kafka.topic)  --\
//                                                                               > flaky (fields on key) -> store (PostgresSink)
//   redis (RedisStreamSpout, 2 tasks, JSON entries {n, fail} of redis.stream) --/
// flaky fails the first delivery of every record whose `fail` is 1 (Kafka retries it after a back-off; Redis leaves the
// entry pending until XAUTOCLAIM reclaims it) and reports each delivery; store upserts one row per record, keyed by
// where it came from. Each spout reports every ack together with whether the record's row was visible to another
// PostgreSQL connection at that moment: a sink that acked before COMMIT would show up as an invisible row.
import { Bolt, TopologyBuilder, type Conf, type Spout, type TopologyContext, type Tuple } from '@twinstorm/core';
import { KafkaSpout } from '@twinstorm/kafka';
import { PostgresSink } from '@twinstorm/postgres';
import { RedisStreamSpout } from '@twinstorm/redis';
import { connectProbe, type Probe } from '@twinstorm/testkit';
import pg from 'pg';

/** The conf key naming the table the sink writes (created by the test with the columns below). */
export const TABLE_KEY = 'conformance.connectors.table';
/** The table's columns: `row_key text PRIMARY KEY, source text, n integer, deliveries integer, payload jsonb`. */
export const TABLE_COLUMNS =
  'row_key text PRIMARY KEY, source text NOT NULL, n integer NOT NULL, deliveries integer NOT NULL, payload jsonb';

/** One record of either source, as the test writes it. */
export interface SourceRecord {
  n: number;
  /** 1: the first delivery fails. */
  fail: number;
}

/** The row key of a Kafka record (its msgId's partition and offset). */
export const kafkaKey = (partition: number, offset: number | string): string => `kafka/${partition}/${String(offset)}`;
/** The row key of a Redis stream entry (its id). */
export const redisKey = (id: string): string => `redis/${id}`;

/** Asks PostgreSQL, on a connection of its own, whether a row is there; reports each ack with the answer. */
class AckVisibility {
  readonly #client: pg.Client;
  readonly #table: string;
  private constructor(
    conf: Conf,
    private readonly probe: Probe | null,
  ) {
    this.#client = new pg.Client({ connectionString: conf['postgres.url'] as string, application_name: 'conformance ack check' });
    this.#client.on('error', () => undefined);
    this.#table = conf[TABLE_KEY] as string;
  }
  /** The spout's probe and a connected client, before the spout itself opens. */
  static async open(spout: Spout, conf: Conf): Promise<AckVisibility> {
    const visibility = new AckVisibility(conf, await connectProbe(spout));
    await visibility.#client.connect();
    return visibility;
  }
  /** Called after the spout's own ack: the query starts after the ack arrived, so a committed row is visible to it. */
  check(key: string): void {
    void this.#client.query(`SELECT 1 FROM ${this.#table} WHERE row_key = $1`, [key]).then(
      (r) => this.probe?.observe('ack', { key, visible: r.rowCount === 1 }),
      (error: unknown) => this.probe?.observe('ack', { key, visible: false, error: String(error) }),
    );
  }
  async close(): Promise<void> {
    await this.#client.end().catch(() => undefined);
    this.probe?.release();
  }
}

/** A connector spout that reports each ack and whether its row was committed by then (`keyOf`: the msgId's row). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- TypeScript's mixin rule asks for exactly any[]
function observed<T extends new (...args: any[]) => Spout & { nextTuple(): void }>(Base: T, keyOf: (msgId: unknown) => string): T {
  return class extends Base {
    #visibility: AckVisibility | undefined;
    override async open(conf: Conf, context: TopologyContext): Promise<void> {
      this.#visibility = await AckVisibility.open(this, conf);
      await super.open(conf, context);
    }
    override ack(msgId: unknown): void {
      super.ack(msgId);
      this.#visibility?.check(keyOf(msgId));
    }
    override async close(): Promise<void> {
      await super.close();
      await this.#visibility?.close();
    }
  };
}

/** KafkaSpout reporting each ack (its row: the msgId's partition and offset). */
export const ObservedKafkaSpout = observed(KafkaSpout, (msgId) => {
  const id = msgId as { partition: number; offset: number };
  return kafkaKey(id.partition, id.offset);
});
/** RedisStreamSpout reporting each ack (its row: the entry id). */
export const ObservedRedisSpout = observed(RedisStreamSpout, (msgId) => redisKey(String(msgId)));

/** Turns either source's tuple into a row; fails the first delivery of records marked `fail` (counted per task). */
export class Flaky extends Bolt {
  static outputFields = ['row_key', 'source', 'n', 'deliveries', 'payload'];
  readonly #deliveries = new Map<string, number>();
  #probe: Probe | null = null;
  override async prepare(): Promise<void> {
    this.#probe = await connectProbe(this);
  }
  execute(t: Tuple): void {
    const fromKafka = t.sourceComponent === 'kafka';
    const key = fromKafka ? kafkaKey(t.getNumber('partition'), t.get<number | string>('offset')) : redisKey(t.getString('id'));
    const record = t.get<SourceRecord>('value');
    const deliveries = (this.#deliveries.get(key) ?? 0) + 1;
    this.#deliveries.set(key, deliveries);
    this.#probe?.observe('delivery', { key, n: record.n, source: fromKafka ? 'kafka' : 'redis', deliveries });
    if (record.fail === 1 && deliveries === 1) {
      this.fail(t);
      return;
    }
    this.emit([key, fromKafka ? 'kafka' : 'redis', record.n, deliveries, record], { anchors: [t] });
    this.ack(t);
  }
  override cleanup(): void {
    this.#probe?.release();
  }
}

const b = new TopologyBuilder();
b.setSpout('kafka', ObservedKafkaSpout, 2).addConfigurations({ 'kafka.value.format': 'json' });
b.setSpout('redis', ObservedRedisSpout, 2).addConfigurations({ 'redis.value.format': 'json' });
b.setBolt('flaky', Flaky, 2).fieldsGrouping('kafka', ['partition', 'offset']).fieldsGrouping('redis', ['id']);
b.setBolt('store', PostgresSink, 2).fieldsGrouping('flaky', ['row_key']);
export default b.createTopology('conformance-connectors', {
  'topology.message.timeout.secs': 5,
  'kafka.spout.retry.initial.ms': 50,
  'kafka.spout.retry.max.ms': 500,
  'kafka.spout.commit.period.ms': 300,
  // Reclaim a failed entry once it is idle for the message timeout (the least the spout accepts).
  'redis.spout.claim.idle.ms': 5000,
  'redis.spout.claim.interval.ms': 500,
  'twinstorm.batch.max.tuples': 50,
});
