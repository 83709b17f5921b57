import { ConfReader, type Conf } from '@twinstorm/core';
import { registerStateProvider, type JsonValue, type StateChanges, type StateProvider, type StateStore } from '@twinstorm/state';
import type pg from 'pg';
import { describeConnection, readConnection } from './conf.ts';
import { ReconnectingClient } from './connection.ts';
import { servicesPostgresUrl, type DefaultUrl } from './default-url.ts';
import { PostgresConnectorError, pgErrorText } from './errors.ts';
import { quoteIdent } from './table.ts';

/** The table state goes to when the provider config names none. */
export const DEFAULT_STATE_TABLE = 'twinstorm_state';
const CONFIG_KEY = 'topology.state.provider.config';

/**
 * Storm's StateProvider for PostgreSQL: every task namespace's keys are rows of one table (namespace, key, value
 * jsonb), and a checkpoint's puts and deletes are written in one transaction, so a crash leaves the state of the last
 * COMMIT. Config (`topology.state.provider.config`): `url` (default: the `twinstorm services` PostgreSQL), `password`,
 * `ssl`, `table` (default twinstorm_state, created when missing), `connect.timeout.ms`, `reconnect.initial.ms`/`.max.ms`.
 */
export function postgresStateProvider(defaultUrl: DefaultUrl = servicesPostgresUrl): StateProvider {
  return {
    name: 'postgres',
    async open(namespace, config) {
      const read = new ConfReader(prefixed(config), {});
      const settings = readConnection(read, `${CONFIG_KEY}.`, defaultUrl, true);
      const table = read.string(`${CONFIG_KEY}.table`, DEFAULT_STATE_TABLE);
      if (!/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$/.test(table)) {
        throw read.problem(`${CONFIG_KEY}.table`, 'must be a table name (letters, digits, _; optionally schema.table)');
      }
      const site = { component: namespace.split('/')[1], task: Number(namespace.split('/')[2]) || undefined };
      const client = new ReconnectingClient(settings, site);
      const sqlName = table.split('.').map(quoteIdent).join('.');
      try {
        await client.use((c) => createTable(c, sqlName));
      } catch (error) {
        await client.close();
        throw error;
      }
      return new PostgresStateStore(client, sqlName, namespace, describeConnection(settings));
    },
  };
}

/** The provider `topology.state.provider: "postgres"` selects, registered when @twinstorm/postgres is imported. */
export const postgresState: StateProvider = postgresStateProvider();
registerStateProvider(postgresState);

class PostgresStateStore implements StateStore {
  constructor(
    private readonly client: ReconnectingClient,
    private readonly table: string,
    private readonly namespace: string,
    private readonly where: string,
  ) {}

  async load(): Promise<Map<string, JsonValue>> {
    const rows = await this.#run('load', (c) =>
      c.query<{ key: string; value: JsonValue }>(`SELECT key, value FROM ${this.table} WHERE namespace = $1`, [this.namespace]),
    );
    return new Map(rows.rows.map((r) => [r.key, r.value]));
  }

  /** Puts and deletes in one transaction: all of them are committed, or none. */
  async commit(changes: StateChanges): Promise<void> {
    if (changes.puts.size === 0 && changes.deletes.size === 0) return;
    await this.#run('commit', async (c) => {
      await c.query('BEGIN');
      try {
        if (changes.deletes.size > 0) {
          await c.query(`DELETE FROM ${this.table} WHERE namespace = $1 AND key = ANY($2::text[])`, [this.namespace, [...changes.deletes]]);
        }
        if (changes.puts.size > 0) {
          await c.query(
            `INSERT INTO ${this.table} (namespace, key, value) SELECT $1, key, value FROM jsonb_each($2::jsonb)
             ON CONFLICT (namespace, key) DO UPDATE SET value = EXCLUDED.value`,
            [this.namespace, JSON.stringify(Object.fromEntries(changes.puts))],
          );
        }
        await c.query('COMMIT');
      } catch (error) {
        await c.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
    });
  }

  close(): Promise<void> {
    return this.client.close();
  }

  async #run<T>(what: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
    try {
      return await this.client.use(fn);
    } catch (error) {
      if (error instanceof PostgresConnectorError) throw error;
      throw new PostgresConnectorError(
        'E_PG_STATE',
        `${what} of state "${this.namespace}" in ${this.table} at ${this.where} failed: ${pgErrorText(error)}`,
        {},
        { cause: error },
      );
    }
  }
}

async function createTable(client: pg.Client, table: string): Promise<void> {
  // Tasks open their stores at the same time: the lock keeps concurrent CREATE TABLE IF NOT EXISTS from colliding.
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [table]);
    await client.query(
      `CREATE TABLE IF NOT EXISTS ${table} (namespace text NOT NULL, key text NOT NULL, value jsonb NOT NULL, PRIMARY KEY (namespace, key))`,
    );
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/** The provider config as conf keys `topology.state.provider.config.<name>`, so errors name the key in full. */
function prefixed(config: Readonly<Record<string, unknown>>): Conf {
  return Object.fromEntries(Object.entries(config).map(([k, v]) => [`${CONFIG_KEY}.${k}`, v])) as Conf;
}
