// @twinstorm/testkit: run a topology on fixture input on either runtime and compare what the runtimes emit.
export { TestkitError, type TestkitErrorCode } from './errors.ts';
export { runTopology } from './run/run-topology.ts';
export type {
  CapturedTuple,
  NimbusAddress,
  Observation,
  RunProgress,
  RunResult,
  RunTopologyOptions,
  Runtime,
  SettledTuple,
} from './run/types.ts';
export type { FixtureInputs, FixtureTuple } from './inputs.ts';
export { connectProbe, Probe } from './probe.ts';
export { CAPTURE_COMPONENT, TESTKIT_CONF } from './conf-keys.ts';
export { expectTwin, type TwinOptions } from './twin/expect-twin.ts';
export { diffRuns, type CompareOptions } from './twin/compare.ts';
export { stopStormClusterStartedByTests, useStormCluster } from './storm/use-storm-cluster.ts';
export { withLockDir } from './lock-dir.ts';
// One polling helper for every test (defined in core so the engine's own tests can use it without a cycle).
export { waitFor, type WaitForOptions } from '@twinstorm/core/testing';
// The docker-compose cluster is exported from '@twinstorm/testkit/compose', not from here: topology modules import
// this entry, and bundling it must not pull in testcontainers (native add-ons).
export { BoltDriver, type BoltDriverOptions, type DriverEmit, type SendOptions } from './driver/bolt-driver.ts';
