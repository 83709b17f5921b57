// @twinstorm/kafka: read Kafka at least once (KafkaSpout) and write to it (KafkaBolt), on the local engine and on Storm.
export { KafkaSpout, DEAD_LETTER_STREAM, KAFKA_FIELDS } from './kafka-spout.ts';
export { KafkaBolt, WHOLE_TUPLE } from './kafka-bolt.ts';
export { kafkajsClient, type KafkaClient, type KafkaClientFactory } from './client.ts';
export {
  readSpoutSettings,
  readBoltSettings,
  type KafkaSpoutSettings,
  type KafkaBoltSettings,
  type ValueFormat,
  type DefaultBrokers,
} from './conf.ts';
export { KafkaConnectorError, type KafkaConnectorErrorCode } from './errors.ts';
export { OffsetManager } from './offset-manager.ts';
export { SpoutLedger, type KafkaMsgId, type KafkaRecord } from './ledger.ts';
export { retryDelayMs } from './retry-backoff.ts';
