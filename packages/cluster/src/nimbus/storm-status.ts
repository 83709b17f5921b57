import { ClusterError } from '../errors.ts';
import { formatNimbus, resolveNimbus } from './nimbus-address.ts';
import { nimbusCommand, type NimbusOptions } from './nimbus-command.ts';

/**
 * One component's counters on Storm, under the local run summary's keys. Storm's all-time window; what Storm does
 * not measure is null (spout `executed`, `capacity`, `queued`, `pending`, latency percentiles), never a made-up 0.
 */
export interface StormComponentSummary {
  kind: 'spout' | 'bolt';
  tasks: number;
  executors: number;
  /** Bolts: tuples executed. Spouts: null. */
  executed: number | null;
  emitted: number;
  /** Storm's own counter: emitted tuples sent to at least one task. */
  transferred: number;
  acked: number;
  failed: number;
  /** Errors Nimbus still holds for the component (Storm keeps the most recent ones only). */
  errors: number;
  /** Bolts: mean execute latency; spouts and no samples: null. */
  executeLatencyMs: number | null;
  /** Bolts: mean process latency (input to ack); spouts: null. */
  processLatencyMs: number | null;
  capacity: null;
  queued: null;
  pending: null;
  /** Spouts only: Storm's mean complete latency (no percentiles). */
  completeLatencyMs?: { p50: null; p99: null; mean: number | null };
}

/** An error as Nimbus reports it, in the shape of the local summary's lastErrors (Storm does not say which task). */
export interface StormRecentError {
  component: string;
  task: null;
  message: string;
  /** ms since the epoch. */
  time: number;
  host: string;
  port: number;
}

/** One worker JVM of the topology (a host:port slot), so a restart shows as its uptime going back to 0. */
export interface StormWorkerProcess {
  host: string;
  port: number;
  /** The youngest executor's uptime in the slot, as Nimbus last heard it. */
  uptimeSecs: number;
}

/** `twinstorm status <name>` for a topology on Storm: the local run summary's keys plus `runtime: "storm"` and Storm's own facts. */
export interface StormTopologySummary {
  /** The name on the cluster (Nimbus knows no other). */
  name: string;
  topology: string;
  runtime: 'storm';
  /** Storm's status in lower case, ACTIVE as `running`: running, inactive, killed, rebalancing. */
  state: string;
  durationMs: number;
  spoutTuples: { emitted: number; acked: number; failed: number; pending: null };
  components: Record<string, StormComponentSummary>;
  throughput: { spoutTuplesPerSec: number; tuplesPerSec: number };
  completeLatencyMs: { p50: null; p99: null; mean: number | null };
  /** Newest last, at most 20, as locally. */
  lastErrors: StormRecentError[];
  /** Storm's topology id. */
  id: string;
  /** Storm's status as Nimbus says it (ACTIVE, INACTIVE, KILLED, REBALANCING). */
  stormStatus: string;
  workers: number;
  /** Each worker slot with its uptime, sorted by host:port. */
  workerProcesses: StormWorkerProcess[];
  executors: number;
  stormVersion: string | null;
  nimbus: string;
}

/** `twinstorm status <name>` on Storm: NimbusCommand's status of the topology, as a summary. */
export async function stormTopologyStatus(name: string, options: NimbusOptions = {}): Promise<StormTopologySummary> {
  const raw = await nimbusCommand(['status', name], `reading the status of ${name}`, options);
  return stormSummary(raw, formatNimbus(resolveNimbus(options.nimbus)));
}

