import type { MultilangError } from '../errors.ts';
import { exitCodeFor } from './exit-codes.ts';

/** Who is failing, for the fatal line: the component, its task once the handshake told it, the pid. */
export interface FatalSite {
  readonly component: string;
  readonly task?: number | undefined;
  readonly pid: number;
}

/**
 * The single stderr line of a fatal cause (no newline at the end): component, task, pid, reason, code and exit
 * code, e.g. `twinstorm component: component "split", task 3, pid 4242: a frame is not valid JSON (...) [E_MALFORMED_FRAME, exit 10]`.
 * Storm copies a dying child's stderr into its exception, so this line is what a Storm user sees first.
 */
export function fatalLine(site: FatalSite, error: MultilangError): string {
  const who = `component "${site.component}", task ${site.task ?? '?'}, pid ${site.pid}`;
  const reason = error.message.replace(/\s*\r?\n\s*/g, ' ').trim();
  return `twinstorm component: ${who}: ${reason} [${error.code}, exit ${exitCodeFor(error.code)}]`;
}
