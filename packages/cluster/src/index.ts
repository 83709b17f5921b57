// @twinstorm/cluster: the topology jar, submit / list / kill / status against Nimbus, and a Storm cluster on loopback.
export { ClusterError, type ClusterErrorCode } from './errors.ts';
// Storm's jars, resolved with Maven into the twinstorm cache.
export { STORM_VERSION } from './storm-home/version.ts';
export { ensureStormInstall, type StormInstall } from './storm-home/install.ts';
export { twinstormCacheDir } from './storm-home/cache-dir.ts';
// Building blocks other loopback servers reuse (@twinstorm/services): Maven resolution, tool checks, detached
// daemons, ports, and finding / stopping every process started from a state directory.
export { resolveJarsInto, type MavenCoordinate } from './storm-home/maven.ts';
export { requireTool } from './storm-home/tools.ts';
export { spawnDetached, type DetachedLaunch } from './storm-cluster/spawn-detached.ts';
export { assertPortFree, isListening } from './storm-cluster/ports.ts';
export { isAlive } from './storm-cluster/process-table.ts';
export { stopClusterProcesses } from './storm-cluster/stop.ts';
export { tailLines } from './storm-cluster/log-tail.ts';
// A Storm cluster on 127.0.0.1 (`twinstorm storm up | down | status | logs`).
export { stormUp, type StormCluster } from './storm-cluster/up.ts';
export { stormDown, type StormDownResult } from './storm-cluster/down.ts';
export { DEFAULT_PORTS, defaultClusterDir, type ClusterOptions, type ClusterPorts } from './storm-cluster/options.ts';
export { stormClusterStatus, type DaemonStatus, type StormClusterStatus } from './storm-cluster/status.ts';
export { LOG_SOURCES, stormLogs, type LogSource, type LogTail } from './storm-cluster/logs.ts';
// The topology jar (`twinstorm package`) and what talks to Nimbus (`submit`, `list`, `kill`, `status`).
export { packageTopology, BUNDLE_ENTRY, SPEC_ENTRY, type PackageOptions, type PackageResult } from './package/package-topology.ts';
export { ensureRunnerJar, runnerClassEntries, type RunnerJarOptions } from './package/runner-jar.ts';
export { submitTopology, type SubmitOptions, type SubmitResult } from './submit/submit-topology.ts';
export { confArgs } from './submit/conf-args.ts';
export { DEFAULT_NIMBUS, formatNimbus, parseNimbus, resolveNimbus, type NimbusAddress } from './nimbus/nimbus-address.ts';
export { nimbusCommand, type NimbusOptions } from './nimbus/nimbus-command.ts';
export { killTopology, listTopologies, pingNimbus, type KillOptions, type StormTopologyListing } from './nimbus/list-kill.ts';
export {
  activateTopology,
  deactivateTopology,
  rebalanceTopology,
  type RebalanceOptions,
  type RebalanceResult,
} from './nimbus/topology-control.ts';
export {
  stormSummary,
  stormTopologyStatus,
  type StormComponentSummary,
  type StormRecentError,
  type StormTopologySummary,
  type StormWorkerProcess,
} from './nimbus/storm-status.ts';
