import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_SOCKET_PATH_BYTES, runFileStem, runtimeDir, socketPathFor } from './runtime-dir.ts';

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
