import { existsSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { ClusterError } from '../errors.ts';
import type { DaemonName } from './daemons.ts';
import type { ClusterPaths } from './layout.ts';
import type { ClusterPorts } from './options.ts';

/** What `up` records so `down`, `status` and a later `up` (from any shell) find the cluster it started. */
export interface ClusterState {
  readonly version: string;
  readonly dir: string;
  readonly ports: ClusterPorts;
  readonly startedAt: string;
  /** True when the daemons run with the loopback shim (every server on 127.0.0.1 only). */
  readonly loopbackOnly: boolean;
  /** Each started daemon's pid, which is also its process group (daemons start detached). */
  readonly daemons: Partial<Record<DaemonName, number>>;
}

/** The recorded state, or null when no cluster was started from this directory. */
export async function readClusterState(paths: ClusterPaths): Promise<ClusterState | null> {
  if (!existsSync(paths.stateFile)) return null;
  try {
    return JSON.parse(await readFile(paths.stateFile, 'utf8')) as ClusterState;
  } catch (err) {
    throw new ClusterError(
      'E_STATE',
      `cannot read ${paths.stateFile}: ${(err as Error).message}; remove it after stopping any Storm process by hand`,
    );
  }
}

/** Records the state (after each daemon starts, so a failed start can still be cleaned up). */
export async function writeClusterState(paths: ClusterPaths, state: ClusterState): Promise<void> {
  await writeFile(paths.stateFile, `${JSON.stringify(state, null, 2)}\n`);
}

/** Forgets the cluster once everything it started has stopped. */
export async function clearClusterState(paths: ClusterPaths): Promise<void> {
  await rm(paths.stateFile, { force: true });
}
