/** Stable codes so the CLI, the testkit and tests can branch on what went wrong with Storm, not on message text. */
export type ClusterErrorCode =
  /** A tool twinstorm needs (java, mvn) is not on PATH. */
  | 'E_TOOL_MISSING'
  /** Maven could not resolve Storm's artifacts. */
  | 'E_RESOLVE'
  /** A port the cluster needs is already taken by another process. */
  | 'E_PORT_BUSY'
  /** A Storm daemon exited or did not come up in time while the cluster was starting. */
  | 'E_DAEMON_START'
  /** A daemon or one of its children could not be stopped. */
  | 'E_DAEMON_STOP'
  /** The cluster state directory holds something we cannot read. */
  | 'E_STATE'
  // package / submit / nimbus (the package helper's part):
  /** esbuild could not bundle the topology module (syntax error, unresolved import...). */
  | 'E_BUNDLE'
  /** The topology imports a native add-on (a `.node` file or a package that builds one): it cannot run from a jar. */
  | 'E_NATIVE_ADDON'
  /** A shell component's script is not in the jar's resources/, or two resource files collide. */
  | 'E_SHELL_RESOURCE'
  /** The runner jar (storm/target/twinstorm-storm-runner.jar) is missing and could not be built. */
  | 'E_RUNNER_JAR'
  /** A bad argument: a Nimbus address, a topology name, a conf key or value, a file that is not a .ts/.js/.jar. */
  | 'E_INVALID_ARGUMENT'
  /** Nimbus did not answer at the address given. */
  | 'E_NIMBUS_UNREACHABLE'
  /** A topology with that name is already running on the cluster. */
  | 'E_TOPOLOGY_EXISTS'
  /** No topology with that name runs on the cluster. */
  | 'E_TOPOLOGY_NOT_FOUND'
  /** Submitting failed on the Java side for another reason (its stderr line is the message). */
  | 'E_SUBMIT'
  /** A Nimbus command failed or answered something we cannot read. */
  | 'E_NIMBUS';

/** The one error class of @twinstorm/cluster: a stable code and a one-line message that names what and where. */
export class ClusterError extends Error {
  override readonly name = 'ClusterError';
  constructor(
    readonly code: ClusterErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
