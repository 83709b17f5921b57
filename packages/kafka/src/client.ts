import { Kafka, logLevel, type KafkaConfig, type LogEntry, type SASLOptions } from 'kafkajs';
import type { LogLevel } from '@twinstorm/core';
import { describeConnection, type KafkaConnection } from './conf.ts';

/** The part of the KafkaJS API the connectors use: kafkajs itself, or a KafkaJS-compatible client such as Confluent's. */
export type KafkaClient = Pick<Kafka, 'consumer' | 'producer' | 'admin'>;

/**
 * Makes the client from the KafkaJS-style config the connectors build from conf. Replace it (a static `kafka` on a
 * subclass of KafkaSpout / KafkaBolt) to use another KafkaJS-compatible client.
 */
export type KafkaClientFactory = (config: KafkaConfig) => KafkaClient;

/** The default client: kafkajs (pure JavaScript, so it bundles into a topology jar and runs in any Node). */
export const kafkajsClient: KafkaClientFactory = (config) => new Kafka(config);

// kafkajs logs a request it will retry as an error (the coordinator loading, a rebalance): a warning here; what it
// gives up on reaches the connector as an exception, reported as an error there.
const LEVELS: Record<number, LogLevel> = {
  [logLevel.ERROR]: 'warn',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
};

/**
 * The KafkaJS config for a connection: kafkajs's own logging goes through the component's log (never stdout, which
 * is the multilang channel on Storm), warnings and errors only.
 */
export function clientConfig(c: KafkaConnection, log: (message: string, level: LogLevel) => void): KafkaConfig {
  const sasl: SASLOptions | undefined =
    c.sasl === undefined ? undefined : { mechanism: c.sasl.mechanism, username: c.sasl.username, password: c.sasl.password };
  return {
    clientId: c.clientId,
    brokers: [...c.brokers],
    ssl: c.ssl,
    ...(sasl === undefined ? {} : { sasl }),
    connectionTimeout: c.connectionTimeoutMs,
    retry: { retries: c.retries, initialRetryTime: 300 },
    logLevel: logLevel.WARN,
    logCreator:
      () =>
      ({ level, log: entry }: LogEntry) => {
        const { message, error } = entry as { message?: string; error?: string };
        log(`kafka (${describeConnection(c)}): ${message ?? ''}${error === undefined ? '' : `: ${error}`}`, LEVELS[level] ?? 'info');
      },
  };
}
