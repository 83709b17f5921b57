import { describeSite, type ErrorSite } from '@twinstorm/core';

/** Stable codes so the runner, the host and tests can branch on the kind of protocol failure, not on its text. */
export type MultilangErrorCode =
  /** A frame grew past the configured cap before its `end` line arrived. */
  | 'E_FRAME_TOO_LARGE'
  /** A complete frame whose text is not JSON (nor Storm's JSON dialect), or is empty. */
  | 'E_MALFORMED_FRAME'
  /** The input ended in the middle of a frame. */
  | 'E_TRUNCATED_FRAME'
  /** A frame that must be a JSON object (handshake, command, tuple) was something else. */
  | 'E_NOT_AN_OBJECT'
  /** A command the receiving side does not know. */
  | 'E_UNKNOWN_COMMAND'
  /** A well-formed message that breaks the protocol (missing field, wrong type, unexpected task-id reply...). */
  | 'E_PROTOCOL'
  /** The handshake message is unusable, or the pid file cannot be written. */
  | 'E_HANDSHAKE'
  /** A value Storm cannot carry (±Infinity, undefined in an array, a function...) was about to be written. */
  | 'E_UNSERIALIZABLE'
  /** The component id is not in the topology, or Storm's handshake is for another component. */
  | 'E_UNKNOWN_COMPONENT'
  /** Reading from the peer failed. */
  | 'E_INPUT'
  /** Writing to the peer failed (e.g. its end of the pipe closed). */
  | 'E_OUTPUT'
  /** A bug in twinstorm itself (never user input): reported rather than hidden. */
  | 'E_INTERNAL'
  /** User code threw where Storm gives no way to carry on (open, prepare, a spout method). */
  | 'E_USER_CODE'
  /** The component runner could not load the topology module (not found, not a topology, threw at import). */
  | 'E_TOPOLOGY_LOAD'
  /** Host: a shell component's subprocess could not start, or exited while the component was running. */
  | 'E_SUBPROCESS'
  /** Host: a shell component's subprocess sent nothing within the subprocess timeout (Storm's heartbeat timeout). */
  | 'E_HEARTBEAT_TIMEOUT'
  /** Host: a shell component's subprocess failed too often within the restart window; it is not respawned again. */
  | 'E_RESPAWN_LIMIT'
  /** Host: a component cannot run isolated in a subprocess (e.g. the topology was not loaded from a module). */
  | 'E_ISOLATE';

/** The one error class of @twinstorm/multilang: a stable `code` plus, where known, the component, task and stream. */
export class MultilangError extends Error {
  override readonly name = 'MultilangError';
  readonly code: MultilangErrorCode;
  readonly site: ErrorSite;

  constructor(code: MultilangErrorCode, message: string, site: ErrorSite = {}, options?: { cause?: unknown }) {
    super(`${describeSite(site)}${message}`, options);
    this.code = code;
    this.site = site;
  }
}
