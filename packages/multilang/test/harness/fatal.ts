/** Why Storm would kill the worker (or, for `heartbeat-late`, why the harness's stricter deadline failed). */
export type FatalReason =
  /** A frame's text is not JSON (user output on stdout lands here: it corrupts the next frame). */
  | 'invalid-json'
  /** A message that must be a JSON object is not one (Storm casts it to JSONObject). */
  | 'not-an-object'
  /** The handshake reply has no numeric pid, or no pid file / a pid file for another pid. */
  | 'handshake'
  /** A message without a string `command`. */
  | 'missing-command'
  /** A spout sent a command ShellSpout does not know (bolts' unknown commands are ignored by Storm: a warning). */
  | 'unknown-command'
  /** ack/fail of an id Storm never sent or already saw acked/failed (heartbeat ids included). */
  | 'unknown-id'
  /** An emit anchored to an id that is unknown or already acked/failed. */
  | 'anchor-unknown-id'
  /** An emit to a stream the component did not declare (or a regular emit to a direct stream). */
  | 'unknown-stream'
  /** A field of the wrong type (Storm's ClassCastException), e.g. a non-list tuple or a non-string anchor. */
  | 'bad-field'
  /** A tuple whose length differs from the stream's declared fields (Storm checks this in local mode). */
  | 'wrong-field-count'
  /** A direct emit Storm rejects (stock serializer's Integer->Long cast, a non-direct stream). */
  | 'direct-emit'
  /** A metrics command for a metric not registered on the Java side. */
  | 'metrics'
  /** A spout wrote something while no request was outstanding (e.g. an emit outside next). */
  | 'spout-unsolicited'
  /** A spout did not answer a request with sync within the timeout. */
  | 'spout-timeout'
  /** Nothing from a bolt within the subprocess timeout (ShellBolt's heartbeat check). */
  | 'heartbeat-timeout'
  /** A heartbeat was not answered within the harness's stricter deadline. */
  | 'heartbeat-late'
  /** The child exited when nobody asked it to. */
  | 'child-exit'
  /** A frame grew beyond the harness's size limit without an `end` line. */
  | 'frame-too-large';

/** A condition on which Storm would kill the worker: fails the test, with the frames and stderr that led to it. */
export class StormFatalError extends Error {
  override readonly name = 'StormFatalError';
  constructor(
    readonly reason: FatalReason,
    message: string,
    readonly diagnostics: string,
  ) {
    super(`[${reason}] ${message}\n${diagnostics}`);
  }
}

/** A wait that ran out of time; the message carries the diagnostic dump. */
export class HarnessTimeoutError extends Error {
  override readonly name = 'HarnessTimeoutError';
}
