import { Bolt, type Conf, type TopologyContext, type Tuple } from '@twinstorm/core';
import { Partitioners, type Message, type Producer } from 'kafkajs';
import { clientConfig, kafkajsClient, type KafkaClientFactory } from './client.ts';
import { describeConnection, readBoltSettings, type DefaultBrokers, type KafkaBoltSettings } from './conf.ts';
import { servicesKafkaBrokers } from './default-brokers.ts';
import { KafkaConnectorError, errorText } from './errors.ts';

/** `kafka.bolt.value.field` value meaning "the whole tuple, as a JSON object of its fields". */
export const WHOLE_TUPLE = '*';

interface Waiting {
  readonly tuple: Tuple;
  readonly message: Message;
}

/**
 * Produces each tuple to `kafka.bolt.topic` and acks it only after the broker acknowledged the write (with
 * `kafka.bolt.acks`, default all in-sync replicas); a refused or unacknowledged write fails the tuple, so the spout
 * replays it. The key is the `kafka.bolt.key.field` field (default `key`, absent: no key); the value the
 * `kafka.bolt.value.field` field (default `value`; `*` or a field the stream lacks: the whole tuple as a JSON object), strings sent as they
 * are, anything else as JSON. Tuples arriving together go out in one request.
 */
export class KafkaBolt extends Bolt {
  /** The client factory; a subclass may set another KafkaJS-compatible client (see README). */
  static kafka: KafkaClientFactory = kafkajsClient;
  /** Where brokers come from when `kafka.brokers` is unset: the running `twinstorm services`. */
  static defaultBrokers: DefaultBrokers = servicesKafkaBrokers;

  /** Build-time check of the kafka.* keys. */
  static checkConf(conf: Conf): void {
    readBoltSettings(conf, {}, this.defaultBrokers, false);
  }

  #settings!: KafkaBoltSettings;
  #producer: Producer | undefined;
  #waiting: Waiting[] = [];
  #site: { component: string; task: number } = { component: '', task: 0 };

  override async prepare(conf: Conf, context: TopologyContext): Promise<void> {
    const ctor = this.constructor as typeof KafkaBolt;
    this.#site = { component: context.componentId, task: context.taskId };
    this.#settings = readBoltSettings(conf, this.#site, ctor.defaultBrokers, true);
    const kafka = ctor.kafka(clientConfig(this.#settings, (message, level) => this.log(message, level)));
    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, allowAutoTopicCreation: true });
    try {
      await producer.connect();
    } catch (error) {
      await producer.disconnect().catch(() => undefined);
      throw new KafkaConnectorError(
        'E_KAFKA_CONNECT',
        `cannot write to Kafka at ${describeConnection(this.#settings)} (${errorText(error)}); check kafka.brokers and that the broker is up`,
        this.#site,
        { cause: error },
      );
    }
    this.#producer = producer;
  }

  override execute(tuple: Tuple): void {
    if (tuple.isTick()) {
      this.ack(tuple);
      return;
    }
    this.#waiting.push({ tuple, message: this.#message(tuple) });
    // Everything that arrives before the next turn of the event loop goes out in one produce request.
    if (this.#waiting.length === 1) setImmediate(() => void this.#flush());
  }

  override async cleanup(): Promise<void> {
    await this.#flush();
    await this.#producer?.disconnect();
  }

  #message(tuple: Tuple): Message {
    const { keyField, valueField } = this.#settings;
    const key = tuple.contains(keyField) ? tuple.get(keyField) : null;
    const value =
      valueField !== WHOLE_TUPLE && tuple.contains(valueField)
        ? tuple.get(valueField)
        : Object.fromEntries(tuple.fields.map((f, i) => [f, tuple.getValue(i)]));
    return { key: key === null || key === undefined ? null : text(key), value: text(value) };
  }

  async #flush(): Promise<void> {
    const batch = this.#waiting;
    if (batch.length === 0 || this.#producer === undefined) return;
    this.#waiting = [];
    try {
      await this.#producer.send({ topic: this.#settings.topic, acks: this.#settings.acks, messages: batch.map((w) => w.message) });
      for (const w of batch) this.ack(w.tuple);
    } catch (error) {
      this.reportError(
        new KafkaConnectorError(
          'E_KAFKA_PRODUCE',
          `producing ${batch.length} tuple(s) to topic "${this.#settings.topic}" failed: ${errorText(error)}`,
          this.#site,
          {
            cause: error,
          },
        ),
      );
      for (const w of batch) this.fail(w.tuple);
    }
  }
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}
