import { ConfReader, type Conf, type ErrorSite } from '@twinstorm/core';

/** How record values reach the tuple: as text, or parsed JSON (a value that does not parse goes to the dead-letter stream). */
export type ValueFormat = 'string' | 'json';

/** The connection settings shared by the spout and the bolt (`kafka.brokers`, TLS, SASL). */
export interface KafkaConnection {
  readonly brokers: readonly string[];
  readonly clientId: string;
  readonly ssl: boolean;
  /** Kept out of every message: only `mechanism` and `username` are ever shown. */
  readonly sasl:
    { readonly mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512'; readonly username: string; readonly password: string } | undefined;
  readonly connectionTimeoutMs: number;
  /** How many times kafkajs retries a failed request (connecting included) before giving up. */
  readonly retries: number;
}

/** KafkaSpout's settings, read from `kafka.*` and `kafka.spout.*` conf keys (README lists them). */
export interface KafkaSpoutSettings extends KafkaConnection {
  readonly topics: readonly string[];
  /** undefined: `twinstorm-<topology>-<component>`, decided at open. */
  readonly groupId: string | undefined;
  readonly firstOffset: 'earliest' | 'latest';
  readonly valueFormat: ValueFormat;
  readonly commitPeriodMs: number;
  readonly maxUncommittedOffsets: number;
  readonly bufferRecords: number;
  readonly retryInitialMs: number;
  readonly retryMaxMs: number;
  readonly maxTries: number;
  readonly sessionTimeoutMs: number;
}

/** KafkaBolt's settings. */
export interface KafkaBoltSettings extends KafkaConnection {
  readonly topic: string;
  readonly keyField: string;
  readonly valueField: string;
  readonly acks: -1 | 0 | 1;
}

/** Where brokers come from when `kafka.brokers` is absent (the running `twinstorm services`); undefined: none known. */
export type DefaultBrokers = () => readonly string[] | undefined;

/** The default of `kafka.spout.max.tries`: storm-kafka-client's Integer.MAX_VALUE, i.e. retry forever. */
export const UNLIMITED_TRIES = 2_147_483_647;

const SASL = ['plain', 'scram-sha-256', 'scram-sha-512'] as const;

function connection(read: ConfReader, defaultBrokers: DefaultBrokers, complete: boolean): KafkaConnection {
  const brokers = read.stringList('kafka.brokers') ?? (complete ? defaultBrokers() : undefined) ?? [];
  if (complete && brokers.length === 0) {
    throw read.problem(
      'kafka.brokers',
      'is not set and no `twinstorm services` Kafka is running (run `twinstorm services up kafka`, or set it to "host:port,...")',
    );
  }
  for (const broker of brokers) {
    if (!/^[^\s:]+:\d{1,5}$/.test(broker)) throw read.problem('kafka.brokers', `has "${broker}", which is not host:port`);
  }
  const mechanism = read.oneOf('kafka.sasl.mechanism', ['none', ...SASL], 'none');
  const sasl = mechanism === 'none' ? undefined : { mechanism, username: read.string('kafka.sasl.username'), password: passwordOf(read) };
  return {
    brokers,
    clientId: read.string('kafka.client.id', 'twinstorm'),
    ssl: read.boolean('kafka.ssl', false),
    sasl,
    connectionTimeoutMs: read.integer('kafka.connection.timeout.ms', 3000, 1),
    retries: read.integer('kafka.retries', 5, 0, 100),
  };
}

function passwordOf(read: ConfReader): string {
  const password = read.optionalString('kafka.sasl.password', true);
  if (password === undefined) throw read.problem('kafka.sasl.password', 'is required when kafka.sasl.mechanism is set', true);
  return password;
}

/**
 * Reads and validates the spout's keys. `complete` false at build time: keys present are checked, required ones may
 * still come from `--conf`, and the brokers from `twinstorm services`, when the run starts; true at open.
 */
export function readSpoutSettings(conf: Conf, site: ErrorSite, defaultBrokers: DefaultBrokers, complete: boolean): KafkaSpoutSettings {
  const read = new ConfReader(conf, site);
  const topics = read.stringList('kafka.topic') ?? [];
  if (complete && topics.length === 0) throw read.problem('kafka.topic', 'is required (the topic, or a list of topics, to read)');
  const retryInitialMs = read.integer('kafka.spout.retry.initial.ms', 100, 0);
  return {
    ...connection(read, defaultBrokers, complete),
    topics,
    groupId: read.optionalString('kafka.group.id'),
    firstOffset: read.oneOf('kafka.spout.first.offset', ['earliest', 'latest'], 'earliest'),
    valueFormat: read.oneOf('kafka.value.format', ['string', 'json'], 'string'),
    commitPeriodMs: read.integer('kafka.spout.commit.period.ms', 5000, 1),
    maxUncommittedOffsets: read.integer('kafka.spout.max.uncommitted.offsets', 100_000, 1),
    bufferRecords: read.integer('kafka.spout.buffer.records', 10_000, 1),
    retryInitialMs,
    retryMaxMs: read.integer('kafka.spout.retry.max.ms', 10_000, retryInitialMs),
    // storm-kafka-client's default retry service retries forever (DEFAULT_MAX_RETRIES = Integer.MAX_VALUE): an outage
    // delays records instead of sending good ones to the dead letters. A finite bound is the user's choice.
    maxTries: read.integer('kafka.spout.max.tries', UNLIMITED_TRIES, 1),
    sessionTimeoutMs: read.integer('kafka.session.timeout.ms', 30_000, 6000),
  };
}

/** Reads and validates the bolt's keys (see readSpoutSettings for `complete`). */
export function readBoltSettings(conf: Conf, site: ErrorSite, defaultBrokers: DefaultBrokers, complete: boolean): KafkaBoltSettings {
  const read = new ConfReader(conf, site);
  const acks = read.integer('kafka.bolt.acks', -1, -1, 1);
  return {
    ...connection(read, defaultBrokers, complete),
    topic: complete ? read.string('kafka.bolt.topic') : (read.optionalString('kafka.bolt.topic') ?? ''),
    keyField: read.string('kafka.bolt.key.field', 'key'),
    valueField: read.string('kafka.bolt.value.field', 'value'),
    acks: acks as -1 | 0 | 1,
  };
}

/** The brokers and SASL user as they may be shown (never the password). */
export function describeConnection(c: KafkaConnection): string {
  const auth = c.sasl === undefined ? '' : ` as ${c.sasl.username} (SASL ${c.sasl.mechanism})`;
  return `${c.brokers.join(',')}${c.ssl ? ' over TLS' : ''}${auth}`;
}
