import pg from 'pg';
import type { Conf } from '@twinstorm/core';
import { confString } from './conf.ts';
import { maskedUrl, postgresUrl } from './services.ts';

/** Conf key: the PostgreSQL schema of the example's tables (default `public`; tests use their own). */
export const POSTGRES_SCHEMA_CONF = 'useractivity.postgres.schema';

/** How long a connection attempt may take: generous, as a busy machine is slow to fork a backend (a timeout fails the batch). */
const CONNECT_TIMEOUT_MS = 20_000;

const IDENT = /^[a-z_][a-z0-9_]{0,62}$/;

/** The tables' schema from conf, checked (it is spliced into SQL). */
export function postgresSchema(conf: Conf): string {
  const schema = confString(conf, POSTGRES_SCHEMA_CONF) ?? 'public';
  if (!IDENT.test(schema)) throw new TypeError(`conf "${POSTGRES_SCHEMA_CONF}" must be a lower-case SQL identifier, got "${schema}"`);
  return schema;
}

/** The example's tables: keyed by event id, alert id and record position, so a replayed tuple never adds a row. */
export function tablesDdl(schema: string): string {
  return `
    CREATE SCHEMA IF NOT EXISTS ${schema};
    CREATE TABLE IF NOT EXISTS ${schema}.scored_activity (
      event_id bigint PRIMARY KEY, user_id text NOT NULL, ts bigint NOT NULL, score real NOT NULL, risk real NOT NULL, data jsonb NOT NULL);
    CREATE TABLE IF NOT EXISTS ${schema}.alerts (
      alert_id text PRIMARY KEY, event_id bigint NOT NULL, user_id text NOT NULL, data jsonb NOT NULL);
    CREATE TABLE IF NOT EXISTS ${schema}.dead_letters (
      source text PRIMARY KEY, reason text NOT NULL, value text, at timestamptz NOT NULL DEFAULT now());`;
}

/**
 * One task's connection pool to the example's tables, created on first use (under an advisory lock, as parallel tasks
 * start together). Every write is one statement in its own transaction, with `ON CONFLICT DO NOTHING` on the key:
 * the caller acks its tuples once the promise resolves (after COMMIT) and fails them when it rejects. A lost
 * connection rejects the batch; the pool connects again for the next one, so the run stays up.
 */
export class PostgresTables {
  readonly #pool: pg.Pool;
  readonly #schema: string;
  readonly #where: string;
  #ready: Promise<void> | undefined;

  constructor(conf: Conf, onError: (error: Error) => void) {
    const url = postgresUrl(conf);
    this.#schema = postgresSchema(conf);
    this.#where = maskedUrl(url);
    this.#pool = new pg.Pool({ connectionString: url, max: 2, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
    this.#pool.on('error', (error) => onError(this.#explain(error)));
    // Connect at once, so a wrong password or an unreachable server is reported at start, not at the first batch.
    this.#ready = this.#createTables();
    this.#ready.catch((error: unknown) => onError(this.#explain(error)));
  }

  /** Inserts scored events (one row each, the whole event as JSONB); resolves after COMMIT. */
  insertScored(rows: readonly Record<string, unknown>[]): Promise<number> {
    return this.#insert(
      `INSERT INTO ${this.#schema}.scored_activity (event_id, user_id, ts, score, risk, data)
       SELECT (r->>'event_id')::bigint, r->>'user_id', (r->>'ts')::bigint, (r->>'score')::real, (r->>'risk')::real, r
       FROM jsonb_array_elements($1::jsonb) r ON CONFLICT (event_id) DO NOTHING`,
      rows,
    );
  }

  /** Inserts alerts; resolves after COMMIT. */
  insertAlerts(rows: readonly Record<string, unknown>[]): Promise<number> {
    return this.#insert(
      `INSERT INTO ${this.#schema}.alerts (alert_id, event_id, user_id, data)
       SELECT r->>'alert_id', (r->>'event_id')::bigint, r->>'user_id', r FROM jsonb_array_elements($1::jsonb) r
       ON CONFLICT (alert_id) DO NOTHING`,
      rows,
    );
  }

  /** Inserts dead letters ({source, reason, value}); resolves after COMMIT. */
  insertDeadLetters(rows: readonly { source: string; reason: string; value: string | null }[]): Promise<number> {
    return this.#insert(
      `INSERT INTO ${this.#schema}.dead_letters (source, reason, value)
       SELECT r->>'source', r->>'reason', r->>'value' FROM jsonb_array_elements($1::jsonb) r ON CONFLICT (source) DO NOTHING`,
      rows,
    );
  }

  async close(): Promise<void> {
    await this.#pool.end();
  }

  async #insert(sql: string, rows: readonly unknown[]): Promise<number> {
    if (rows.length === 0) return 0;
    try {
      await (this.#ready ??= this.#createTables());
      const result = await this.#pool.query(sql, [JSON.stringify(rows)]);
      return result.rowCount ?? 0;
    } catch (error) {
      throw this.#explain(error);
    }
  }

  async #createTables(): Promise<void> {
    const client = await this.#pool.connect();
    try {
      await client.query('BEGIN');
      await client.query("SELECT pg_advisory_xact_lock(hashtext('twinstorm-user-activity-ddl'))");
      await client.query(tablesDdl(this.#schema));
      await client.query('COMMIT');
    } catch (error) {
      this.#ready = undefined;
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  #explain(error: unknown): Error {
    const message = error instanceof Error ? error.message : String(error);
    return new Error(`PostgreSQL at ${this.#where}: ${message}`, { cause: error });
  }
}
