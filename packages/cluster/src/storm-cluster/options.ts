import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/** The ports a loopback cluster takes; Storm's defaults unless overridden. */
export interface ClusterPorts {
  readonly zookeeper: number;
  readonly nimbus: number;
  readonly supervisor: number;
  readonly slots: readonly number[];
}

/** What `twinstorm storm up/down/status/logs` and the test helpers may choose. */
export interface ClusterOptions {
  /** State directory: STORM_HOME, data, logs, pids. Default $TWINSTORM_STORM_DIR, else ~/.local/state/twinstorm/storm. */
  readonly dir?: string;
  readonly ports?: Partial<ClusterPorts>;
  /** How long `up` waits for the daemons (default 180 s: JVMs start slowly on small machines). */
  readonly startTimeoutMs?: number;
  /** Progress lines for humans ("resolving Storm jars", "nimbus up"); silent when absent. */
  readonly onProgress?: (line: string) => void;
}

/** The options with every default filled in. */
export interface ResolvedClusterOptions {
  readonly dir: string;
  readonly ports: ClusterPorts;
  readonly startTimeoutMs: number;
  readonly onProgress: (line: string) => void;
}

/** Storm's own default ports, so a user's storm client config works against this cluster unchanged. */
export const DEFAULT_PORTS: ClusterPorts = { zookeeper: 2181, nimbus: 6627, supervisor: 6628, slots: [6700, 6701, 6702, 6703] };

/** The default state directory, so `up` in one shell and `down` in another find the same cluster. */
export function defaultClusterDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env['TWINSTORM_STORM_DIR']) return resolve(env['TWINSTORM_STORM_DIR']);
  const xdg = env['XDG_STATE_HOME'];
  return join(xdg && xdg.length > 0 ? xdg : join(homedir(), '.local', 'state'), 'twinstorm', 'storm');
}

/** Fills in defaults. */
export function resolveClusterOptions(options: ClusterOptions = {}): ResolvedClusterOptions {
  return {
    dir: options.dir !== undefined ? resolve(options.dir) : defaultClusterDir(),
    ports: { ...DEFAULT_PORTS, ...options.ports },
    startTimeoutMs: options.startTimeoutMs ?? 180_000,
    onProgress: options.onProgress ?? (() => {}),
  };
}
