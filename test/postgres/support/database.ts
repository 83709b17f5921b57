// Tables for one test on the shared PostgreSQL: a fresh `s13_`-prefixed name, an admin connection, and cleanup.
import pg from 'pg';
import { useServices } from '../../support/services.ts';

/** The PostgreSQL tests run against: the loopback server of `twinstorm services` (started when none runs). */
export async function testPostgresUrl(): Promise<string> {
  return (await useServices(['postgres'])).postgres.url;
}

/** A table name no earlier test used (unquoted identifiers: lower case). */
export function freshTable(name: string): string {
  return `s13_${name}_${process.pid}_${Date.now().toString(36)}`.toLowerCase();
}

/** A connected client of the test database, for setup and for checking what the sink committed. */
export async function adminClient(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, application_name: 'twinstorm test admin' });
  client.on('error', () => undefined);
  await client.connect();
  return client;
}

/** Row count and distinct-key count of a table. */
export async function countRows(db: pg.Client, table: string, key = 'id'): Promise<{ rows: number; distinct: number }> {
  const r = await db.query<{ n: string; d: string }>(`SELECT count(*) AS n, count(DISTINCT ${key}) AS d FROM ${table}`);
  return { rows: Number(r.rows[0]!.n), distinct: Number(r.rows[0]!.d) };
}
