// Registers the redis and postgres state providers (`useractivity.state`), wherever the topology is loaded.
import '@twinstorm/postgres';
import '@twinstorm/redis';
import { TopologyBuilder, type Conf, type Topology } from '@twinstorm/core';
import { DEAD_LETTER_STREAM } from '@twinstorm/kafka';
import { ActivitySpout } from './activity-spout.ts';
import { AlertBolt } from './alert-bolt.ts';
import { DeadLetterBolt } from './dead-letter-bolt.ts';
import { EnricherBolt } from './enricher-bolt.ts';
import { EntityScorerBolt } from './entity-scorer-bolt.ts';
import { SAVER_TICK_SECS, SaverBolt } from './saver-bolt.ts';
import { ScorerBolt } from './scorer-bolt.ts';

export { ActivitySpout } from './activity-spout.ts';
export { AlertBolt } from './alert-bolt.ts';
export { DeadLetterBolt } from './dead-letter-bolt.ts';
export * from './services.ts';
export * from './conf.ts';
export { EnricherBolt } from './enricher-bolt.ts';
export { EntityScorerBolt } from './entity-scorer-bolt.ts';
export { SaverBolt } from './saver-bolt.ts';
export { ScorerBolt } from './scorer-bolt.ts';

/** The topology's name, for the CLI and for tests that rebuild it. */
export const USER_ACTIVITY_NAME = 'user-activity';

/**
 * Defaults: bound the events in flight (the spout is unbounded) well above the savers' batches. With the Kafka source
 * a failed event is retried without limit (KafkaSpout's default `kafka.spout.max.tries`, as storm-kafka-client's
 * retry service): a database outage fails tuples for as long as it lasts, and must not turn good events into dead
 * letters (records that are not events go there on arrival, not through retries).
 */
export const USER_ACTIVITY_CONF: Conf = {
  'topology.max.spout.pending': 2000,
  'topology.message.timeout.secs': 30,
  // Room for 100,000 small records before the spout pauses its partitions: a paused partition resumes only at kafkajs's
  // next fetch, and with the connector's 10,000 the spout sat waiting (5,900 events/s end to end, 20,700 with this).
  'kafka.spout.buffer.records': 100_000,
  // The scorers' keyed state commits this often; their inputs are acked after each commit, so it bounds the added
  // latency (Storm's default 1000 ms held acks long enough to fill topology.max.spout.pending).
  'topology.state.checkpoint.interval.ms': 200,
};

/** Tasks per component; scale a stage by raising its number (stateful stages stay correct: they are grouped by user). */
export interface UserActivityParallelism {
  activity: number;
  enrich: number;
  score: number;
  entity: number;
  alert: number;
  save: number;
}

/** The default task counts. */
export const USER_ACTIVITY_PARALLELISM: UserActivityParallelism = { activity: 1, enrich: 2, score: 4, entity: 2, alert: 1, save: 2 };

/**
 * The wired pipeline, unbuilt, so tests can subscribe extra bolts. Every stage after the spout except
 * the saver is grouped by user_id: the scorers keep per-user state, and grouping the (stateless) enricher
 * too keeps each user's events in order along one path, which the baseline's rate and travel checks rely
 * on. The saver only appends scored events to its file, so it takes a shuffle grouping, spreading the load.
 */
export function userActivityBuilder(parallelism: Partial<UserActivityParallelism> = {}): TopologyBuilder {
  const p = { ...USER_ACTIVITY_PARALLELISM, ...parallelism };
  const builder = new TopologyBuilder();
  builder.setSpout('activity', ActivitySpout, p.activity);
  builder.setBolt('enrich', EnricherBolt, p.enrich).fieldsGrouping('activity', ['user_id']);
  builder.setBolt('score', ScorerBolt, p.score).fieldsGrouping('enrich', ['user_id']);
  builder.setBolt('entity', EntityScorerBolt, p.entity).fieldsGrouping('score', ['user_id']);
  builder.setBolt('alert', AlertBolt, p.alert).fieldsGrouping('entity', ['user_id']);
  builder.setBolt('save', SaverBolt, p.save).shuffleGrouping('entity').addConfiguration('topology.tick.tuple.freq.secs', SAVER_TICK_SECS);
  builder.setBolt('dead-letters', DeadLetterBolt, 1).shuffleGrouping('activity', DEAD_LETTER_STREAM);
  return builder;
}

/** The user-activity topology, with `conf` merged over the defaults. */
export function buildUserActivity(conf: Conf = {}): Topology {
  return userActivityBuilder().createTopology(USER_ACTIVITY_NAME, { ...USER_ACTIVITY_CONF, ...conf });
}

/** The topology with default conf: what `twinstorm run` and the Storm runner load (building it has no side effects). */
export default buildUserActivity();
