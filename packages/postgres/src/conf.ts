import { ConfReader, type Conf, type ErrorSite } from '@twinstorm/core';
import type { DefaultUrl } from './default-url.ts';

/** How to reach the server; `url` may hold the password, so it is only ever shown through `describeConnection`. */
export interface PostgresConnection {
  readonly url: string;
  /** Overrides the URL's password when set (`postgres.password`). */
  readonly password: string | undefined;
  readonly ssl: boolean;
  readonly connectTimeoutMs: number;
  /** The first wait before reconnecting after a lost connection; doubled on each failure up to `reconnectMaxMs`. */
  readonly reconnectInitialMs: number;
  readonly reconnectMaxMs: number;
}

/** What the sink does with a row: upsert on the key, insert unless the key exists, or append with COPY. */
export type SinkMode = 'upsert' | 'ignore' | 'copy';

/** PostgresSink's settings, read from `postgres.*` keys (README lists them). */
export interface SinkSettings extends PostgresConnection {
  readonly table: string;
  readonly mode: SinkMode;
  /** undefined: the table's primary key. */
  readonly key: readonly string[] | undefined;
  /** undefined: every column of the table that the tuple has a field of the same name for. */
  readonly columns: ReadonlyMap<string, string> | undefined;
}

/** Reads the connection keys named `<prefix>url`, `<prefix>password`... from `read`. */
export function readConnection(read: ConfReader, prefix: string, defaultUrl: DefaultUrl, complete: boolean): PostgresConnection {
  const urlKey = `${prefix}url`;
  const url = read.optionalString(urlKey, true) ?? (complete ? defaultUrl() : undefined) ?? '';
  if (complete && url === '') {
    throw read.problem(
      urlKey,
      'is not set and no `twinstorm services` PostgreSQL is running (run `twinstorm services up postgres`, or set it to "postgres://user@host:port/database")',
    );
  }
  if (url !== '' && parseUrl(url) === undefined) {
    throw read.problem(urlKey, `must be a postgres://user@host:port/database URL, got "${maskPassword(url)}"`, true);
  }
  const reconnectInitialMs = read.integer(`${prefix}reconnect.initial.ms`, 200, 1);
  return {
    url,
    password: read.optionalString(`${prefix}password`, true),
    ssl: read.boolean(`${prefix}ssl`, false),
    connectTimeoutMs: read.integer(`${prefix}connect.timeout.ms`, 5000, 1),
    reconnectInitialMs,
    reconnectMaxMs: read.integer(`${prefix}reconnect.max.ms`, 10_000, reconnectInitialMs),
  };
}

/**
 * Reads and validates the sink's keys. `complete` false at build time: keys present are checked, and the URL may still
 * come from `--conf` or from `twinstorm services` when the run starts; true at prepare.
 */
export function readSinkSettings(conf: Conf, site: ErrorSite, defaultUrl: DefaultUrl, complete: boolean): SinkSettings {
  const read = new ConfReader(conf, site);
  const table = complete ? read.string('postgres.table') : (read.optionalString('postgres.table') ?? '');
  const mode = read.oneOf('postgres.mode', ['upsert', 'ignore', 'copy'], 'upsert');
  const key = read.stringList('postgres.key');
  if (key !== undefined && mode === 'copy')
    throw read.problem('postgres.key', 'has no use with "postgres.mode" "copy" (COPY only appends)');
  return { ...readConnection(read, 'postgres.', defaultUrl, complete), table, mode, key, columns: readColumns(read) };
}

/** `postgres.columns`: a list of names (column = field) or an object of column: field. */
function readColumns(read: ConfReader): ReadonlyMap<string, string> | undefined {
  const raw = read.conf['postgres.columns'];
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw === 'object' && !Array.isArray(raw)) {
    const entries = Object.entries(raw as Record<string, unknown>);
    if (entries.length === 0 || entries.some(([c, f]) => c.length === 0 || typeof f !== 'string' || f.length === 0)) {
      throw read.problem('postgres.columns', 'must map each column name to a tuple field name (non-empty strings)');
    }
    return new Map(entries as [string, string][]);
  }
  const names = read.stringList('postgres.columns');
  return names === undefined ? undefined : new Map(names.map((n) => [n, n]));
}

/** The parts of a connection URL that may be shown. */
export function parseUrl(url: string): { user: string; host: string; port: string; database: string } | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') return undefined;
  return {
    user: decodeURIComponent(parsed.username),
    host: parsed.hostname,
    port: parsed.port || '5432',
    database: decodeURIComponent(parsed.pathname.replace(/^\//, '')),
  };
}

/** The server, database and user as they may appear in logs and errors (never the password). */
export function describeConnection(c: PostgresConnection): string {
  const p = parseUrl(c.url);
  if (p === undefined) return '(an unparsable postgres URL)';
  return `postgres://${p.user === '' ? '' : `${p.user}@`}${p.host}:${p.port}/${p.database}${c.ssl ? ' over TLS' : ''}`;
}

/** A URL with its password replaced by `***`. */
export function maskPassword(url: string): string {
  return url.replace(/^([a-z]+:\/\/[^:/@]*:)[^@]*@/i, '$1***@');
}
