// What the state fault run and the state cost bench share: the running `twinstorm services` and a run's conf with its
// state provider under names of its own (Redis key prefix, state table), so runs and helpers never share state.
import { defaultServicesDir } from '@twinstorm/services';
import { runningServiceAddresses } from '@twinstorm/services/addresses';
import { pipelineConf, type Services } from './harness.ts';

/** The shared services plus the Redis URL. */
export type StateServices = Services & { redis: string };

/** The running `twinstorm services` (Kafka, PostgreSQL, Redis), or an error saying what to start. */
export function sharedServices(): StateServices {
  const a = runningServiceAddresses();
  if (a.kafka === undefined || a.postgres === undefined || a.redis === undefined)
    throw new Error('needs Kafka, PostgreSQL and Redis: run `npx twinstorm services up kafka postgres redis`');
  return { dir: defaultServicesDir(), brokers: a.kafka.brokers, url: a.postgres.url, redis: a.redis.url, pids: { kafka: 0, postgres: 0 } };
}

/** The conf of one run named `name` (its group and schema): the pipeline's, with `state` as useractivity.state. */
export function stateRunConf(s: StateServices, topic: string, name: string, state: string, prefix: string): Record<string, string> {
  const config =
    state === 'redis'
      ? { url: s.redis, keyPrefix: `${prefix}:${name}:` }
      : state === 'postgres'
        ? { url: s.url, table: `${name}_state` }
        : {};
  return { ...pipelineConf(s, topic, name), 'useractivity.state': state, 'topology.state.provider.config': JSON.stringify(config) };
}
