import { ConfReader, type ErrorSite } from '@twinstorm/core';
import { RedisConnectorError } from './errors.ts';

/** How to reach a Redis server: from `redis.url` (or a provider config's `url` / Storm's `jedisPoolConfig`). */
export interface RedisConnection {
  /** The URL without credentials (`redis://host:port/db`). */
  readonly url: string;
  readonly username: string | undefined;
  /** Kept out of every message: errors and logs show `describeConnection`, and error texts are scrubbed of it. */
  readonly password: string | undefined;
  readonly connectTimeoutMs: number;
  /** Attempts to reach the server when connecting before giving up (a connection lost later is retried for ever). */
  readonly connectAttempts: number;
}

/** Where the URL comes from when none is configured (the running `twinstorm services` Redis); undefined: none known. */
export type DefaultRedisUrl = () => string | undefined;

/** The parts of a parsed URL, or a rule it breaks (worded without its text: it may hold a password). */
function parseUrl(text: string): { url: URL } | { problem: string } {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { problem: 'is not a URL (expected redis://[user:password@]host:port[/db])' };
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:')
    return { problem: `has scheme "${url.protocol}" (expected redis: or rediss:)` };
  if (url.hostname === '') return { problem: 'has no host' };
  const db = url.pathname.replace(/^\//, '');
  if (db !== '' && !/^\d+$/.test(db)) return { problem: `has database "${db}", which is not a number` };
  return { url };
}

/** The settings of a connection given as a URL and optional separate credentials; `key` names the source in errors. */
export function connectionOf(
  urlText: string,
  options: { username?: string | undefined; password?: string | undefined; connectTimeoutMs: number; connectAttempts: number },
  key: string,
  site: ErrorSite,
): RedisConnection {
  const parsed = parseUrl(urlText);
  if ('problem' in parsed) throw new RedisConnectorError('E_REDIS_CONF', `conf "${key}" ${parsed.problem}`, site);
  const { url } = parsed;
  const username = options.username ?? (url.username === '' ? undefined : decodeURIComponent(url.username));
  const password = options.password ?? (url.password === '' ? undefined : decodeURIComponent(url.password));
  url.username = '';
  url.password = '';
  return { url: url.toString(), username, password, connectTimeoutMs: options.connectTimeoutMs, connectAttempts: options.connectAttempts };
}

/**
 * The connection of a component from its `redis.url`, `redis.username`, `redis.password` (secret),
 * `redis.connect.timeout.ms` and `redis.connect.attempts` keys. `complete` false at build time: a missing URL may
 * still come from `--conf` or `twinstorm services` when the run starts.
 */
export function readConnection(read: ConfReader, defaultUrl: DefaultRedisUrl, complete: boolean): RedisConnection | undefined {
  const configured = read.optionalString('redis.url', true);
  const text = configured ?? (complete ? defaultUrl() : undefined);
  const options = {
    username: read.optionalString('redis.username'),
    password: read.optionalString('redis.password', true),
    connectTimeoutMs: read.integer('redis.connect.timeout.ms', 3000, 1),
    connectAttempts: read.integer('redis.connect.attempts', 3, 1, 100),
  };
  if (text === undefined) {
    if (!complete) return undefined;
    throw new RedisConnectorError(
      'E_REDIS_CONF',
      'conf "redis.url" is not set and no `twinstorm services` Redis is running (run `twinstorm services up redis`, or set it to "redis://host:port")',
      read.site,
    );
  }
  return connectionOf(text, options, 'redis.url', read.site);
}

/** The connection as it may be shown: the URL and user, never the password. */
export function describeConnection(c: RedisConnection): string {
  if (c.username === undefined && c.password === undefined) return c.url;
  return `${c.url} as ${c.username ?? 'default'}${c.password === undefined ? '' : ' (with a password)'}`;
}

/** An error's message with its causes, with the connection's password replaced by `***` wherever it appears. */
export function scrubbedErrorText(error: unknown, c: RedisConnection): string {
  let text = error instanceof Error ? error.message : String(error);
  if (error instanceof Error && error.cause instanceof Error && !text.includes(error.cause.message)) text += ` (${error.cause.message})`;
  for (const secret of [c.password, c.password === undefined ? undefined : encodeURIComponent(c.password)]) {
    if (secret !== undefined && secret.length > 0) text = text.split(secret).join('***');
  }
  return text;
}
