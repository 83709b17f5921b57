import type { MultilangErrorCode } from '../errors.ts';

/**
 * The component runner's exit codes, one per cause, so a supervisor (or a test) knows why a child ended without
 * parsing stderr. Documented in the package README; never renumber one.
 */
export const EXIT_CODES = {
  /** Storm closed stdin between frames: the task is over. */
  EOF: 0,
  /** A frame that is not JSON (garbage on stdin). */
  E_MALFORMED_FRAME: 10,
  /** Stdin closed in the middle of a frame. */
  E_TRUNCATED_FRAME: 11,
  /** A frame that must be a JSON object was not one. */
  E_NOT_AN_OBJECT: 12,
  /** A command this component kind does not know. */
  E_UNKNOWN_COMMAND: 13,
  /** A frame over the size cap. */
  E_FRAME_TOO_LARGE: 14,
  /** A well-formed message that breaks the protocol (missing field, unexpected task-id reply...). */
  E_PROTOCOL: 15,
  /** Reading stdin failed. */
  E_INPUT: 16,
  /** Writing stdout failed (Storm's end of the pipe closed). */
  E_OUTPUT: 17,
  /** A message that was about to be written cannot be (runner bug or user value slipping through). */
  E_UNSERIALIZABLE: 18,
  /** The handshake is unusable, or the pid file cannot be written. */
  E_HANDSHAKE: 20,
  /** The component id is not in the topology (or is a shell component), or the handshake is for another component. */
  E_UNKNOWN_COMPONENT: 21,
  /** The topology module cannot be loaded (not found, not a topology, threw at import). */
  E_TOPOLOGY_LOAD: 22,
  /** User code threw where Storm offers no way on: constructor, open, prepare, a spout method, an uncaught error. */
  E_USER_CODE: 30,
  /** A bug in twinstorm. */
  E_INTERNAL: 70,
  /** SIGTERM (Storm's ShellProcess.destroy()): handled, output flushed, then exit 128 + 15 as shells report it. */
  SIGTERM: 143,
} as const satisfies Partial<Record<MultilangErrorCode | 'EOF' | 'SIGTERM', number>>;

/** The exit code of a fatal error code (codes the runner never raises itself map to E_INTERNAL's). */
export function exitCodeFor(code: MultilangErrorCode): number {
  return (EXIT_CODES as Partial<Record<MultilangErrorCode, number>>)[code] ?? EXIT_CODES.E_INTERNAL;
}
