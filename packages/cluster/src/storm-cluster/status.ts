import { clusterPaths } from './layout.ts';
import { resolveClusterOptions, type ClusterOptions } from './options.ts';
import { isListening } from './ports.ts';
import { clusterProcesses, isAlive } from './process-table.ts';
import { readClusterState } from './state.ts';
import { DAEMONS, type DaemonName } from './daemons.ts';

/** One daemon as `twinstorm storm status` shows it. */
export interface DaemonStatus {
  readonly name: DaemonName;
  readonly pid: number | null;
  readonly alive: boolean;
  readonly port: number;
  readonly listening: boolean;
}

/** The state of the loopback cluster: its daemons, and the workers and multilang children running under it. */
export interface StormClusterStatus {
  /** True when every daemon runs and Nimbus answers on its port. */
  readonly running: boolean;
  readonly dir: string;
  readonly version: string | null;
  readonly startedAt: string | null;
  /** True when every server of the cluster listens on 127.0.0.1 only (see storm/loopback). */
  readonly loopbackOnly: boolean;
  readonly nimbus: { readonly host: '127.0.0.1'; readonly port: number } | null;
  readonly daemons: readonly DaemonStatus[];
  /** Worker JVMs (one per used slot). */
  readonly workers: number;
  /** Multilang children (node, python, ...) started by workers. */
  readonly children: number;
}

/** Reads the cluster's state without changing anything. */
export async function stormClusterStatus(options: ClusterOptions = {}): Promise<StormClusterStatus> {
  const o = resolveClusterOptions(options);
  const paths = clusterPaths(o.dir);
  const state = await readClusterState(paths);
  if (state === null) {
    return {
      running: false,
      dir: paths.dir,
      version: null,
      startedAt: null,
      loopbackOnly: false,
      nimbus: null,
      daemons: [],
      workers: 0,
      children: 0,
    };
  }
  const daemons: DaemonStatus[] = [];
  for (const name of DAEMONS) {
    const pid = state.daemons[name] ?? null;
    const port = state.ports[name];
    daemons.push({ name, pid, alive: pid !== null && isAlive(pid), port, listening: await isListening(port, 500) });
  }
  const procs = clusterProcesses(paths.dir, Object.values(state.daemons));
  const workers = procs.filter((p) => p.cmdline.includes('org.apache.storm.daemon.worker.Worker')).length;
  const children = procs.filter((p) => !p.cmdline.startsWith('java') && !p.cmdline.includes('/java ')).length;
  return {
    running: daemons.every((d) => d.alive && d.listening),
    dir: paths.dir,
    version: state.version,
    startedAt: state.startedAt,
    loopbackOnly: state.loopbackOnly,
    nimbus: { host: '127.0.0.1', port: state.ports.nimbus },
    daemons,
    workers,
    children,
  };
}
