// A private registry dir per test file, so the CLI tests never see (or clean up) the developer's real runs.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A fresh TWINSTORM_RUNTIME_DIR (short, to stay under the Unix socket path limit) and the env that selects it. */
export function privateRuntimeDir(): { dir: string; env: Record<string, string>; files(): string[]; remove(): void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tse2e-'));
  return {
    dir,
    env: { TWINSTORM_RUNTIME_DIR: dir },
    files: () => readdirSync(dir).sort(),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
