import { join } from 'node:path';
import { ClusterError } from '../errors.ts';
import { ensureStormInstall, stormInstallCached } from '../storm-home/install.ts';
import { buildLoopbackShim } from '../storm-home/loopback-shim.ts';
import { requireTool } from '../storm-home/tools.ts';
import { STORM_VERSION } from '../storm-home/version.ts';
import { DAEMONS, daemonLaunch, type DaemonName } from './daemons.ts';
import { clusterPaths, layOutCluster, type ClusterPaths } from './layout.ts';
import { tailLines } from './log-tail.ts';
import { resolveClusterOptions, type ClusterOptions, type ClusterPorts } from './options.ts';
import { assertPortFree, isListening } from './ports.ts';
import { isAlive } from './process-table.ts';
import { clearClusterState, readClusterState, writeClusterState, type ClusterState } from './state.ts';
import { stopClusterProcesses } from './stop.ts';
import { spawnDetached } from './spawn-detached.ts';

/** A running loopback cluster: where to submit, and where its files are. */
export interface StormCluster {
  readonly version: string;
  readonly nimbus: { readonly host: '127.0.0.1'; readonly port: number };
  readonly zookeeperPort: number;
  readonly ports: ClusterPorts;
  /** STORM_HOME of the cluster. */
  readonly stormHome: string;
  /** The state directory (data, logs, pids). */
  readonly dir: string;
  /** False when `up` found the cluster already running and left it alone. */
  readonly started: boolean;
  readonly pids: Partial<Record<DaemonName, number>>;
}

function describe(state: ClusterState, paths: ClusterPaths, started: boolean): StormCluster {
  return {
    version: state.version,
    nimbus: { host: '127.0.0.1', port: state.ports.nimbus },
    zookeeperPort: state.ports.zookeeper,
    ports: state.ports,
    stormHome: paths.home,
    dir: paths.dir,
    started,
    pids: state.daemons,
  };
}

async function runningCluster(paths: ClusterPaths): Promise<ClusterState | null> {
  const state = await readClusterState(paths);
  if (state === null) return null;
  const alive = DAEMONS.every((d) => state.daemons[d] !== undefined && isAlive(state.daemons[d]));
  return alive && (await isListening(state.ports.nimbus)) ? state : null;
}

function startDaemon(
  name: DaemonName,
  paths: ClusterPaths,
  ports: ClusterPorts,
  shim: string | null,
): { pid: number; logFile: string; readyPort: number } {
  const launch = daemonLaunch(name, paths, ports, shim);
  const pid = spawnDetached({ ...launch, cwd: paths.dir });
  return { pid, logFile: launch.logFile, readyPort: launch.readyPort };
}

async function waitReady(name: DaemonName, pid: number, port: number, logFiles: readonly string[], deadline: number): Promise<void> {
  const failed = (what: string): ClusterError => {
    const tail = logFiles
      .map((f) => tailLines(f, 8))
      .filter((t) => t !== '')
      .join('\n');
    return new ClusterError('E_DAEMON_START', `${name} ${what}; its last log lines:\n${tail || '(no output)'}`);
  };
  for (;;) {
    if (!isAlive(pid)) throw failed('exited during start');
    if (await isListening(port, 500)) return;
    if (Date.now() > deadline) throw failed(`did not listen on 127.0.0.1:${port} in time`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

/**
 * Starts ZooKeeper, Nimbus and one Supervisor on 127.0.0.1 from Storm's Maven artifacts and waits until each
 * serves. Idempotent: a running cluster is returned as is; leftovers of a dead one are stopped first. A daemon that
 * dies or hangs during start stops everything already started and fails with its last log lines.
 */
export async function stormUp(options: ClusterOptions = {}): Promise<StormCluster> {
  const o = resolveClusterOptions(options);
  const paths = clusterPaths(o.dir);
  const running = await runningCluster(paths);
  if (running) {
    o.onProgress(`Storm ${running.version} is already running (nimbus 127.0.0.1:${running.ports.nimbus})`);
    return describe(running, paths, false);
  }
  const stale = await readClusterState(paths);
  if (stale) {
    o.onProgress('stopping the leftovers of a cluster that is no longer complete');
    await stopClusterProcesses(paths.dir, Object.values(stale.daemons));
    await clearClusterState(paths);
  }
  await requireTool('java');
  if (!stormInstallCached()) o.onProgress(`downloading Storm ${STORM_VERSION} jars with Maven (once; about 140 MB)`);
  const install = await ensureStormInstall();
  const p = o.ports;
  await assertPortFree(p.zookeeper, 'ZooKeeper');
  await assertPortFree(p.nimbus, 'Nimbus Thrift');
  await assertPortFree(p.supervisor, 'Supervisor Thrift');
  for (const slot of p.slots) await assertPortFree(slot, 'a worker slot');
  await layOutCluster(paths, install, p);
  const shim = await buildLoopbackShim();
  if (shim.path === null) o.onProgress(`warning: ${shim.reason}`);

  const state: ClusterState = {
    version: STORM_VERSION,
    dir: paths.dir,
    ports: p,
    startedAt: new Date().toISOString(),
    daemons: {},
    loopbackOnly: shim.path !== null,
  };
  const deadline = Date.now() + o.startTimeoutMs;
  try {
    for (const name of DAEMONS) {
      o.onProgress(`starting ${name}`);
      const d = startDaemon(name, paths, p, shim.path);
      (state.daemons as Record<DaemonName, number>)[name] = d.pid;
      await writeClusterState(paths, state);
      await waitReady(name, d.pid, d.readyPort, [d.logFile, join(paths.logs, `${name}.log`)], deadline);
      o.onProgress(`${name} up (pid ${d.pid}, port ${d.readyPort})`);
    }
  } catch (err) {
    await stopClusterProcesses(paths.dir, Object.values(state.daemons)).catch(() => 0);
    await clearClusterState(paths);
    throw err;
  }
  return describe(state, paths, true);
}
