/** Stable codes so the CLI, test helpers and tests can branch on what went wrong with a loopback service. */
export type ServicesErrorCode =
  /** A binary a service needs (java, mvn, postgres, initdb, redis-server) is not installed. */
  | 'E_TOOL_MISSING'
  /** A name that is not kafka, postgres or redis. */
  | 'E_INVALID_ARGUMENT'
  /** A port variable (TWINSTORM_KAFKA_PORT, …) that is not a port number. */
  | 'E_SERVICES_PORT'
  /** A service exited or did not become ready while starting. */
  | 'E_START'
  /** `reset` of a service that is not running. */
  | 'E_NOT_RUNNING'
  /** A command run against a running service (creating the database, emptying it) failed. */
  | 'E_COMMAND'
  /** The state directory holds something we cannot read. */
  | 'E_STATE';

/** The one error class of @twinstorm/services: a stable code and a one-line message naming the service and the cause. */
export class ServicesError extends Error {
  override readonly name = 'ServicesError';
  constructor(
    readonly code: ServicesErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
