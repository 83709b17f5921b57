/**
 * The features the conformance suite checks, in the order CAPABILITIES.md lists them. Each case records its result
 * under one of these ids; the generator reads the titles and sections from the results, never from here.
 */
export const FEATURES = {
  'grouping.shuffle': { section: 'Groupings', title: 'shuffle grouping' },
  'grouping.fields': { section: 'Groupings', title: 'fields grouping (same task index as Storm for every key type)' },
  'grouping.all': { section: 'Groupings', title: 'all grouping' },
  'grouping.global': { section: 'Groupings', title: 'global grouping (lowest task)' },
  'grouping.none': { section: 'Groupings', title: 'none grouping' },
  'grouping.local-or-shuffle': { section: 'Groupings', title: 'local-or-shuffle grouping' },
  'grouping.direct': { section: 'Groupings', title: 'direct grouping with emitDirect' },
  'streams.named': { section: 'Streams', title: 'named streams (emit to and subscribe to a named stream)' },
  'acking.tree': { section: 'Reliability', title: 'anchoring and ack trees (a tree is acked once every branch is)' },
  'acking.explicit-fail': { section: 'Reliability', title: 'explicit fail of one branch fails the spout tuple' },
  'acking.replay': { section: 'Reliability', title: 'fail → spout fail(msgId) → replay → ack' },
  'acking.timeout': { section: 'Reliability', title: 'message timeout → spout fail (within 1×–2× the timeout)' },
  'spout.max-pending': { section: 'Reliability', title: 'topology.max.spout.pending bounds tuples in flight per spout task' },
  'bolt.basic-throw': { section: 'Bolts', title: 'BasicBolt throw → tuple failed and the error reported' },
  'bolt.async': { section: 'Bolts', title: 'async bolts (execute returns a Promise; several in flight)' },
  'bolt.tick': { section: 'Bolts', title: 'tick tuples (topology.tick.tuple.freq.secs on a component)' },
  'state.restore': {
    section: 'State and windows',
    title: 'keyed state restored after its task is killed (Storm: kill -9 of the worker JVM); no update lost or applied twice',
  },
  'state.ack-after-commit': { section: 'State and windows', title: 'inputs acked only after the checkpoint holding their effects' },
  'window.count-tumbling': { section: 'State and windows', title: 'tumbling count window' },
  'window.count-sliding': { section: 'State and windows', title: 'sliding count window (get, getNew, getExpired)' },
  'window.time-tumbling': { section: 'State and windows', title: 'tumbling duration window (processing time)' },
  'window.time-sliding': { section: 'State and windows', title: 'sliding duration window (processing time)' },
  'window.watermark': { section: 'State and windows', title: 'event-time windows moved by the watermark (timestamp field, lag)' },
  'window.late': { section: 'State and windows', title: 'late tuples emitted on the declared late stream' },
  'values.utf8': { section: 'Values', title: 'UTF-8 strings (non-BMP, combining, ZWJ, controls, U+2028)' },
  'values.large-tuple': { section: 'Values', title: 'a 1 MiB tuple' },
  'values.integers': { section: 'Values', title: 'integers (Integer and Long range, up to ±(2^53 − 1))' },
  'values.floats': { section: 'Values', title: 'fractional doubles (down to the smallest denormal)' },
  'values.bigint': { section: 'Values', title: 'integers beyond 2^53 as bigint (Long and BigInteger range)' },
  'values.json': { section: 'Values', title: 'booleans, null, nested arrays and objects' },
  'values.unsafe-number': { section: 'Values', title: 'JS numbers that are integers beyond 2^53 (1e21, Number.MAX_VALUE)' },
  'values.nan': { section: 'Values', title: 'NaN' },
  'values.infinity': { section: 'Values', title: '±Infinity' },
  'multilang.storm-py': { section: 'Multilang', title: "a foreign bolt on Storm's official storm.py" },
  'connectors.kafka-at-least-once': {
    section: 'Connectors (the shared Kafka, Redis and PostgreSQL)',
    title: 'KafkaSpout: every record delivered, failed ones retried, the group committed to the end of each partition',
  },
  'connectors.redis-reclaim': {
    section: 'Connectors (the shared Kafka, Redis and PostgreSQL)',
    title: 'RedisStreamSpout: every entry delivered, failed ones reclaimed with XAUTOCLAIM, nothing left pending',
  },
  'connectors.postgres-ack-after-commit': {
    section: 'Connectors (the shared Kafka, Redis and PostgreSQL)',
    title: 'PostgresSink: one row per record (upsert), each tuple acked only after the COMMIT holding its row',
  },
} as const satisfies Record<string, { section: string; title: string }>;

/** A feature id. */
export type FeatureId = keyof typeof FEATURES;
