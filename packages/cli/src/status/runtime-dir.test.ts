import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { listRuns } from './registry.ts';
import { checkRuntimeDir, ensureRuntimeDir, MAX_SOCKET_PATH_BYTES, runFileStem, runtimeDir, socketPathFor } from './runtime-dir.ts';

describe('runtime dir', () => {
  it('is per user under the temp dir, unless TWINSTORM_RUNTIME_DIR says otherwise', () => {
    const dir = runtimeDir({});
    expect(dir.startsWith(os.tmpdir())).toBe(true);
    expect(dir).toMatch(/twinstorm-[^/]+\/runs$/);
    expect(runtimeDir({ TWINSTORM_RUNTIME_DIR: '/x/y' })).toBe('/x/y');
  });

  it('names files <name>-<pid>', () => {
    expect(runFileStem('wordcount', 12)).toBe('wordcount-12');
    expect(runFileStem('a b/c', 3)).toBe('a_b_c-3');
  });

  it('keeps socket paths within the Unix limit', () => {
    expect(socketPathFor('/tmp/r', 'demo', 5)).toBe('/tmp/r/demo-5.sock');
    const deep = path.join('/tmp', 'x'.repeat(80));
    expect(socketPathFor(deep, 'a-long-topology-name-that-does-not-fit', 12345)).toBe(path.join(deep, '12345.sock'));
    const deeper = path.join('/tmp', 'x'.repeat(120));
    const fallback = socketPathFor(deeper, 'demo', 12345);
    expect(fallback.startsWith('/tmp/twinstorm-')).toBe(true);
    for (const p of [fallback]) expect(Buffer.byteLength(p)).toBeLessThanOrEqual(MAX_SOCKET_PATH_BYTES);
  });
});

describe('runtime dir check', () => {
  const made: string[] = [];
  const base = (): string => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'twinstorm-rtdir-test-'));
    made.push(dir);
    return dir;
  };
  afterAll(() => {
    for (const dir of made) rmSync(dir, { recursive: true, force: true });
  });
  const uid = process.getuid!();

  it('creates the registry dir with mode 0700 and accepts it', async () => {
    const dir = path.join(base(), 'a', 'runs');
    await ensureRuntimeDir(dir);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(() => checkRuntimeDir(dir)).not.toThrow();
  });

  it('refuses a registry dir writable by group or others, naming the path, owner and mode', async () => {
    const dir = path.join(base(), 'runs');
    mkdirSync(dir);
    chmodSync(dir, 0o777);
    await expect(ensureRuntimeDir(dir)).rejects.toThrow(
      `runtime directory ${dir} is writable by group or others (mode 0777): another user could delete or replace the run registry`,
    );
    await expect(listRuns(dir, () => Promise.reject(new Error('not asked')))).rejects.toMatchObject({ code: 'E_RUNTIME_DIR' });
  });

  it("refuses a parent it would create under the temp dir when another user's (twinstorm-<uid>/ made first by someone else)", async () => {
    const parent = base();
    chmodSync(parent, 0o755);
    chownSync(parent, 65534, 65534);
    const dir = path.join(parent, 'runs');
    await expect(ensureRuntimeDir(dir)).rejects.toThrow(
      `runtime directory ${parent} is owned by uid 65534, not by you (uid ${uid}) (mode 0755)`,
    );
    expect(existsSync(dir)).toBe(false);
  });

  it('refuses a registry dir owned by another user even with mode 0700', () => {
    const dir = path.join(base(), 'runs');
    mkdirSync(dir, { mode: 0o700 });
    chownSync(dir, 65534, 65534);
    expect(() => checkRuntimeDir(dir)).toThrow(`runtime directory ${dir} is owned by uid 65534, not by you (uid ${uid}) (mode 0700)`);
  });
});
