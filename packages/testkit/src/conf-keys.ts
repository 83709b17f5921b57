/** Conf keys the testkit puts in the instrumented topology: how its components find the test process's sink. */
export const TESTKIT_CONF = {
  /** `host:port` of the NDJSON sink the test process listens on (127.0.0.1). */
  sink: 'twinstorm.testkit.sink',
  /** A token naming this run: reports carrying another token (a previous run's late stragglers) are dropped. */
  run: 'twinstorm.testkit.run',
} as const;

/** The component id of the bolt that captures the emits of the components named in `capture`. */
export const CAPTURE_COMPONENT = 'twinstorm-capture';
