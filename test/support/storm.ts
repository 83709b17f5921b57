/**
 * The Storm cluster tests run against: `useStormCluster()` starts the loopback cluster once per test run (or reuses
 * one already running, e.g. from `twinstorm storm up`), and the global teardown stops it only if this run started it.
 * Safe from parallel vitest workers: starting is serialized by a lock directory.
 */
import { existsSync, statSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stormUp, type StormCluster } from '@twinstorm/cluster';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const STATE = join(REPO_ROOT, 'node_modules', '.cache', 'twinstorm', 'test-storm');
/** Present while a test run owns a cluster it started; its content is the cluster's state directory. */
export const STARTED_MARKER = join(STATE, 'started-by-tests');
const LOCK = join(STATE, 'starting.lock');

async function withLock<T>(work: () => Promise<T>): Promise<T> {
  await mkdir(STATE, { recursive: true });
  const deadline = Date.now() + 10 * 60_000;
  for (;;) {
    try {
      await mkdir(LOCK);
      break;
    } catch {
      // A lock older than 5 minutes belongs to a run that died while starting Storm.
      if (existsSync(LOCK) && Date.now() - statSync(LOCK).mtimeMs > 5 * 60_000) await rm(LOCK, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${LOCK} (another test run starting Storm?)`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  try {
    return await work();
  } finally {
    await rm(LOCK, { recursive: true, force: true });
  }
}

let cluster: Promise<StormCluster> | undefined;

/** The running loopback Storm cluster, started on first use (Maven resolves Storm's jars the first time on a machine). */
export function useStormCluster(): Promise<StormCluster> {
  cluster ??= withLock(async () => {
    const c = await stormUp({ onProgress: (line) => process.stderr.write(`[storm] ${line}\n`) });
    if (c.started) await writeFile(STARTED_MARKER, c.dir);
    return c;
  });
  return cluster;
}
