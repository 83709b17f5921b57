// The loopback Storm cluster for `pnpm bench`: started here unless one already runs, and then stopped here — at the
// end, on failure, and on Ctrl-C / SIGTERM — while a cluster someone else started is left running (only the
// topologies the bench submitted are killed).
import {
  DEFAULT_PORTS,
  ensureRunnerJar,
  formatNimbus,
  killTopology,
  stormClusterStatus,
  stormDown,
  stormUp,
  type ClusterOptions,
} from '@twinstorm/cluster';

/** What the Storm scenarios need of the cluster. */
export interface StormSession {
  /** host:port of Nimbus. */
  nimbus: string;
  /** The daemons' pids by name (zookeeper, nimbus, supervisor): sampled, never counted as the topology's. */
  daemonPids: Record<string, number>;
  /** True when this run started the cluster (and will stop it). */
  started: boolean;
  /** Topologies submitted and not yet killed: Ctrl-C kills them. */
  live: Set<string>;
  /** Set on Ctrl-C / SIGTERM: the signal's cleanup kills and stops everything, so scenarios just give up. */
  interrupted: boolean;
}

/** The cluster in `dir` (default: the one `twinstorm storm up` uses) on Storm's default ports shifted by `portOffset`. */
export function benchClusterOptions(dir: string | undefined, portOffset: number): ClusterOptions {
  const p = DEFAULT_PORTS;
  return {
    ...(dir === undefined ? {} : { dir }),
    ports: {
      zookeeper: p.zookeeper + portOffset,
      nimbus: p.nimbus + portOffset,
      supervisor: p.supervisor + portOffset,
      slots: p.slots.map((s) => s + portOffset),
    },
  };
}

/**
 * Runs `work` against a running loopback cluster, starting it first if needed (stormUp). Stops the cluster afterwards
 * only if this call started it. The runner jar is resolved once and pinned (TWINSTORM_RUNNER_JAR) so the many status
 * calls of a run never re-check or rebuild it.
 */
export async function withStormCluster<T>(
  progress: (line: string) => void,
  options: ClusterOptions,
  work: (session: StormSession) => Promise<T>,
): Promise<T> {
  const before = await stormClusterStatus(options);
  // Decided before stormUp, so a Ctrl-C during the start still stops what the start left behind.
  let started = !before.running;
  const live = new Set<string>();
  const ports = { ...DEFAULT_PORTS, ...options.ports };
  let nimbusAddress = formatNimbus({ host: '127.0.0.1', port: ports.nimbus });
  // Set once: by the first signal, or by the normal end; whoever comes second waits for it.
  const cleanup: { stopping: Promise<void> | null } = { stopping: null };
  let starting: Promise<unknown> | null = null;
  const stop = async (why: string): Promise<void> => {
    // A start under way would otherwise launch a daemon after stormDown looked for them.
    await starting?.catch(() => undefined);
    for (const name of live) {
      progress(`${why}: killing ${name}`);
      await killTopology(name, { nimbus: nimbusAddress, waitSecs: 0 }).catch((e: unknown) =>
        progress(`could not kill ${name}: ${(e as Error).message}`),
      );
    }
    live.clear();
    if (started) {
      progress(`${why}: stopping the Storm cluster this run started`);
      const r = await stormDown(options);
      progress(`Storm stopped (${r.stopped} processes)`);
    } else {
      progress('leaving the Storm cluster running (this run did not start it)');
    }
  };
  let session: StormSession | null = null;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (session !== null) session.interrupted = true;
    cleanup.stopping ??= stop(`${signal}`).finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    progress(before.running ? 'Storm is running: using it and leaving it up' : 'starting Storm on loopback (stormUp)…');
    const up = stormUp({ ...options, onProgress: (line) => progress(`storm: ${line}`) });
    starting = up;
    const cluster = await up;
    started = cluster.started;
    nimbusAddress = formatNimbus(cluster.nimbus);
    process.env['TWINSTORM_RUNNER_JAR'] ??= await ensureRunnerJar();
    const daemonPids = Object.fromEntries(Object.entries(cluster.pids).filter((e): e is [string, number] => e[1] !== undefined));
    session = { nimbus: nimbusAddress, daemonPids, started, live, interrupted: false };
    return await work(session);
  } finally {
    if (cleanup.stopping === null) {
      cleanup.stopping = stop('Storm scenarios over');
      await cleanup.stopping;
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    } else {
      await cleanup.stopping; // a signal's cleanup is under way; it exits the process
    }
  }
}
