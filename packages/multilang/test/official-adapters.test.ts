import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OFFICIAL_ADAPTER_VERSION, resolveOfficialAdapter, resolveUncached } from './support/official-adapters.ts';

describe('resolveOfficialAdapter', () => {
  it('returns directories holding storm.js and storm.py of Storm 2.8.4 (Maven, cached)', async () => {
    const [js, py, jsAgain] = await Promise.all([
      resolveOfficialAdapter('javascript'),
      resolveOfficialAdapter('python'),
      resolveOfficialAdapter('javascript'),
    ]);
    expect(jsAgain).toBe(js);
    expect(readFileSync(join(js, 'storm.js'), 'utf8')).toContain('Storm.prototype.sendPid');
    expect(readFileSync(join(py, 'storm.py'), 'utf8')).toContain('def sendpid');
    expect(js).toContain(join('node_modules', '.cache', 'twinstorm', 'multilang', OFFICIAL_ADAPTER_VERSION));
  });

  it('is safe when independent resolutions race into an empty cache (atomic rename, no leftovers)', async () => {
    const root = await mkdtemp(join(tmpdir(), 'twinstorm-adapters-'));
    try {
      const dirs = await Promise.all([1, 2, 3].map(() => resolveUncached('javascript', OFFICIAL_ADAPTER_VERSION, root)));
      expect(new Set(dirs).size).toBe(1);
      expect(existsSync(join(dirs[0]!, 'storm.js'))).toBe(true);
      expect(await readdir(join(root, OFFICIAL_ADAPTER_VERSION))).toEqual(['javascript']);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it('names the artifact when Maven cannot resolve it', async () => {
    const root = await mkdtemp(join(tmpdir(), 'twinstorm-adapters-'));
    try {
      await expect(resolveUncached('python', '0.0.0-does-not-exist', root)).rejects.toThrow(
        /cannot resolve org\.apache\.storm:multilang-python:0\.0\.0-does-not-exist/,
      );
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
