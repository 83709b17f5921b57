import type { RunSnapshot } from '@twinstorm/local';

/** Per-second rates shown in tables: per component, plus run-wide throughput. */
export interface Rates {
  /** Spouts: emitted/s; bolts: executed/s. */
  components: Record<string, number>;
  spoutTuplesPerSec: number;
  tuplesPerSec: number;
}

/**
 * Rates from the difference between two snapshots of the same run (the live table), or averages over the
 * whole run when there is no earlier snapshot (the final table, `twinstorm status`).
 */
export function computeRates(current: RunSnapshot, previous?: RunSnapshot): Rates {
  const seconds = (current.durationMs - (previous?.durationMs ?? 0)) / 1000;
  if (previous === undefined || seconds <= 0) return averageRates(current);
  const components: Record<string, number> = {};
  for (const [id, c] of Object.entries(current.components)) {
    const before = previous.components[id];
    const now = c.kind === 'spout' ? c.emitted : c.executed;
    const then = before === undefined ? 0 : c.kind === 'spout' ? before.emitted : before.executed;
    components[id] = Math.max(0, now - then) / seconds;
  }
  return {
    components,
    spoutTuplesPerSec: Math.max(0, current.spoutTuples.acked - previous.spoutTuples.acked) / seconds,
    tuplesPerSec: Math.max(0, totalEmitted(current) - totalEmitted(previous)) / seconds,
  };
}

function averageRates(snapshot: RunSnapshot): Rates {
  const seconds = snapshot.durationMs / 1000;
  const components: Record<string, number> = {};
  for (const [id, c] of Object.entries(snapshot.components)) {
    components[id] = seconds > 0 ? (c.kind === 'spout' ? c.emitted : c.executed) / seconds : 0;
  }
  return {
    components,
    spoutTuplesPerSec: snapshot.throughput.spoutTuplesPerSec,
    tuplesPerSec: snapshot.throughput.tuplesPerSec,
  };
}

function totalEmitted(snapshot: RunSnapshot): number {
  return Object.values(snapshot.components).reduce((sum, c) => sum + c.emitted, 0);
}
