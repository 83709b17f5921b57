import {
  registerStateProvider,
  StateError,
  type JsonValue,
  type StateChanges,
  type StateProvider,
  type StateStore,
} from '@twinstorm/state';
import { connectRedis } from './client.ts';
import { connectionOf, describeConnection, scrubbedErrorText, type DefaultRedisUrl, type RedisConnection } from './connection.ts';
import { servicesRedisUrl } from './default-url.ts';

/** Storm's config keys the provider understands besides its own (`url`, `keyPrefix`); Storm's serializer keys are ignored (values are JSON). */
const STORM_KEYS = new Set(['jedisPoolConfig', 'keyClass', 'valueClass', 'keySerializerClass', 'valueSerializerClass']);
const OWN_KEYS = new Set(['url', 'keyPrefix', 'connectTimeoutMs']);

/** Storm's RedisKeyValueStateProvider keeps each namespace in one hash; so does this, under `<keyPrefix><namespace>`. */
const DEFAULT_KEY_PREFIX = 'twinstorm:state:';

const fail = (message: string): StateError => new StateError('E_STATE_CONF', `topology.state.provider.config (redis): ${message}`);

/**
 * The connection a provider config names: `{"url": "redis://…"}`, or Storm's
 * `{"jedisPoolConfig": {"host", "port", "password", "database", "timeout"}}`, or neither (the `twinstorm services` Redis).
 */
export function stateConnection(config: Readonly<Record<string, unknown>>, defaultUrl: DefaultRedisUrl): RedisConnection {
  for (const key of Object.keys(config)) {
    if (key === 'jedisClusterConfig') throw fail('jedisClusterConfig (Redis Cluster) is not supported; give "url" or "jedisPoolConfig"');
    if (!STORM_KEYS.has(key) && !OWN_KEYS.has(key))
      throw fail(`unknown key "${key}" (known: url, keyPrefix, connectTimeoutMs, jedisPoolConfig)`);
  }
  const timeout = config['connectTimeoutMs'] ?? 3000;
  if (typeof timeout !== 'number' || !Number.isInteger(timeout) || timeout < 1) throw fail('"connectTimeoutMs" must be an integer >= 1');
  const options = { connectTimeoutMs: timeout, connectAttempts: 3 };
  const pool = config['jedisPoolConfig'];
  if (pool !== undefined) {
    if (config['url'] !== undefined) throw fail('give "url" or "jedisPoolConfig", not both');
    if (typeof pool !== 'object' || pool === null || Array.isArray(pool))
      throw fail('"jedisPoolConfig" must be an object {"host", "port", ...}');
    const { host = 'localhost', port = 6379, password, database = 0 } = pool as Record<string, unknown>;
    if (typeof host !== 'string' || host === '') throw fail('"jedisPoolConfig.host" must be a non-empty string');
    if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535)
      throw fail('"jedisPoolConfig.port" must be a port number');
    if (typeof database !== 'number' || !Number.isInteger(database) || database < 0)
      throw fail('"jedisPoolConfig.database" must be an integer >= 0');
    if (password !== undefined && password !== null && typeof password !== 'string')
      throw fail('"jedisPoolConfig.password" must be a string');
    const secret = typeof password === 'string' ? password : undefined;
    return connectionOf(`redis://${host}:${port}/${database}`, { ...options, password: secret }, 'jedisPoolConfig', {});
  }
  const url = config['url'] ?? defaultUrl();
  if (url === undefined)
    throw fail('no "url" and no `twinstorm services` Redis is running (run `twinstorm services up redis`, or set "url")');
  if (typeof url !== 'string') throw fail('"url" must be a string');
  try {
    return connectionOf(url, options, 'topology.state.provider.config url', {});
  } catch (error) {
    throw fail((error as Error).message.replace(/^conf "[^"]*" /, '"url" '));
  }
}

/**
 * Storm's RedisKeyValueStateProvider for @twinstorm/state: one hash per task namespace, each value JSON text. A
 * checkpoint's puts and deletes go in one MULTI/EXEC (HSET of every put, HDEL of every delete), so a commit is atomic
 * and one round trip however many keys changed. Registered as `redis` (and by Storm's class name).
 */
export function redisStateProvider(defaultUrl: DefaultRedisUrl = servicesRedisUrl): StateProvider {
  return {
    name: 'redis',
    async open(namespace, config) {
      const connection = stateConnection(config, defaultUrl);
      const prefix = config['keyPrefix'] ?? DEFAULT_KEY_PREFIX;
      if (typeof prefix !== 'string') throw fail('"keyPrefix" must be a string');
      const key = `${prefix}${namespace}`;
      const providerError = (what: string, error: unknown): StateError =>
        new StateError(
          'E_STATE_PROVIDER',
          `redis state ${what} of "${key}" at ${describeConnection(connection)} failed: ${scrubbedErrorText(error, connection)}`,
        );
      let client: Awaited<ReturnType<typeof connectRedis>>;
      try {
        client = await connectRedis(connection, {}, () => undefined, 'state provider');
      } catch (error) {
        throw new StateError('E_STATE_PROVIDER', (error as Error).message);
      }
      const store: StateStore = {
        async load() {
          try {
            const stored = await client.hGetAll(key);
            return new Map(Object.entries(stored).map(([k, v]) => [k, JSON.parse(v) as JsonValue]));
          } catch (error) {
            throw providerError('load', error);
          }
        },
        async commit(changes: StateChanges) {
          if (changes.puts.size === 0 && changes.deletes.size === 0) return;
          const multi = client.multi();
          if (changes.puts.size > 0) {
            const fields: Record<string, string> = {};
            for (const [k, v] of changes.puts) fields[k] = JSON.stringify(v);
            multi.hSet(key, fields);
          }
          if (changes.deletes.size > 0) multi.hDel(key, [...changes.deletes]);
          try {
            await multi.exec();
          } catch (error) {
            throw providerError('commit', error);
          }
        },
        close() {
          if (client.isOpen) client.destroy();
          return Promise.resolve();
        },
      };
      return store;
    },
  };
}

registerStateProvider(redisStateProvider(), 'org.apache.storm.redis.state.RedisKeyValueStateProvider');
