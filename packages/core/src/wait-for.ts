import { errorMessage } from './errors.ts';

/** What a wait may add: a diagnostic dump for the timeout message (a test harness's `dump`) and the poll interval. */
export interface WaitForOptions {
  dump?(): string;
  /** Pause between checks, ms (default 5). */
  intervalMs?: number;
}

/**
 * Polls `check` until it returns something other than undefined/false and returns that; a check that throws is
 * tried again. At the deadline it throws an error naming what was awaited, the last error and the dump. Tests (and
 * test support) wait with this instead of sleeping, on every runtime.
 */
export async function waitFor<T>(
  check: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs: number,
  what: string | (() => string),
  options: WaitForOptions = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const awaited = typeof what === 'string' ? what : what();
      const reason = lastError === undefined ? '' : ` (last error: ${errorMessage(lastError)})`;
      const dump = options.dump === undefined ? '' : `\n--- diagnostics ---\n${options.dump()}`;
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${awaited}${reason}${dump}`);
    }
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 5));
  }
}
