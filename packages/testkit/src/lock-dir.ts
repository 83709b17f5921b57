import { existsSync, statSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { TestkitError } from './errors.ts';

/**
 * Runs `work` while holding the lock directory `lock`, so parallel vitest workers start a shared server (Storm, the
 * services) once. A lock older than 5 minutes belongs to a run that died while starting and is taken over.
 */
export async function withLockDir<T>(lock: string, what: string, work: () => Promise<T>): Promise<T> {
  await mkdir(dirname(lock), { recursive: true });
  const deadline = Date.now() + 10 * 60_000;
  for (;;) {
    try {
      await mkdir(lock);
      break;
    } catch {
      if (existsSync(lock) && Date.now() - statSync(lock).mtimeMs > 5 * 60_000) await rm(lock, { recursive: true, force: true });
      if (Date.now() > deadline) throw new TestkitError('E_TIMEOUT', `timed out waiting for ${lock} (another test run starting ${what}?)`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  try {
    return await work();
  } finally {
    await rm(lock, { recursive: true, force: true });
  }
}
