import { CONF_DEFAULTS, ConfReader, type Conf, type ErrorSite } from '@twinstorm/core';
import { readConnection, type DefaultRedisUrl, type RedisConnection } from './connection.ts';

/** How an entry reaches the tuple's `value`: its field/value pairs as an object, or one field parsed as JSON. */
export type RedisValueFormat = 'fields' | 'json';

/** RedisStreamSpout's settings, read from `redis.*` and `redis.spout.*` conf keys (README lists them). */
export interface RedisStreamSpoutSettings {
  /** undefined only at build time (the URL may still come from --conf or `twinstorm services`). */
  readonly connection: RedisConnection | undefined;
  readonly stream: string;
  /** undefined: `twinstorm-<topology>-<component>`, decided at open. */
  readonly group: string | undefined;
  /** Where a group this spout creates starts: the stream's first entry, or only entries added from now on. */
  readonly groupStart: 'earliest' | 'latest';
  readonly valueFormat: RedisValueFormat;
  readonly valueField: string;
  /** Entries one XREADGROUP (and one XAUTOCLAIM) asks for. */
  readonly batchEntries: number;
  /** How long one XREADGROUP waits for new entries. */
  readonly blockMs: number;
  /** Entries a task holds at most (read, in flight, or waiting to be emitted): the spout's back-pressure. */
  readonly maxPending: number;
  /** How long an entry stays pending without an ack before any consumer of the group may reclaim it (>= the message timeout). */
  readonly claimIdleMs: number;
  /** How often a task looks for entries to reclaim. */
  readonly claimIntervalMs: number;
  /** Deliveries an entry gets as a normal tuple; the next one sends it to the dead-letter stream. */
  readonly maxDeliveries: number;
}

/**
 * Reads and validates the spout's keys. `complete` false at build time: keys present are checked, required ones may
 * still come from `--conf`, and the URL from `twinstorm services`, when the run starts; true at open.
 */
export function readStreamSpoutSettings(
  conf: Conf,
  site: ErrorSite,
  defaultUrl: DefaultRedisUrl,
  complete: boolean,
): RedisStreamSpoutSettings {
  const read = new ConfReader(conf, site);
  const connection = readConnection(read, defaultUrl, complete);
  const stream = complete ? read.string('redis.stream') : (read.optionalString('redis.stream') ?? '');
  const timeoutSecs = read.integer('topology.message.timeout.secs', CONF_DEFAULTS['topology.message.timeout.secs'], 1);
  // An entry is reclaimable once idle this long: shorter than the message timeout, entries still in flight would be
  // taken by another consumer and delivered twice. Twice the timeout by default: Storm times a tuple out between one
  // and two timeouts after its emit.
  const timeoutMs = timeoutSecs * 1000;
  const claimIdleMs = read.integer('redis.spout.claim.idle.ms', 2 * timeoutMs, 1);
  if (claimIdleMs < timeoutMs) {
    throw read.problem(
      'redis.spout.claim.idle.ms',
      `must be at least topology.message.timeout.secs (${timeoutSecs} s = ${timeoutMs} ms), or entries still in flight are reclaimed and delivered twice`,
    );
  }
  return {
    connection,
    stream,
    group: read.optionalString('redis.group'),
    groupStart: read.oneOf('redis.spout.group.start', ['earliest', 'latest'], 'earliest'),
    valueFormat: read.oneOf('redis.value.format', ['fields', 'json'], 'fields'),
    valueField: read.string('redis.value.field', 'value'),
    batchEntries: read.integer('redis.spout.batch.entries', 500, 1, 100_000),
    blockMs: read.integer('redis.spout.block.ms', 100, 1, 60_000),
    maxPending: read.integer('redis.spout.max.pending', 10_000, 1),
    claimIdleMs,
    claimIntervalMs: read.integer('redis.spout.claim.interval.ms', Math.min(1000, claimIdleMs), 1),
    maxDeliveries: read.integer('redis.spout.max.deliveries', 10, 1),
  };
}
