import { confNumber, type Conf } from '@twinstorm/core';

/** Storm's default for `supervisor.worker.timeout.secs`, the subprocess timeout when the topology sets none. */
const DEFAULT_WORKER_TIMEOUT_SECS = 30;

/** How a shell component supervises its subprocess, read once from the task's conf. */
export interface HostSettings {
  /** Storm's subprocess (heartbeat) timeout in ms. */
  readonly timeoutMs: number;
  /** Tuples a ShellBolt's subprocess may hold (sent, not yet acked or failed). */
  readonly maxPending: number;
  /** Failures within `restartWindowMs` after which the subprocess is not respawned again. */
  readonly maxRestarts: number;
  readonly restartWindowMs: number;
  /** First and largest respawn delay (doubling in between). */
  readonly backoffInitialMs: number;
  readonly backoffMaxMs: number;
  /** After closing stdin and SIGTERM, how long a subprocess may take to exit before SIGKILL. */
  readonly killGraceMs: number;
}

/** Conf keys of the host's supervision (twinstorm's own; Storm kills the worker instead of respawning). */
export const HOST_CONF = {
  maxRestarts: 'twinstorm.shell.max.restarts',
  restartWindowSecs: 'twinstorm.shell.restart.window.secs',
  backoffInitialMs: 'twinstorm.shell.backoff.initial.ms',
  backoffMaxMs: 'twinstorm.shell.backoff.max.ms',
  killGraceMs: 'twinstorm.shell.kill.grace.ms',
} as const;

/**
 * Reads the settings as Storm's ShellBolt / ShellSpout do: `topology.subprocess.timeout.secs`, else
 * `supervisor.worker.timeout.secs` (30); `topology.shellbolt.max.pending` (100); plus the host's own keys. Their values
 * were checked when the topology was built (CONF_RULES), and Storm checks its own.
 */
export function hostSettings(conf: Conf): HostSettings {
  const timeoutSecs =
    confNumber(conf, 'topology.subprocess.timeout.secs') ??
    confNumber(conf, 'supervisor.worker.timeout.secs') ??
    DEFAULT_WORKER_TIMEOUT_SECS;
  return {
    timeoutMs: timeoutSecs * 1000,
    maxPending: confNumber(conf, 'topology.shellbolt.max.pending') ?? 100,
    maxRestarts: confNumber(conf, HOST_CONF.maxRestarts) ?? 5,
    restartWindowMs: (confNumber(conf, HOST_CONF.restartWindowSecs) ?? 60) * 1000,
    backoffInitialMs: confNumber(conf, HOST_CONF.backoffInitialMs) ?? 100,
    backoffMaxMs: confNumber(conf, HOST_CONF.backoffMaxMs) ?? 5000,
    killGraceMs: confNumber(conf, HOST_CONF.killGraceMs) ?? 2000,
  };
}
