import type { ErrorSite } from '@twinstorm/core';
import { createClient } from 'redis';
import { describeConnection, scrubbedErrorText, type RedisConnection } from './connection.ts';
import { RedisConnectorError } from './errors.ts';

/** A connected node-redis client (RESP2, no modules). */
export type RedisClient = ReturnType<typeof createClient>;

/** Longest wait between two reconnection attempts of a connection lost after it was established. */
const MAX_RECONNECT_DELAY_MS = 2000;

const AUTH_REPLY = /^(WRONGPASS|NOAUTH|NOPERM)\b|\bAUTH\b.*\bwithout any password configured\b|invalid (username-)?password/i;

/**
 * Connects to Redis. The first connection is tried `connectAttempts` times, then fails with E_REDIS_CONNECT (or
 * E_REDIS_AUTH when the server refused the credentials), naming the address and never the password; a connection lost
 * later is retried with back-off for ever (commands wait meanwhile), and each loss is passed to `onError`.
 */
export async function connectRedis(
  c: RedisConnection,
  site: ErrorSite,
  onError: (message: string) => void,
  purpose: string,
): Promise<RedisClient> {
  let connected = false;
  const client = createClient({
    url: c.url,
    ...(c.username === undefined ? {} : { username: c.username }),
    ...(c.password === undefined ? {} : { password: c.password }),
    socket: {
      connectTimeout: c.connectTimeoutMs,
      reconnectStrategy: (retries: number, cause: Error) => {
        if (!connected && retries + 1 >= c.connectAttempts) return cause;
        return Math.min(50 * 2 ** retries, MAX_RECONNECT_DELAY_MS);
      },
    },
  });
  client.on('error', (error: unknown) => {
    if (connected) onError(`redis ${purpose} (${describeConnection(c)}): ${scrubbedErrorText(error, c)}; reconnecting`);
  });
  try {
    await client.connect();
  } catch (error) {
    client.destroy();
    const text = scrubbedErrorText(error, c);
    const auth = AUTH_REPLY.test(text);
    throw new RedisConnectorError(
      auth ? 'E_REDIS_AUTH' : 'E_REDIS_CONNECT',
      auth
        ? `Redis at ${describeConnection(c)} refused the credentials (${text}); check redis.username / redis.password or the URL's user:password`
        : `cannot reach Redis at ${describeConnection(c)} for the ${purpose} (${text}); check redis.url and that the server is up`,
      site,
    );
  }
  connected = true;
  return client as RedisClient;
}
