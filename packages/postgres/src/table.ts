import type pg from 'pg';
import type { ErrorSite } from '@twinstorm/core';
import { PostgresConnectorError, pgErrorText, sqlState } from './errors.ts';
import type { SinkMode } from './conf.ts';

/** What the sink knows of its table, read from the catalog at prepare. */
export interface TableInfo {
  /** The name as PostgreSQL prints it (quoted where needed, schema-qualified when off the search path): safe in SQL. */
  readonly sqlName: string;
  /** Column name → type, in table order. */
  readonly columns: ReadonlyMap<string, string>;
  readonly primaryKey: readonly string[];
}

/** Quotes an identifier for SQL. */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** Reads the table's columns and primary key; E_PG_TABLE naming `postgres.table` when it does not exist. */
export async function readTable(client: pg.Client, table: string, site: ErrorSite): Promise<TableInfo> {
  let sqlName: string;
  try {
    const r = await client.query<{ name: string }>('SELECT $1::regclass::text AS name', [table]);
    sqlName = r.rows[0]!.name;
  } catch (error) {
    if (sqlState(error) === '42P01' || sqlState(error) === '42602' || sqlState(error) === '3F000') {
      throw new PostgresConnectorError(
        'E_PG_TABLE',
        `conf "postgres.table": table "${table}" does not exist (${pgErrorText(error)}); create it first (see @twinstorm/postgres README)`,
        site,
        { cause: error },
      );
    }
    throw error;
  }
  const columns = await client.query<{ name: string; type: string }>(
    `SELECT attname AS name, format_type(atttypid, atttypmod) AS type FROM pg_attribute
     WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum`,
    [table],
  );
  const key = await client.query<{ name: string }>(
    `SELECT a.attname AS name FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
     WHERE i.indrelid = $1::regclass AND i.indisprimary ORDER BY array_position(i.indkey::int2[], a.attnum)`,
    [table],
  );
  return { sqlName, columns: new Map(columns.rows.map((c) => [c.name, c.type])), primaryKey: key.rows.map((k) => k.name) };
}

/**
 * The statement that writes a batch of rows given as one JSON array ($1): `jsonb_populate_recordset` turns it into rows
 * of the table's own row type, so every column type (jsonb, timestamptz, numeric...) is converted by PostgreSQL, and
 * the batch is one parameter whatever its size (no 65,535-parameter limit).
 */
export function writeStatement(
  table: TableInfo,
  columns: readonly string[],
  mode: Exclude<SinkMode, 'copy'>,
  key: readonly string[],
): string {
  const list = columns.map(quoteIdent).join(', ');
  const insert = `INSERT INTO ${table.sqlName} (${list}) SELECT ${list} FROM jsonb_populate_recordset(NULL::${table.sqlName}, $1::jsonb)`;
  const target = key.map(quoteIdent).join(', ');
  const updated = columns.filter((c) => !key.includes(c));
  if (mode === 'ignore' || updated.length === 0) return `${insert} ON CONFLICT (${target}) DO NOTHING`;
  return `${insert} ON CONFLICT (${target}) DO UPDATE SET ${updated.map((c) => `${quoteIdent(c)} = EXCLUDED.${quoteIdent(c)}`).join(', ')}`;
}

/** The COPY statement of the append mode (text format, the columns in this order). */
export function copyStatement(table: TableInfo, columns: readonly string[]): string {
  return `COPY ${table.sqlName} (${columns.map(quoteIdent).join(', ')}) FROM STDIN`;
}
