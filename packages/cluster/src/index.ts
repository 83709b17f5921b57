// @twinstorm/cluster: the topology jar, submit / list / kill / status against Nimbus, and a Storm cluster on loopback.
export { ClusterError, type ClusterErrorCode } from './errors.ts';
// Storm's jars, resolved with Maven into the twinstorm cache.
export { STORM_VERSION } from './storm-home/version.ts';
export { ensureStormInstall, type StormInstall } from './storm-home/install.ts';
export { twinstormCacheDir } from './storm-home/cache-dir.ts';
// A Storm cluster on 127.0.0.1 (`twinstorm storm up | down | status | logs`).
export { stormUp, type StormCluster } from './storm-cluster/up.ts';
export { stormDown, type StormDownResult } from './storm-cluster/down.ts';
export { DEFAULT_PORTS, defaultClusterDir, type ClusterOptions, type ClusterPorts } from './storm-cluster/options.ts';
