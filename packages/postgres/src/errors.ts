import { describeSite, type ErrorSite } from '@twinstorm/core';

/** Stable codes so topologies and tests can branch on what went wrong with PostgreSQL, not on message text. */
export type PostgresConnectorErrorCode =
  /** A postgres.* (or state provider config) key is missing, of the wrong type or out of range; the message names it. */
  | 'E_PG_CONF'
  /** The server could not be reached or dropped the connection; the message names host, port and database. */
  | 'E_PG_CONNECT'
  /** The server refused the user or password (the password itself is never shown). */
  | 'E_PG_AUTH'
  /** The table is missing, has no column for any field, or has no unique key for the upsert. */
  | 'E_PG_TABLE'
  /** A tuple cannot become a row (a key field missing or null). */
  | 'E_PG_ROW'
  /** A batch's transaction failed and was rolled back. */
  | 'E_PG_WRITE'
  /** The state provider could not load or commit a task's state. */
  | 'E_PG_STATE';

/** The one error class of @twinstorm/postgres: a stable code, and the component and task involved in the message. */
export class PostgresConnectorError extends Error {
  override readonly name = 'PostgresConnectorError';
  readonly code: PostgresConnectorErrorCode;
  readonly site: ErrorSite;

  constructor(code: PostgresConnectorErrorCode, message: string, site: ErrorSite = {}, options?: { cause?: unknown }) {
    super(`${describeSite(site)}${message}`, options);
    this.code = code;
    this.site = site;
  }
}

/** The server's SQLSTATE of a pg error, or a Node socket code (ECONNREFUSED...), when there is one. */
export function sqlState(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * True when the error means the connection is gone or unusable (socket errors, class 08, the server shutting down,
 * a timeout), so the client is dropped and a new one connects after a back-off; false for errors of the statement.
 */
export function isConnectionLoss(error: unknown): boolean {
  if (error instanceof PostgresConnectorError) return false;
  const code = sqlState(error);
  if (code === undefined) return true; // pg's "Connection terminated", timeouts: no SQLSTATE, the socket is suspect
  return code.startsWith('E') || code.startsWith('08') || code.startsWith('57P') || code === '53300';
}

/** The message of a pg error with its SQLSTATE and detail, never conf values. */
export function pgErrorText(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const e = error as Error & { code?: string; detail?: string };
  const message = e.message || (error instanceof AggregateError ? error.errors.map((x) => pgErrorText(x)).join('; ') : e.name);
  const code = typeof e.code === 'string' ? ` [${e.code}]` : '';
  return `${message}${code}${typeof e.detail === 'string' ? ` (${e.detail})` : ''}`;
}
