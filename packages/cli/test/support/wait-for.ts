/** Polls `check` until it returns something other than undefined/false; on timeout fails with `what` and a diagnostic dump. */
export async function waitFor<T>(
  check: () => T | undefined | false | Promise<T | undefined | false>,
  options: { what: string; timeoutMs?: number; intervalMs?: number; dump?: () => string },
): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 20_000);
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const reason = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      throw new Error(
        `timed out waiting for ${options.what}${reason}${options.dump === undefined ? '' : `\n--- diagnostics ---\n${options.dump()}`}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 50));
  }
}
