import { componentTable } from './component-table.ts';
import type { StormComponentSummary } from '@twinstorm/cluster';
import type { StormStatusWithHistory } from '../status/storm-memory.ts';
import { formatCount, formatMs, formatRate, formatUptime } from './format.ts';

/** `twinstorm status <name>` for a topology on Storm: the local run's header, table and last errors, from Nimbus's all-time counters. */
export function renderStormReport(s: StormStatusWithHistory, maxErrors = 5): string {
  const mean = s.completeLatencyMs.mean;
  const lines = [
    `topology ${s.topology}  |  storm (${s.id} on Nimbus ${s.nimbus})  |  ${s.state}  |  uptime ${formatUptime(s.durationMs)}  |  ` +
      `${s.workers} worker(s), ${s.executors} executor(s)`,
    `spout tuples: acked ${formatCount(s.spoutTuples.acked)}, failed ${formatCount(s.spoutTuples.failed)}` +
      `  |  throughput ${formatRate(s.throughput.spoutTuplesPerSec)} acked/s, ${formatRate(s.throughput.tuplesPerSec)} tuples/s` +
      `  |  complete latency mean ${mean === null ? '-' : formatMs(mean)} ms`,
  ];
  // The local report's columns; what Storm does not measure (pending/queued, capacity) shows as `-`.
  const table = componentTable(false);
  const seconds = s.durationMs / 1000;
  for (const [id, c] of Object.entries(s.components)) table.push(row(id, c, seconds));
  lines.push(table.toString());
  const workers = s.workerProcesses.map((w) => `${w.host}:${w.port} up ${formatUptime(w.uptimeSecs * 1000)}`);
  if (workers.length > 0) lines.push(`workers: ${workers.join(', ')}`);
  for (const r of s.workerRestarts.slice(-maxErrors)) {
    lines.push(
      `worker ${r.host}:${r.port} restarted at ${clock(r.restartedAt)} (the one before had been up ${formatUptime(r.previousUptimeSecs * 1000)})`,
    );
  }
  const errors = s.lastErrors.slice(-maxErrors);
  if (errors.length > 0) {
    lines.push('last errors:');
    for (const e of errors) {
      const dropped = e.heldBy === 'twinstorm' ? ' (no longer on Nimbus)' : '';
      lines.push(`  ${clock(e.time)} ${e.component}[${e.host}:${e.port}]${dropped} ${e.message.split('\n')[0] ?? ''}`);
    }
  }
  return lines.join('\n');
}

/** An instant as UTC ISO time to the second, which is all Storm's times carry. */
function clock(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function row(id: string, c: StormComponentSummary, seconds: number): string[] {
  const spout = c.kind === 'spout';
  const work = spout ? c.emitted : (c.executed ?? 0);
  const latency = spout ? c.completeLatencyMs?.mean : c.executeLatencyMs;
  return [
    id,
    c.kind,
    String(c.tasks),
    seconds > 0 ? formatRate(work / seconds) : '-',
    '-',
    spout ? '-' : formatCount(c.executed ?? 0),
    formatCount(c.emitted),
    formatCount(c.acked),
    formatCount(c.failed),
    formatCount(c.errors),
    '-',
    latency === null || latency === undefined ? '-' : formatMs(latency),
  ];
}
