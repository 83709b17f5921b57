import { describeSite, type ErrorSite } from '@twinstorm/core';

/** Stable codes so topologies and tests can branch on what went wrong with Redis, not on message text. */
export type RedisConnectorErrorCode =
  /** A redis.* conf key (or the Redis state provider's config) is missing, of the wrong type or out of range; the message names the key. */
  | 'E_REDIS_CONF'
  /** The server could not be reached (wrong address, server down, TLS refused); the message names the address, never the password. */
  | 'E_REDIS_CONNECT'
  /** The server refused the credentials (wrong user or password, or a password the server does not ask for). */
  | 'E_REDIS_AUTH'
  /** A command failed (a stream that is not a stream, a group that vanished, a failed MULTI/EXEC). */
  | 'E_REDIS_COMMAND';

/** The one error class of @twinstorm/redis: a stable code, and the component and task involved in the message. */
export class RedisConnectorError extends Error {
  override readonly name = 'RedisConnectorError';
  readonly code: RedisConnectorErrorCode;
  readonly site: ErrorSite;

  constructor(code: RedisConnectorErrorCode, message: string, site: ErrorSite = {}, options?: { cause?: unknown }) {
    super(`${describeSite(site)}${message}`, options);
    this.code = code;
    this.site = site;
  }
}
