import { Spout, type Conf, type TopologyContext } from '@twinstorm/core';
import type { Admin, Consumer, EachBatchPayload } from 'kafkajs';
import { clientConfig, kafkajsClient, type KafkaClientFactory } from './client.ts';
import { describeConnection, readSpoutSettings, type DefaultBrokers, type KafkaSpoutSettings } from './conf.ts';
import { servicesKafkaBrokers } from './default-brokers.ts';
import { KafkaConnectorError, errorText } from './errors.ts';
import { SpoutLedger, type Emission, type KafkaMsgId } from './ledger.ts';

/** The stream failed-for-good and undecodable records go to (declared, so a bolt can route them to a topic or a table). */
export const DEAD_LETTER_STREAM = 'dead-letter';

/** The fields of the default stream, as storm-kafka-client's default record translator. */
export const KAFKA_FIELDS = ['topic', 'partition', 'offset', 'key', 'value'] as const;

/** How often, at most, a caught-up task asks the broker whether its group has lag left (for `--until-idle`). */
const LAG_CHECK_MS = 500;

/**
 * Reads Kafka with storm-kafka-client's at-least-once semantics: one consumer per task in the group
 * `kafka.group.id`, offsets committed only up to the contiguous acked prefix of each partition (every
 * `kafka.spout.commit.period.ms`, on deactivate, on rebalance and on close), failed tuples retried with
 * exponential back-off and, after `kafka.spout.max.tries`, sent to the `dead-letter` stream and committed once that
 * tuple is acked. kafkajs pushes records asynchronously: they wait in a buffer nextTuple emits from, and a partition
 * is paused while the buffer is full or it has `kafka.spout.max.uncommitted.offsets` records not committable.
 */
export class KafkaSpout extends Spout {
  static readonly outputs = {
    default: [...KAFKA_FIELDS],
    [DEAD_LETTER_STREAM]: [...KAFKA_FIELDS, 'reason', 'tries'],
  };

  /** The client factory; a subclass may set another KafkaJS-compatible client (see README). */
  static kafka: KafkaClientFactory = kafkajsClient;

  /** Where brokers come from when `kafka.brokers` is unset: the running `twinstorm services`. */
  static defaultBrokers: DefaultBrokers = servicesKafkaBrokers;

  /** Build-time check of the kafka.* keys (brokers may still come from --conf or `twinstorm services` at open). */
  static checkConf(conf: Conf): void {
    readSpoutSettings(conf, {}, this.defaultBrokers, false);
  }

  #settings!: KafkaSpoutSettings;
  #ledger!: SpoutLedger;
  #consumer: Consumer | undefined;
  #admin: Admin | undefined;
  #groupId = '';
  #assigned = new Map<string, number[]>();
  #joined = false;
  readonly #paused = new Set<string>();
  #commitTimer: ReturnType<typeof setInterval> | undefined;
  #committing: Promise<void> | undefined;
  /** Bumped by every fetched batch, so a lag check that started before one does not count. */
  #fetches = 0;
  #caughtUp = false;
  #lagCheck: Promise<void> | undefined;
  #lagCheckedAt = 0;
  #closed = false;

