import type { Sink } from '../sink/sink-server.ts';
import type { ProgressRecorder } from './progress.ts';

/** Counts of keys, largest first, as `key ×n` lines. */
function counts(keys: Iterable<string>): string[] {
  const m = new Map<string, number>();
  for (const k of keys) m.set(k, (m.get(k) ?? 0) + 1);
  return [...m.entries()].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ×${n}`);
}

function clip(text: string, max = 300): string {
  return text.length > max ? `${text.slice(0, max)}… (${text.length} chars)` : text;
}

/**
 * What arrived at the sink, for a timeout or failure message: fixture tuples emitted / acked / failed / pending,
 * captures per component and stream, observations per kind, the last reports and any protocol problems.
 */
export function describeProgress(progress: ProgressRecorder, sink: Sink): string {
  const acked = progress.settled.filter((s) => s.outcome === 'ack').length;
  const failed = progress.settled.length - acked;
  const pending = progress.unsettled();
  const lines = [
    `fixture tuples: ${progress.expected} in inputs, ${progress.emitted} emitted, ${acked} acked, ${failed} failed, ${pending.length} pending${pending.length > 0 ? ` (${pending.slice(0, 20).join(', ')}${pending.length > 20 ? ', …' : ''})` : ''}`,
    ...(progress.rejected.length > 0
      ? [
          `refused by the runtime: ${progress.rejected.length} (first: ${progress.rejected[0]!.spout}#${progress.rejected[0]!.index}: ${progress.rejected[0]!.message})`,
        ]
      : []),
    `captured (${progress.captured.length}): ${counts(progress.captured.map((c) => `${c.component}:${c.stream}`)).join(', ') || 'none'}`,
    `observations (${progress.observations.length}): ${counts(progress.observations.map((o) => `${o.component}/${o.kind}`)).join(', ') || 'none'}`,
    `sink: ${sink.address}, ${sink.connections} connection(s) open, ${sink.reports.length} report(s)`,
  ];
  const last = sink.reports.slice(-5);
  if (last.length > 0)
    lines.push(
      'last reports:',
      ...last.map((r) => `  ${clip(JSON.stringify(r, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v)))}`),
    );
  if (sink.problems.length > 0) lines.push('sink problems:', ...sink.problems.slice(0, 10).map((p) => `  ${p}`));
  if (progress.anomalies.length > 0) lines.push('anomalies:', ...progress.anomalies.slice(0, 10).map((a) => `  ${a}`));
  return lines.join('\n');
}
