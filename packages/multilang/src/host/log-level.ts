import type { LogLevel } from '@twinstorm/core';

const LEVELS: readonly LogLevel[] = ['trace', 'debug', 'info', 'warn', 'error'];

/** Storm's multilang log levels (0 trace .. 4 error); anything else is info, as Storm's ShellLogHandler does. */
export function multilangLogLevel(level: unknown): LogLevel {
  return typeof level === 'number' && Number.isInteger(level) ? (LEVELS[level] ?? 'info') : 'info';
}
