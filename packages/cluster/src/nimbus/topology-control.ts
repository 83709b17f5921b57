import { ClusterError } from '../errors.ts';
import { nimbusCommand, type NimbusOptions } from './nimbus-command.ts';
import { stormTopologyStatus, type StormComponentSummary } from './storm-status.ts';

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
  // Nimbus refuses an unknown component with a bare InvalidTopologyException and silently caps executors at the task
  // count (both seen on Storm 2.8.3): say what is wrong, naming the component, before asking it.
  if (Object.keys(executors).length > 0) {
    const { components } = await stormTopologyStatus(name, options);
    checkExecutors(name, executors, components);
  }
  const args = ['rebalance', name];
  if (waitSecs !== undefined) args.push('--wait', String(waitSecs));
  if (workers !== undefined) args.push('--workers', String(workers));
  for (const [component, n] of Object.entries(executors)) args.push('--executors', `${component}=${n}`);
  await nimbusCommand(args, `rebalancing ${name}`, options);
  return { rebalanced: name, waitSecs: waitSecs ?? null, workers: workers ?? null, executors };
}

/**
 * Rejects `--executors` Storm would not apply as asked: a component the topology does not have (Nimbus answers only
 * "InvalidTopologyException", naming nothing) or more executors than the component has tasks (Nimbus accepts it,
 * keeps the tasks fixed and caps the count without a word).
 * Storm's own components (`__acker`, ...) are not listed by status, so they are passed on unchecked.
 */
export function checkExecutors(
  name: string,
  executors: Readonly<Record<string, number>>,
  components: Readonly<Record<string, Pick<StormComponentSummary, 'tasks'>>>,
): void {
  for (const [component, n] of Object.entries(executors)) {
    if (component.startsWith('__')) continue;
    const c = components[component];
    if (c === undefined) {
      const known = Object.keys(components).sort().join(', ');
      throw new ClusterError(
        'E_INVALID_ARGUMENT',
        `--executors ${component}=${n}: topology "${name}" has no component "${component}" (its components: ${known})`,
      );
    }
    if (n > c.tasks) {
      throw new ClusterError(
        'E_INVALID_ARGUMENT',
        `--executors ${component}=${n}: component "${component}" of "${name}" has ${c.tasks} task(s), and Storm keeps the task count fixed: at most ${c.tasks} executor(s)`,
      );
    }
  }
}
