import { TwinstormError, type ErrorSite, type TwinstormErrorCode } from '@twinstorm/core';

/** An error as it crosses from a worker thread to the coordinator (structured clone drops `code` and `site`). */
export interface SentError {
  name: string;
  message: string;
  stack?: string | undefined;
  code?: string | undefined;
  site?: ErrorSite | undefined;
}

/** What of an error the coordinator needs to rebuild it: name, message, stack, and a TwinstormError's code and site. */
export function sendableError(error: unknown): SentError {
  if (error instanceof Error) {
    const sent: SentError = { name: error.name, message: error.message, stack: error.stack };
    if (error instanceof TwinstormError) {
      sent.code = error.code;
      sent.site = { ...error.site };
    }
    return sent;
  }
  return { name: 'Error', message: typeof error === 'string' ? error : (JSON.stringify(error) ?? String(error)) };
}

const BUILT_IN: Record<string, ErrorConstructor> = {
  Error,
  TypeError,
  RangeError,
  SyntaxError,
  ReferenceError,
  EvalError,
  URIError,
};

/** Rebuilds a sent error in this thread: a TwinstormError with its code and site, a built-in error of the same class, or an Error named like the original. */
export function revivedError(sent: SentError): Error {
  let error: Error;
  if (sent.code !== undefined) {
    error = new TwinstormError(sent.code as TwinstormErrorCode, '', sent.site ?? {});
    Object.defineProperty(error, 'message', { value: sent.message, writable: true, configurable: true });
  } else {
    const Ctor = BUILT_IN[sent.name];
    error = Ctor === undefined ? new Error(sent.message) : new Ctor(sent.message);
    if (Ctor === undefined) Object.defineProperty(error, 'name', { value: sent.name, writable: true, configurable: true });
  }
  if (sent.stack !== undefined) Object.defineProperty(error, 'stack', { value: sent.stack, writable: true, configurable: true });
  return error;
}
