import { MultilangError } from '../errors.ts';
import type { ErrorSite } from '@twinstorm/core';
import { errorMessageAt } from '@twinstorm/core/runtime';

/** The fatal error for a throw in user code Storm gives no way past (constructor, prepare, open, a spout method). */
export function userCodeError(where: string, error: unknown, site: ErrorSite = {}): MultilangError {
  // The fatal line names the component and task already: a message that starts with them (a connector's) loses them.
  const message = errorMessageAt(error, site);
  return new MultilangError('E_USER_CODE', `${where} threw: ${message}`, {}, { cause: error });
}

/** A thenable, as execute / prepare / nextTuple and friends may return. */
export function isPromise(value: unknown): value is Promise<void> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

/** How a call into user code went: returned, returned a promise (its outcome comes later), or threw. */
export type UserCallOutcome = 'sync' | 'async' | 'threw';

/**
 * Calls user code Storm gives no way past when it throws (prepare, open, a spout method): a throw or rejection goes to
 * `fatal` as E_USER_CODE naming `where`; `settled` runs only when a returned promise resolves.
 */
export function callUserCode(
  where: string,
  call: () => void | Promise<void>,
  settled: () => void,
  fatal: (error: MultilangError) => void,
  site: ErrorSite = {},
): UserCallOutcome {
  let result: void | Promise<void>;
  try {
    result = call();
  } catch (error) {
    fatal(userCodeError(where, error, site));
    return 'threw';
  }
  if (!isPromise(result)) return 'sync';
  result.then(settled, (error: unknown) => fatal(userCodeError(where, error, site)));
  return 'async';
}
