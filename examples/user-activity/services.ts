import { runningServiceAddresses } from '@twinstorm/services/addresses';
import type { Conf } from '@twinstorm/core';
import { confString } from './conf.ts';

/** Conf key: where events come from, `generator` (the default, in-process) or `kafka` (the topic load.ts fills). */
export const SOURCE_CONF = 'useractivity.source';
/** Conf key: where scored activity and alerts go, `file` (the default, JSON lines) or `postgres` (JSONB tables). */
export const SINK_CONF = 'useractivity.sink';
/** Conf key: where the scorers keep each user's baseline and risk, `memory` (the default), `redis` or `postgres`. */
export const STATE_CONF = 'useractivity.state';
/** Conf key: the Kafka topic of the events (default `user-activity`, what load.ts fills). */
export const TOPIC_CONF = 'useractivity.kafka.topic';
/** Conf key: the PostgreSQL URL of the sink (default: the `twinstorm services` PostgreSQL). The password is never printed. */
export const POSTGRES_URL_CONF = 'useractivity.postgres.url';

/** Storm's keys the state is opened with (@twinstorm/state reads them). */
const PROVIDER_KEY = 'topology.state.provider';
const PROVIDER_CONFIG_KEY = 'topology.state.provider.config';

/**
 * The conf the example's stateful bolts open their keyed state with: `useractivity.state` names the provider (Storm's
 * `topology.state.provider`, which stays as given when the example's key is unset); for `postgres` without a provider
 * config the state goes to the sink's database (`useractivity.postgres.url`, else the `twinstorm services` one).
 */
export function userActivityStateConf(conf: Conf): Conf {
  if (confString(conf, STATE_CONF) === undefined) return conf;
  const provider = confChoice(conf, STATE_CONF, ['memory', 'redis', 'postgres'], 'memory');
  const url = confString(conf, POSTGRES_URL_CONF);
  const sinkDatabase = provider === 'postgres' && conf[PROVIDER_CONFIG_KEY] === undefined && url !== undefined;
  return { ...conf, [PROVIDER_KEY]: provider, ...(sinkDatabase ? { [PROVIDER_CONFIG_KEY]: { url } } : {}) };
}

/** The topic load.ts fills and the Kafka source reads unless conf says otherwise. */
export const DEFAULT_TOPIC = 'user-activity';

/** A conf key that takes one of a few words; the error names the key and the choices. */
export function confChoice<const T extends string>(conf: Conf, key: string, choices: readonly T[], fallback: T): T {
  const value = confString(conf, key) ?? fallback;
  if (!(choices as readonly string[]).includes(value))
    throw new TypeError(`conf "${key}" must be one of ${choices.map((c) => `"${c}"`).join(', ')}, got "${value}"`);
  return value as T;
}

/** The Kafka topic of the events. */
export function eventsTopic(conf: Conf): string {
  return confString(conf, TOPIC_CONF) ?? DEFAULT_TOPIC;
}

/** The brokers: `kafka.brokers` (the connector's own key) when set, else the `twinstorm services` Kafka. */
export function kafkaBrokers(conf: Conf): string {
  const set = conf['kafka.brokers'];
  if (typeof set === 'string' && set.length > 0) return set;
  if (Array.isArray(set) && set.length > 0) return set.join(',');
  const brokers = runningServiceAddresses().kafka?.brokers;
  if (brokers === undefined)
    throw new TypeError(
      'conf "kafka.brokers" is not set and no `twinstorm services` Kafka is running (run `npx twinstorm services up kafka`)',
    );
  return brokers;
}

/** The PostgreSQL URL: `useractivity.postgres.url` when set, else the `twinstorm services` PostgreSQL. */
export function postgresUrl(conf: Conf): string {
  const url = confString(conf, POSTGRES_URL_CONF) ?? runningServiceAddresses().postgres?.url;
  if (url === undefined)
    throw new TypeError(
      `conf "${POSTGRES_URL_CONF}" is not set and no \`twinstorm services\` PostgreSQL is running (run \`npx twinstorm services up postgres\`)`,
    );
  return url;
}

/** A URL with its password masked, for logs and errors. */
export function maskedUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password !== '') u.password = '***';
    return u.toString();
  } catch {
    return '<not a URL>';
  }
}
