import { ClusterError } from '../errors.ts';
import { nimbusCommand, type NimbusOptions } from './nimbus-command.ts';

/** How to rebalance (Storm's `storm rebalance -w -n -e`). */
export interface RebalanceOptions extends NimbusOptions {
  /** Seconds Storm waits (spouts deactivated) before redistributing; default the topology's message timeout. */
  waitSecs?: number;
  /** The new number of worker processes. */
  workers?: number;
  /** New executor counts per component (at most the component's task count: Storm keeps tasks fixed). */
  executors?: Readonly<Record<string, number>>;
}

/** What Nimbus accepted for a rebalance. */
export interface RebalanceResult {
  rebalanced: string;
  waitSecs: number | null;
  workers: number | null;
  executors: Record<string, number>;
}

/** `twinstorm activate`: Storm calls activate() on the topology's spouts and resumes nextTuple. */
export async function activateTopology(name: string, options: NimbusOptions = {}): Promise<{ activated: string }> {
  await nimbusCommand(['activate', name], `activating ${name}`, options);
  return { activated: name };
}

/** `twinstorm deactivate`: Storm calls deactivate() on the topology's spouts and stops calling nextTuple. */
export async function deactivateTopology(name: string, options: NimbusOptions = {}): Promise<{ deactivated: string }> {
  await nimbusCommand(['deactivate', name], `deactivating ${name}`, options);
  return { deactivated: name };
}

/**
 * `twinstorm rebalance`: Storm deactivates the topology, waits `waitSecs`, redistributes its executors over
 * `workers` workers (and `executors` per component), then reactivates it. Resolves once Nimbus has accepted.
 */
export async function rebalanceTopology(name: string, options: RebalanceOptions = {}): Promise<RebalanceResult> {
  const { waitSecs, workers } = options;
  const executors = { ...options.executors };
  if (waitSecs !== undefined && (!Number.isSafeInteger(waitSecs) || waitSecs < 0)) {
    throw new ClusterError('E_INVALID_ARGUMENT', `--wait must be a whole number of seconds >= 0, got ${waitSecs}`);
  }
  if (workers !== undefined && (!Number.isSafeInteger(workers) || workers < 1)) {
    throw new ClusterError('E_INVALID_ARGUMENT', `--workers must be a positive whole number, got ${workers}`);
  }
  for (const [component, n] of Object.entries(executors)) {
    if (!Number.isSafeInteger(n) || n < 1) {
      throw new ClusterError('E_INVALID_ARGUMENT', `--executors ${component}=N needs a positive whole N, got ${n}`);
    }
  }
  const args = ['rebalance', name];
  if (waitSecs !== undefined) args.push('--wait', String(waitSecs));
  if (workers !== undefined) args.push('--workers', String(workers));
  for (const [component, n] of Object.entries(executors)) args.push('--executors', `${component}=${n}`);
  await nimbusCommand(args, `rebalancing ${name}`, options);
  return { rebalanced: name, waitSecs: waitSecs ?? null, workers: workers ?? null, executors };
}
