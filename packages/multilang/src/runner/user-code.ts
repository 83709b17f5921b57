import { MultilangError } from '../errors.ts';

/** The fatal error for a throw in user code Storm gives no way past (constructor, prepare, open, a spout method). */
export function userCodeError(where: string, error: unknown): MultilangError {
  const message = error instanceof Error ? error.message : String(error);
  return new MultilangError('E_USER_CODE', `${where} threw: ${message}`, {}, { cause: error });
}

/** A thenable, as execute / prepare / nextTuple and friends may return. */
export function isPromise(value: unknown): value is Promise<void> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}
