import { Spout, type Conf, type TopologyContext } from '@twinstorm/core';
import { attachComponent, componentPort, type RuntimePort } from '@twinstorm/core/runtime';
import { DEAD_LETTER_STREAM, KafkaSpout, type KafkaMsgId } from '@twinstorm/kafka';
import { BadEventError, eventFromRecord } from './event-record.ts';
import { eventValues } from './fields.ts';
import { eventsTopic } from './services.ts';

/** What ActivitySpout asks of where its events come from: the generator or a Kafka topic. */
export interface EventSource {
  open(conf: Conf, context: TopologyContext): void | Promise<void>;
  nextTuple(): void | Promise<void>;
  ack(msgId: unknown): void;
  fail(msgId: unknown): void;
  mayStillEmit(): boolean;
  activate(): void | Promise<void>;
  deactivate(): void | Promise<void>;
  close(): void | Promise<void>;
}

/**
 * Events from a Kafka topic (load.ts fills it, keyed by user, so each user's events stay in order in one partition),
 * read by a KafkaSpout with its at-least-once semantics: the KafkaSpout runs inside ActivitySpout's task, and each
 * record it emits is turned into the event's fields before it leaves (msgId topic/partition/offset, kept). A record
 * that is not an event (not JSON, a field missing or wrong) goes to the dead-letter stream with the reason, and is
 * committed once that tuple is acked; nothing else is held back by it.
 */
export class KafkaEvents implements EventSource {
  readonly #consumer = new KafkaSpout();

  constructor(private readonly owner: Spout) {}

  async open(conf: Conf, context: TopologyContext): Promise<void> {
    const kafkaConf: Conf = { ...conf, 'kafka.topic': eventsTopic(conf), 'kafka.value.format': 'json' };
    attachComponent(this.#consumer, translatingPort(componentPort(this.owner), context), context, kafkaConf);
    await this.#consumer.open(kafkaConf, context);
  }

  nextTuple(): void {
    this.#consumer.nextTuple();
  }

  ack(msgId: unknown): void {
    this.#consumer.ack(msgId);
  }

  fail(msgId: unknown): void {
    this.#consumer.fail(msgId);
  }

  mayStillEmit(): boolean {
    return this.#consumer.mayStillEmit();
  }

  activate(): void | Promise<void> {
    return this.#consumer.activate();
  }

  deactivate(): void | Promise<void> {
    return this.#consumer.deactivate();
  }

  close(): void | Promise<void> {
    return this.#consumer.close();
  }
}

/** The owner's port, with KafkaSpout's [topic, partition, offset, key, value] tuples turned into events. */
function translatingPort(port: RuntimePort, context: TopologyContext): RuntimePort {
  const where = `${context.componentId} task ${context.taskId}`;
  const deadLetter = (record: readonly unknown[], msgId: unknown, reason: string): void => {
    const id = msgId as KafkaMsgId;
    port.log(`${where}: record ${id.topic}/${id.partition}@${id.offset} sent to the dead-letter stream: ${reason}`, 'warn');
    const [topic, partition, offset, key, value] = record;
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    port.emit(DEAD_LETTER_STREAM, [topic, partition, offset, key, text, reason, 0], undefined, msgId);
  };
  return {
    emit(stream, values, anchors, msgId) {
      if (stream === DEAD_LETTER_STREAM) {
        const id = msgId as KafkaMsgId;
        port.log(`${where}: record ${id.topic}/${id.partition}@${id.offset} sent to the dead-letter stream: ${String(values[5])}`, 'warn');
        return port.emit(stream, values, anchors, msgId);
      }
      let event;
      try {
        event = eventFromRecord(values[4]);
      } catch (error) {
        if (!(error instanceof BadEventError)) throw error;
        return deadLetter(values, msgId, error.message);
      }
      port.emit(stream, eventValues(event), anchors, msgId);
    },
    emitWithTaskIds: (stream, values, anchors, msgId) => port.emitWithTaskIds(stream, values, anchors, msgId),
    emitDirect: (taskId, stream, values, anchors, msgId) => port.emitDirect(taskId, stream, values, anchors, msgId),
    ack: (tuple) => port.ack(tuple),
    fail: (tuple) => port.fail(tuple),
    reportError: (error) => port.reportError(error),
    log: (message, level) => port.log(message, level),
  };
}
