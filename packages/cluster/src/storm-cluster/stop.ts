import { ClusterError } from '../errors.ts';
import { clusterProcesses, type ProcessEntry } from './process-table.ts';

function signalAll(entries: readonly ProcessEntry[], signal: NodeJS.Signals): void {
  for (const p of entries) {
    try {
      process.kill(p.pid, signal);
    } catch {
      // already gone
    }
  }
}

async function waitUntilGone(dir: string, pgids: readonly number[], deadline: number): Promise<ProcessEntry[]> {
  for (;;) {
    const left = clusterProcesses(dir, pgids);
    if (left.length === 0 || Date.now() >= deadline) return left;
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * Stops every process of the cluster rooted at `dir` — daemons, workers, log writers, multilang children — with
 * SIGTERM, then SIGKILL after `graceMs`, and waits until none is left. Returns how many processes were stopped.
 */
export async function stopClusterProcesses(dir: string, pgids: readonly number[], graceMs = 10_000): Promise<number> {
  const found = clusterProcesses(dir, pgids);
  if (found.length === 0) return 0;
  signalAll(found, 'SIGTERM');
  let left = await waitUntilGone(dir, pgids, Date.now() + graceMs);
  if (left.length > 0) {
    signalAll(left, 'SIGKILL');
    left = await waitUntilGone(dir, pgids, Date.now() + 5_000);
  }
  if (left.length > 0) {
    const names = left.map((p) => `${p.pid} (${p.cmdline.slice(0, 80)})`).join(', ');
    throw new ClusterError('E_DAEMON_STOP', `processes started from ${dir} survived SIGKILL: ${names}`);
  }
  return found.length;
}
