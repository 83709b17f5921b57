import { readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { StormRecentError, StormTopologySummary } from '@twinstorm/cluster';
import { ensureRuntimeDir } from './runtime-dir.ts';

/**
 * How much later a worker may seem to have started than it did at the previous call without having restarted: its
 * uptime is as of its last heartbeat, and Nimbus itself declares an executor dead when its heartbeat is older than
 * nimbus.task.timeout.secs (30 s by default).
 */
const HEARTBEAT_SLACK_MS = 30_000;

/** Errors kept, as Nimbus and the local summary do. */
const MAX_ERRORS = 20;

/**
 * Worker restarts kept per topology, newest last: enough to show a worker that flaps (one restart every ~30 s for
 * 25 minutes) without the memory file growing for ever. Its own figure: restarts are not errors.
 */
export const MAX_RESTARTS = 50;

/** A worker JVM that came back: its uptime went back (or it started later than it had) since an earlier `status`. */
export interface StormWorkerRestart {
  host: string;
  port: number;
  /** ms since the epoch: when the new worker started, as its uptime says. */
  restartedAt: number;
  /** The old worker's uptime when a `status` last saw it. */
  previousUptimeSecs: number;
}

/** An error on Storm, and whether Nimbus still holds it or only twinstorm does (Nimbus drops them when a worker restarts). */
export type StormKeptError = StormRecentError & { heldBy: 'nimbus' | 'twinstorm' };

/** The Storm summary with what twinstorm remembers across `status` calls: the restarts seen and the errors Nimbus dropped. */
export type StormStatusWithHistory = Omit<StormTopologySummary, 'lastErrors'> & {
  lastErrors: StormKeptError[];
  workerRestarts: StormWorkerRestart[];
};

/** A worker slot as a `status` last saw it (kept while Nimbus briefly does not list it, as during a restart). */
interface Sighting {
  uptimeSecs: number;
  seenAt: number;
}

/** What is stored per topology id: the last sighting of each worker, the restarts seen and the errors. */
interface Memory {
  workers: Record<string, Sighting>;
  restarts: StormWorkerRestart[];
  errors: StormRecentError[];
}

/**
 * Merges this `status` answer with the memory of the earlier ones (in `<runtimeDir>/storm/<topology id>.json`, a
 * directory checked like the run registry, file mode 0600) and stores the result. The baseline of a worker is its own
 * earlier uptime, never the topology's: a worker's first launch trails the topology by many seconds.
 */
export async function withStormHistory(
  summary: StormTopologySummary,
  runtimeDir: string,
  now = Date.now(),
): Promise<StormStatusWithHistory> {
  const dir = path.join(runtimeDir, 'storm');
  await ensureRuntimeDir(dir);
  const file = path.join(dir, `${summary.id.replace(/[^A-Za-z0-9_.-]/g, '_')}.json`);
  const before = await readMemory(file);
  const restarts = [...(before?.restarts ?? [])];
  const workers: Record<string, Sighting> = { ...before?.workers };
  for (const w of summary.workerProcesses) {
    const slot = `${w.host}:${w.port}`;
    const previous = workers[slot];
    workers[slot] = { uptimeSecs: w.uptimeSecs, seenAt: now };
    if (previous === undefined) continue;
    const startedAt = now - w.uptimeSecs * 1000;
    const startedBefore = previous.seenAt - previous.uptimeSecs * 1000;
    if (w.uptimeSecs < previous.uptimeSecs || startedAt - startedBefore > HEARTBEAT_SLACK_MS) {
      restarts.push({ host: w.host, port: w.port, restartedAt: startedAt, previousUptimeSecs: previous.uptimeSecs });
    }
  }
  const errors = mergeErrors(before?.errors ?? [], summary.lastErrors);
  const memory: Memory = { workers, restarts: restarts.slice(-MAX_RESTARTS), errors };
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, `${JSON.stringify(memory)}\n`, { mode: 0o600 });
  await rename(temp, file);
  const held = new Set(summary.lastErrors.map(errorKey));
  return {
    ...summary,
    lastErrors: errors.map((e) => ({ ...e, heldBy: held.has(errorKey(e)) ? 'nimbus' : 'twinstorm' })),
    workerRestarts: memory.restarts,
  };
}

async function readMemory(file: string): Promise<Memory | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    const m = JSON.parse(text) as Memory;
    return typeof m.workers === 'object' && m.workers !== null && Array.isArray(m.restarts) && Array.isArray(m.errors) ? m : undefined;
  } catch {
    return undefined; // a cache: an unreadable one starts again
  }
}

function mergeErrors(kept: StormRecentError[], fresh: StormRecentError[]): StormRecentError[] {
  const byKey = new Map<string, StormRecentError>();
  for (const e of [...kept, ...fresh]) byKey.set(errorKey(e), e);
  return [...byKey.values()].sort((a, b) => a.time - b.time || a.component.localeCompare(b.component)).slice(-MAX_ERRORS);
}

function errorKey(e: StormRecentError): string {
  return `${e.component}|${e.time}|${e.host}:${e.port}|${e.message}`;
}