  override async open(conf: Conf, context: TopologyContext): Promise<void> {
    const ctor = this.constructor as typeof KafkaSpout;
    const site = { component: context.componentId, task: context.taskId };
    this.#settings = readSpoutSettings(conf, site, ctor.defaultBrokers, true);
    const s = this.#settings;
    this.#ledger = new SpoutLedger({ maxTries: s.maxTries, initialMs: s.retryInitialMs, maxMs: s.retryMaxMs });
    this.#groupId = s.groupId ?? `twinstorm-${context.topologyName}-${context.componentId}`;
    const kafka = ctor.kafka(clientConfig(s, (message, level) => this.log(message, level)));
    const consumer = kafka.consumer({ groupId: this.#groupId, sessionTimeout: s.sessionTimeoutMs, retry: { retries: s.retries } });
    this.#consumer = consumer;
    this.#admin = kafka.admin();
    consumer.on(consumer.events.GROUP_JOIN, (event) => this.#onJoin(event.payload.memberAssignment));
    consumer.on(consumer.events.REBALANCING, () => void this.#commit());
    consumer.on(consumer.events.CRASH, (event) => {
      const { error, restart } = event.payload;
      const what = restart ? 'restarting the consumer' : 'the consumer stopped';
      this.reportError(new KafkaConnectorError('E_KAFKA_CONSUMER', `${what} after: ${errorText(error)}`, site));
    });
    try {
      await consumer.connect();
      await this.#admin.connect();
      for (const topic of s.topics) await consumer.subscribe({ topic, fromBeginning: s.firstOffset === 'earliest' });
    } catch (error) {
      await this.#disconnect();
      throw new KafkaConnectorError(
        'E_KAFKA_CONNECT',
        `cannot read from Kafka at ${describeConnection(s)} (${errorText(error)}); check kafka.brokers and that the broker is up`,
        site,
        { cause: error },
      );
    }
    await consumer.run({ autoCommit: false, eachBatchAutoResolve: true, eachBatch: (payload) => this.#onBatch(payload) });
    this.#commitTimer = setInterval(() => void this.#commit(), s.commitPeriodMs);
    this.#commitTimer.unref();
  }

  override nextTuple(): void {
    if (this.#paused.size > 0) this.#resumeWhereRoom();
    const emission = this.#ledger.next(Date.now());
    if (emission !== undefined) this.#emit(emission);
  }

  override ack(msgId: unknown): void {
    this.#ledger.ack(msgId as KafkaMsgId);
  }

  override fail(msgId: unknown): void {
    this.#ledger.fail(msgId as KafkaMsgId, Date.now());
  }

  /** True until the group has joined, while records are held, a commit is due, or the group's lag is not known to be 0. */
  override mayStillEmit(): boolean {
    if (!this.#joined || this.#ledger.holding > 0) return true;
    if (this.#committing !== undefined || this.#ledger.commitPoints().length > 0) {
      void this.#commit();
      return true;
    }
    if (this.#caughtUp) return false;
    if (this.#lagCheck === undefined && Date.now() - this.#lagCheckedAt >= LAG_CHECK_MS) this.#lagCheck = this.#checkLag();
    return true;
  }

  override async deactivate(): Promise<void> {
    await this.#commit();
  }

  override async close(): Promise<void> {
    this.#closed = true;
    clearInterval(this.#commitTimer);
    await this.#commit();
    await this.#disconnect();
  }

  #emit(e: Emission): void {
    const { record, msgId } = e;
    let value: unknown = record.value;
    let deadReason = e.deadReason;
    if (deadReason === undefined && this.#settings.valueFormat === 'json' && record.value !== null) {
      try {
        value = JSON.parse(record.value);
      } catch (error) {
        deadReason = `value is not valid JSON (kafka.value.format "json"): ${error instanceof Error ? error.message : String(error)}`;
        this.#ledger.deadOnArrival(msgId, deadReason);
      }
    }
    if (deadReason === undefined) {
      this.emit([record.topic, record.partition, record.offset, record.key, value], { msgId });
    } else {
      this.emit([record.topic, record.partition, record.offset, record.key, record.value, deadReason, e.failures], {
        stream: DEAD_LETTER_STREAM,
        msgId,
      });
    }
  }

  #onJoin(assignment: Record<string, number[]>): void {
    // kafkajs restarts every assigned partition from its committed offset after a rebalance: what was held is refetched
    // (or now belongs to another task), so it is dropped, and a late ack or fail for it is ignored.
    this.#ledger.reset();
    this.#assigned = new Map(Object.entries(assignment));
    this.#joined = true;
    this.#caughtUp = false;
    if (this.#paused.size > 0) {
      this.#paused.clear();
      this.#consumer?.resume([...this.#assigned].map(([topic, partitions]) => ({ topic, partitions })));
    }
  }

  #onBatch(payload: EachBatchPayload): Promise<void> {
    const { batch } = payload;
    if (payload.isStale() || this.#closed) return Promise.resolve();
    const { topic, partition } = batch;
    for (const m of batch.messages) {
      this.#ledger.fetched({
        topic,
        partition,
        offset: Number(m.offset),
        key: m.key === null ? null : m.key.toString('utf8'),
        value: m.value === null ? null : m.value.toString('utf8'),
      });
    }
    this.#fetches++;
    this.#caughtUp = false;
    if (this.#mustPause(topic, partition)) {
      this.#paused.add(`${topic}/${partition}`);
      this.#consumer?.pause([{ topic, partitions: [partition] }]);
    }
    return Promise.resolve();
  }

  #mustPause(topic: string, partition: number): boolean {
    const s = this.#settings;
    return this.#ledger.buffered >= s.bufferRecords || this.#ledger.uncommitted(topic, partition) >= s.maxUncommittedOffsets;
  }

  /** Resumes paused partitions once the buffer has drained to half and they are below their uncommitted bound. */
  #resumeWhereRoom(): void {
    if (this.#ledger.buffered * 2 > this.#settings.bufferRecords) return;
    for (const key of this.#paused) {
      const slash = key.lastIndexOf('/');
      const topic = key.slice(0, slash);
      const partition = Number(key.slice(slash + 1));
      if (this.#ledger.uncommitted(topic, partition) >= this.#settings.maxUncommittedOffsets) continue;
      this.#paused.delete(key);
      this.#consumer?.resume([{ topic, partitions: [partition] }]);
    }
  }

  /** Commits every partition's acked prefix; one commit at a time (a call during one waits for it, then commits again). */
  #commit(): Promise<void> {
    const running = this.#committing;
    if (running !== undefined) return running.then(() => this.#commit());
    const points = this.#ledger.commitPoints();
    if (points.length === 0 || this.#consumer === undefined) return Promise.resolve();
    const consumer = this.#consumer;
    const done = consumer
      .commitOffsets(points.map((p) => ({ topic: p.topic, partition: p.partition, offset: String(p.offset) })))
      .then(
        () => this.#ledger.committed(points),
        (error: unknown) => {
          // A rebalance or a coordinator move: the acked prefix is committed by the next commit (or refetched: at least once).
          this.log(`offset commit failed, retried at the next commit: ${errorText(error)}`, 'warn');
        },
      )
      .finally(() => {
        this.#committing = undefined;
      });
    this.#committing = done;
    return done;
  }

  /** Asks the broker for the group's committed offsets and the partitions' ends; caught up when they meet everywhere. */
  async #checkLag(): Promise<void> {
    const admin = this.#admin;
    const fetchesBefore = this.#fetches;
    try {
      if (admin === undefined) return;
      let lag = 0;
      for (const [topic, partitions] of this.#assigned) {
        const ends = await admin.fetchTopicOffsets(topic);
        const [committed] = await admin.fetchOffsets({ groupId: this.#groupId, topics: [topic] });
        for (const partition of partitions) {
          const end = ends.find((e) => e.partition === partition);
          if (end === undefined) continue;
          const at = Number(committed?.partitions.find((p) => p.partition === partition)?.offset ?? -1);
          const start = at >= 0 ? at : this.#settings.firstOffset === 'earliest' ? Number(end.low) : Number(end.high);
          lag += Number(end.high) - start;
        }
      }
      if (lag === 0 && this.#fetches === fetchesBefore && this.#ledger.holding === 0) this.#caughtUp = true;
    } catch (error) {
      this.log(`lag check failed: ${errorText(error)}`, 'warn');
    } finally {
      this.#lagCheckedAt = Date.now();
      this.#lagCheck = undefined;
    }
  }

  async #disconnect(): Promise<void> {
    await Promise.allSettled([this.#consumer?.disconnect(), this.#admin?.disconnect()]);
  }
}
