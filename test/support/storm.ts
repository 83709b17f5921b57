/**
 * The Storm cluster tests run against: `useStormCluster()` starts the loopback cluster once per test run (or reuses
 * one already running, e.g. from `twinstorm storm up`), and the global teardown stops it only if this run started it.
 * Safe from parallel vitest workers: starting is serialized by a lock directory.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stormUp, type StormCluster } from '@twinstorm/cluster';
import { withLock } from './lock.ts';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const STATE = join(REPO_ROOT, 'node_modules', '.cache', 'twinstorm', 'test-storm');
/** Present while a test run owns a cluster it started; its content is the cluster's state directory. */
export const STARTED_MARKER = join(STATE, 'started-by-tests');
const LOCK = join(STATE, 'starting.lock');

let cluster: Promise<StormCluster> | undefined;

/** The running loopback Storm cluster, started on first use (Maven resolves Storm's jars the first time on a machine). */
export function useStormCluster(): Promise<StormCluster> {
  cluster ??= withLock(LOCK, 'Storm', async () => {
    const c = await stormUp({ onProgress: (line) => process.stderr.write(`[storm] ${line}\n`) });
    if (c.started) await writeFile(STARTED_MARKER, c.dir);
    return c;
  });
  return cluster;
}
