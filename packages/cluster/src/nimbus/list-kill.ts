import { ClusterError } from '../errors.ts';
import { nimbusCommand, type NimbusOptions } from './nimbus-command.ts';

/** One running topology as Nimbus lists it. */
export interface StormTopologyListing {
  name: string;
  id: string;
  /** Storm's status: ACTIVE, INACTIVE, KILLED (being torn down) or REBALANCING. */
  status: string;
  uptimeSecs: number;
  workers: number;
  executors: number;
  tasks: number;
}

/** `twinstorm list`: the topologies running on the cluster, by name. */
export async function listTopologies(options: NimbusOptions = {}): Promise<StormTopologyListing[]> {
  const answer = await nimbusCommand(['list'], 'listing topologies', options);
  const topologies = (answer as { topologies?: unknown } | null)?.topologies;
  if (!Array.isArray(topologies)) throw new ClusterError('E_NIMBUS', `NimbusCommand list answered ${JSON.stringify(answer)}`);
  return topologies.map((t) => {
    const r = t as Record<string, unknown>;
    return {
      name: String(r['name']),
      id: String(r['id']),
      status: String(r['status']),
      uptimeSecs: Number(r['uptimeSecs'] ?? 0),
      workers: Number(r['workers'] ?? 0),
      executors: Number(r['executors'] ?? 0),
      tasks: Number(r['tasks'] ?? 0),
    };
  });
}

/** How to kill. */
export interface KillOptions extends NimbusOptions {
  /** Seconds Storm waits (spouts deactivated) before tearing the topology down; default the topology's message timeout. */
  waitSecs?: number;
}

/**
 * `twinstorm kill`: asks Nimbus to kill the topology (Storm deactivates its spouts, waits `waitSecs`, then removes
 * it). Resolves once Nimbus has accepted; E_TOPOLOGY_NOT_FOUND when no such topology runs.
 */
export async function killTopology(name: string, options: KillOptions = {}): Promise<{ killed: string; waitSecs: number | null }> {
  const wait = options.waitSecs;
  if (wait !== undefined && (!Number.isSafeInteger(wait) || wait < 0)) {
    throw new ClusterError('E_INVALID_ARGUMENT', `--wait must be a whole number of seconds >= 0, got ${wait}`);
  }
  await nimbusCommand(['kill', name, ...(wait === undefined ? [] : ['--wait', String(wait)])], `killing ${name}`, options);
  return { killed: name, waitSecs: wait ?? null };
}

/** Nimbus answers (leader, supervisors, slots): for callers that need to know a cluster is usable. */
export async function pingNimbus(options: NimbusOptions = {}): Promise<Record<string, unknown>> {
  return (await nimbusCommand(['ping'], 'asking Nimbus', options)) as Record<string, unknown>;
}
