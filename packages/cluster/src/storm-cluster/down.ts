import { clusterPaths } from './layout.ts';
import { resolveClusterOptions, type ClusterOptions } from './options.ts';
import { readClusterState, clearClusterState } from './state.ts';
import { stopClusterProcesses } from './stop.ts';

/** What `down` did. */
export interface StormDownResult {
  /** Processes stopped: daemons, workers, log writers and multilang children together. */
  readonly stopped: number;
  readonly wasRunning: boolean;
}

/**
 * Stops everything the cluster in the state directory started — daemons, workers and their node children —
 * SIGTERM then SIGKILL, and waits until no process is left. Idempotent: nothing running is not an error.
 */
export async function stormDown(options: ClusterOptions = {}): Promise<StormDownResult> {
  const o = resolveClusterOptions(options);
  const paths = clusterPaths(o.dir);
  const state = await readClusterState(paths);
  const stopped = await stopClusterProcesses(paths.dir, state ? Object.values(state.daemons) : []);
  await clearClusterState(paths);
  return { stopped, wasRunning: state !== null || stopped > 0 };
}
