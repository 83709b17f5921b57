import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { stormInstallCached, stormInstallHome } from './install.ts';

const cache = mkdtempSync(join(tmpdir(), 'twinstorm-h18-cache-'));
const env = { TWINSTORM_CACHE_DIR: cache };
afterAll(() => rmSync(cache, { recursive: true, force: true }));

describe('stormInstallCached (storm up says "downloading ... with Maven" only when it is false)', () => {
  it('is false with an empty cache and with only lib/, true once lib/ and lib-worker/ hold storm-client jars', () => {
    expect(stormInstallCached(env)).toBe(false);
    const home = stormInstallHome(env);
    for (const dir of ['lib', 'lib-worker']) {
      mkdirSync(join(home, dir), { recursive: true });
      expect(stormInstallCached(env)).toBe(false);
      writeFileSync(join(home, dir, 'storm-client-2.8.3.jar'), '');
    }
    expect(stormInstallCached(env)).toBe(true);
  });
});
