/** Stable codes so tests and CI scripts can branch on what went wrong in a testkit run, not on message text. */
export type TestkitErrorCode =
  /** runTopology / expectTwin got options it cannot use (unknown spout in `inputs`, nothing to wait for...). */
  | 'E_INVALID_OPTIONS'
  /** The topology module cannot be used (no source module, not found, not a topology). */
  | 'E_TOPOLOGY'
  /** The run did not finish before its deadline; the message holds a dump of what arrived. */
  | 'E_TIMEOUT'
  /** The runtime refused to emit fixture tuples (strict mode, values Storm cannot carry); see allowRejected. */
  | 'E_REJECTED'
  /** The run could not start (a task's prepare/open threw, the jar could not be built or submitted). */
  | 'E_START'
  /** The observation sink failed (cannot listen, a component could not reach it, a malformed report). */
  | 'E_SINK'
  /** Talking to Storm failed (status, kill, or the topology did not go away after the kill). */
  | 'E_STORM'
  /** expectTwin: the two runtimes captured different tuples; the message holds the diff. */
  | 'E_TWIN_MISMATCH';

/** The one error class of @twinstorm/testkit: a stable code and a message that says what and where. */
export class TestkitError extends Error {
  override readonly name = 'TestkitError';
  constructor(
    readonly code: TestkitErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
