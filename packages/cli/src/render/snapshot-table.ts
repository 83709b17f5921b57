import { componentTable } from './component-table.ts';
import type { ComponentMetrics, RunSnapshot } from '@twinstorm/local';
import { formatCapacity, formatCount, formatMs, formatRate, formatUptime } from './format.ts';
import { computeRates, type Rates } from './rates.ts';
import { renderPlacement } from './placement-table.ts';
import { renderWorkers } from './workers-table.ts';

/** How to render a run report. */
export interface ReportOptions {
  /** The snapshot shown one refresh earlier: rates are computed from the difference (the live table). */
  previous?: RunSnapshot;
  /** Colour the table header (only on a terminal). */
  color?: boolean;
  /** How many of the most recent errors to list under the table. */
  maxErrors?: number;
}

/** The report shared by the live view, the final summary and `twinstorm status`: a header, a table per component, recent errors. */
export function renderRunReport(snapshot: RunSnapshot, options: ReportOptions = {}): string {
  const rates = computeRates(snapshot, options.previous);
  const lines = [...renderHeader(snapshot, rates), renderComponentTable(snapshot, rates, options.color ?? false)];
  if (snapshot.workers !== undefined && snapshot.workers.length > 0) lines.push(renderWorkers(snapshot.workers, options.color ?? false));
  if (snapshot.placement !== undefined) lines.push(renderPlacement(snapshot.placement, options.color ?? false));
  const errors = snapshot.lastErrors.slice(-(options.maxErrors ?? 5));
  if (errors.length > 0) {
    lines.push('last errors:');
    for (const e of errors) lines.push(`  ${e.component}[task ${e.task}] ${e.message.split('\n')[0] ?? ''}`);
  }
  return lines.join('\n');
}

/** The two header lines: topology, state, uptime; spout tuple counts, throughput and complete latency. */
export function renderHeader(snapshot: RunSnapshot, rates: Rates): string[] {
  const state = snapshot.state === 'stopped' && snapshot.stopReason !== undefined ? `stopped (${snapshot.stopReason})` : snapshot.state;
  const t = snapshot.spoutTuples;
  const latency = snapshot.completeLatencyMs;
  return [
    `topology ${snapshot.topology}  |  ${snapshot.runtime}  |  ${state}  |  uptime ${formatUptime(snapshot.durationMs)}`,
    `spout tuples: acked ${formatCount(t.acked)}, failed ${formatCount(t.failed)}` +
      (t.failedInDrain !== undefined ? ` (${formatCount(t.failedInDrain)} in the drain after the stop: not replayed)` : '') +
      `, pending ${formatCount(t.pending)}` +
      (t.abandoned > 0 ? `, abandoned ${formatCount(t.abandoned)} (their spout's worker thread died)` : '') +
      `  |  throughput ${formatRate(rates.spoutTuplesPerSec)} acked/s, ${formatRate(rates.tuplesPerSec)} tuples/s` +
      `  |  complete latency p50 ${formatMs(latency.p50)} ms, p99 ${formatMs(latency.p99)} ms`,
  ];
}

/** One row per component with the counters a Storm UI user expects. */
export function renderComponentTable(snapshot: RunSnapshot, rates: Rates, color: boolean): string {
  const table = componentTable(color);
  for (const [id, c] of Object.entries(snapshot.components)) {
    table.push(componentRow(id, c, rates.components[id] ?? 0));
  }
  return table.toString();
}

function componentRow(id: string, c: ComponentMetrics, rate: number): string[] {
  const spout = c.kind === 'spout';
  return [
    id,
    c.kind,
    String(c.tasks),
    formatRate(rate),
    formatCount(spout ? c.pending : c.queued),
    formatCount(c.executed),
    formatCount(c.emitted),
    formatCount(c.acked),
    formatCount(c.failed),
    formatCount(c.errors),
    spout ? '-' : formatCapacity(c.capacity),
    spout ? spoutLatency(c) : formatMs(c.executeLatencyMs),
  ];
}

function spoutLatency(c: ComponentMetrics): string {
  const l = c.completeLatencyMs;
  return l === undefined ? '-' : `${formatMs(l.p50)} / ${formatMs(l.p99)}`;
}
