import Table from 'cli-table3';
import type { WorkerMetrics } from '@twinstorm/local';
import { formatBytes, formatCount } from './format.ts';

const COLUMNS = ['worker', 'state', 'cpu', 'queued', 'inbound', 'outbound', 'restarts', 'tasks'] as const;

/**
 * The worker threads of a run with --workers > 1, one row each: state, CPU (event-loop busy share over the last
 * second), queue depths (tuples queued at its tasks, bytes waiting in its inbound rings, records waiting for room in
 * other threads' rings), restarts and tasks; then why each restarted thread last died.
 */
export function renderWorkers(workers: readonly WorkerMetrics[], color: boolean): string {
  const table = new Table({
    head: [...COLUMNS],
    colAligns: ['right', 'left', 'right', 'right', 'right', 'right', 'right', 'left'],
    style: { head: color ? ['cyan'] : [], border: color ? ['grey'] : [], compact: true },
  });
  for (const w of workers) {
    table.push([
      String(w.index),
      w.state,
      `${Math.round(w.cpu * 100)}%`,
      formatCount(w.queued),
      formatBytes(w.inboundBytes),
      formatCount(w.outbound),
      formatCount(w.restarts),
      w.tasks.join(' '),
    ]);
  }
  const lines = [`worker threads: ${workers.length}`, table.toString()];
  for (const w of workers)
    if (w.lastExit !== undefined) lines.push(`  worker ${w.index} restarted ${w.restarts} time(s); last exit: ${w.lastExit}`);
  return lines.join('\n');
}