/** Maps NimbusCommand's `status` JSON (storm/README.md) to the summary; pure, so it is tested on a recorded answer. */
export function stormSummary(raw: unknown, nimbus: string): StormTopologySummary {
  if (typeof raw !== 'object' || raw === null || !Array.isArray((raw as { components?: unknown }).components)) {
    throw new ClusterError('E_NIMBUS', `NimbusCommand status answered something unexpected: ${JSON.stringify(raw)?.slice(0, 200)}`);
  }
  const r = raw as Record<string, unknown>;
  const name = str(r['name']);
  const uptimeSecs = num(r['uptimeSecs']);
  const components: Record<string, StormComponentSummary> = {};
  const errors: StormRecentError[] = [];
  const spoutTuples = { emitted: 0, acked: 0, failed: 0, pending: null };
  let emittedAll = 0;
  let completeWeighted = 0;
  const slots = new Map<string, StormWorkerProcess>();
  for (const c of r['components'] as Array<Record<string, unknown>>) {
    const id = str(c['id']);
    const spout = c['type'] === 'spout';
    const componentErrors = Array.isArray(c['errors']) ? (c['errors'] as Array<Record<string, unknown>>) : [];
    const m: StormComponentSummary = {
      kind: spout ? 'spout' : 'bolt',
      tasks: num(c['tasks']),
      executors: num(c['executors']),
      executed: spout ? null : num(c['executed']),
      emitted: num(c['emitted']),
      transferred: num(c['transferred']),
      acked: num(c['acked']),
      failed: num(c['failed']),
      errors: componentErrors.length,
      executeLatencyMs: spout ? null : numOrNull(c['executeLatencyMs']),
      processLatencyMs: spout ? null : numOrNull(c['processLatencyMs']),
      capacity: null,
      queued: null,
      pending: null,
    };
    if (spout) {
      const mean = numOrNull(c['completeLatencyMs']);
      m.completeLatencyMs = { p50: null, p99: null, mean };
      spoutTuples.emitted += m.emitted;
      spoutTuples.acked += m.acked;
      spoutTuples.failed += m.failed;
      if (mean !== null) completeWeighted += mean * m.acked;
    }
    emittedAll += m.emitted;
    components[id] = m;
    for (const t of Object.values(isRecord(c['taskStats']) ? c['taskStats'] : {})) {
      if (!isRecord(t) || typeof t['host'] !== 'string' || typeof t['port'] !== 'number') continue;
      const slot = { host: t['host'], port: t['port'], uptimeSecs: num(t['uptimeSecs']) };
      const key = `${slot.host}:${slot.port}`;
      const seen = slots.get(key);
      if (seen === undefined || slot.uptimeSecs < seen.uptimeSecs) slots.set(key, slot);
    }
    for (const e of componentErrors) {
      errors.push({
        component: id,
        task: null,
        message: str(e['message']),
        time: num(e['time']) * 1000,
        host: str(e['host']),
        port: num(e['port']),
      });
    }
  }
  errors.sort((a, b) => a.time - b.time || a.component.localeCompare(b.component));
  const status = str(r['status'], 'UNKNOWN');
  return {
    name,
    topology: name,
    runtime: 'storm',
    state: status === 'ACTIVE' ? 'running' : status.toLowerCase(),
    durationMs: uptimeSecs * 1000,
    spoutTuples,
    components,
    throughput: {
      spoutTuplesPerSec: uptimeSecs > 0 ? Math.round(spoutTuples.acked / uptimeSecs) : 0,
      tuplesPerSec: uptimeSecs > 0 ? Math.round(emittedAll / uptimeSecs) : 0,
    },
    completeLatencyMs: {
      p50: null,
      p99: null,
      mean: spoutTuples.acked > 0 ? Math.round((completeWeighted / spoutTuples.acked) * 1000) / 1000 : null,
    },
    lastErrors: errors.slice(-20),
    id: str(r['id']),
    stormStatus: status,
    workers: num(r['workers']),
    workerProcesses: [...slots.values()].sort((a, b) => a.host.localeCompare(b.host) || a.port - b.port),
    executors: num(r['executors']),
    stormVersion: typeof r['stormVersion'] === 'string' ? r['stormVersion'] : null,
    nimbus,
  };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

function num(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : 0;
}

function numOrNull(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

function str(v: unknown, fallback = ''): string {
  return typeof v === 'string' ? v : fallback;
}
