/**
 * The Storm cluster tests run against: `useStormCluster()` starts the loopback cluster once per test run (or reuses
 * one already running, e.g. from `twinstorm storm up`), and `stopStormClusterStartedByTests()` (a vitest global
 * teardown) stops it only if this run started it. Safe from parallel vitest workers: starting is serialized by a lock
 * directory. State lives under the project's node_modules/.cache (the test runner's working directory).
 */
import { existsSync, readFileSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stormDown, stormUp, type StormCluster } from '@twinstorm/cluster';
import { withLockDir } from '../lock-dir.ts';

const STATE = join(process.cwd(), 'node_modules', '.cache', 'twinstorm', 'test-storm');
/** Present while a test run owns a cluster it started; its content is the cluster's state directory. */
const STARTED_MARKER = join(STATE, 'started-by-tests');
const LOCK = join(STATE, 'starting.lock');

let cluster: Promise<StormCluster> | undefined;

/** The running loopback Storm cluster, started on first use (Maven resolves Storm's jars the first time on a machine). */
export function useStormCluster(): Promise<StormCluster> {
  cluster ??= withLockDir(LOCK, 'Storm', async () => {
    const c = await stormUp({ onProgress: (line) => process.stderr.write(`[storm] ${line}\n`) });
    if (c.started) await writeFile(STARTED_MARKER, c.dir);
    return c;
  });
  return cluster;
}

/** Stops the cluster `useStormCluster()` started in this test run, and no other; returns how many processes it stopped. */
export async function stopStormClusterStartedByTests(): Promise<number> {
  if (!existsSync(STARTED_MARKER)) return 0;
  const dir = readFileSync(STARTED_MARKER, 'utf8').trim();
  const result = await stormDown({ dir });
  await rm(STARTED_MARKER, { force: true });
  return result.stopped;
}
