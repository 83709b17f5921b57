import pg from 'pg';
import type { ErrorSite } from '@twinstorm/core';
import { describeConnection, type PostgresConnection } from './conf.ts';
import { PostgresConnectorError, isConnectionLoss, pgErrorText, sqlState } from './errors.ts';

/** The back-off before reconnect attempt `failures` (1: the first after a loss): initial × 2^(n-1), at most max. */
export function reconnectDelayMs(failures: number, initialMs: number, maxMs: number): number {
  if (failures < 1) return 0;
  return Math.min(maxMs, initialMs * 2 ** Math.min(failures - 1, 30));
}

/**
 * One task's connection to PostgreSQL, opened again after it is lost: `use(fn)` runs fn on a connected client, and
 * when that fails because the connection went away the client is dropped, so the next `use` reconnects, after a
 * back-off that doubles with each failure in a row. The run stays up; callers fail (and so replay) what they held.
 */
export class ReconnectingClient {
  #client: pg.Client | null = null;
  #failures = 0;
  #closed = false;

  constructor(
    private readonly settings: PostgresConnection,
    private readonly site: ErrorSite,
    private readonly onLost: (message: string) => void = () => undefined,
  ) {}

  /** Consecutive failed connects or lost connections (0 once a statement succeeded again). */
  get failures(): number {
    return this.#failures;
  }

  /** Runs `fn` on a connected client; a lost connection is dropped and rethrown as E_PG_CONNECT. */
  async use<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
    const client = await this.#connected();
    try {
      const result = await fn(client);
      this.#failures = 0;
      return result;
    } catch (error) {
      if (!isConnectionLoss(error)) throw error;
      this.#drop(client);
      this.#failures++;
      throw new PostgresConnectorError(
        'E_PG_CONNECT',
        `lost the connection to ${describeConnection(this.settings)}: ${pgErrorText(error)}; reconnecting with back-off`,
        this.site,
        { cause: error },
      );
    }
  }

  /** Closes the connection; later `use` calls fail. */
  async close(): Promise<void> {
    this.#closed = true;
    const client = this.#client;
    this.#client = null;
    await client?.end().catch(() => undefined);
  }

  async #connected(): Promise<pg.Client> {
    if (this.#closed) throw new PostgresConnectorError('E_PG_CONNECT', 'the connection is closed', this.site);
    if (this.#client !== null) return this.#client;
    const wait = reconnectDelayMs(this.#failures, this.settings.reconnectInitialMs, this.settings.reconnectMaxMs);
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const client = new pg.Client({
      connectionString: connectionString(this.settings),
      ssl: this.settings.ssl,
      connectionTimeoutMillis: this.settings.connectTimeoutMs,
      application_name: `twinstorm ${this.site.component ?? ''}:${this.site.task ?? ''}`.trim(),
    });
    // A connection lost while idle: without a listener pg's 'error' event would crash the process.
    client.on('error', (error) => {
      this.onLost(`connection to ${describeConnection(this.settings)} lost: ${pgErrorText(error)}`);
      this.#drop(client);
    });
    try {
      await client.connect();
    } catch (error) {
      this.#failures++;
      await client.end().catch(() => undefined);
      throw connectError(error, this.settings, this.site);
    }
    if (this.#closed) {
      await client.end().catch(() => undefined);
      throw new PostgresConnectorError('E_PG_CONNECT', 'the connection is closed', this.site);
    }
    this.#client = client;
    return client;
  }

  #drop(client: pg.Client): void {
    if (this.#client === client) this.#client = null;
    void client.end().catch(() => undefined);
  }
}

/**
 * The URL pg connects with: `postgres.password`, when set, replaces the URL's own. (pg lets the parsed connection
 * string override a separate `password` option, even with none in the URL, so the password must be in the URL.)
 */
function connectionString(c: PostgresConnection): string {
  if (c.password === undefined) return c.url;
  const url = new URL(c.url);
  url.password = c.password;
  return url.toString();
}

/** The error for a failed connect: E_PG_AUTH when the server refused the login, else E_PG_CONNECT. */
export function connectError(error: unknown, settings: PostgresConnection, site: ErrorSite): PostgresConnectorError {
  const where = describeConnection(settings);
  const state = sqlState(error);
  if (state === '28P01' || state === '28000') {
    return new PostgresConnectorError(
      'E_PG_AUTH',
      `${where} refused the login: ${pgErrorText(error)}; check the user and postgres.password (or the URL's password)`,
      site,
      { cause: error },
    );
  }
  return new PostgresConnectorError(
    'E_PG_CONNECT',
    `cannot connect to ${where}: ${pgErrorText(error)}; check postgres.url and that the server is up`,
    site,
    { cause: error },
  );
}
