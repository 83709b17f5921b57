import { CommanderError } from 'commander';

/**
 * Stable codes for what the CLI itself rejects, so tests and scripts can tell the failures apart. Bad arguments are
 * commander's own errors; `status` drops stale registrations and only warns about runs that do not answer.
 */
export type CliErrorCode =
  | 'E_RUN_NOT_FOUND'
  | 'E_START_FAILED'
  | 'E_USAGE'
  /** The run registry directory is not this user's own or is writable by others (see checkRuntimeDir). */
  | 'E_RUNTIME_DIR';

/** The one error class of the CLI: a stable `code` and a message that fits on one line. */
export class CliError extends Error {
  override readonly name = 'CliError';

  constructor(
    readonly code: CliErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Turns any error into the single line the CLI prints on stderr (`twinstorm: <message>`), never a stack trace. */
export function errorLine(error: unknown): string {
  let message: string;
  if (error instanceof CommanderError) {
    message = error.message.replace(/^error:\s*/, '');
  } else if (error instanceof Error) {
    message = error.message;
  } else {
    message = String(error);
  }
  const oneLine = message
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0)
    .join(' ');
  return `twinstorm: ${oneLine.length > 0 ? oneLine : 'unknown error'}`;
}
