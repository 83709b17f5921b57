import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { snapshot } from '../../test/support/snapshots.ts';
import { writeRegistryEntry } from '../status/registry.ts';
import type { StatusPayload } from '../status/status-types.ts';
import { statusCommand, type StatusDeps } from './status.ts';

let dir = '';
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'ts-status-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function deps(): StatusDeps & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    runtimeDir: dir,
    fetch: (socket) => {
      const name = path.basename(socket).replace(/-\d+\.sock$/, '');
      const payload: StatusPayload = {
        ...snapshot({ topology: 'numbers' }),
        name,
        pid: process.pid,
        startedAt: '2025-01-01T00:00:00.000Z',
      };
      return Promise.resolve(payload);
    },
    stdout: { write: (t: string) => void out.push(t) },
    stderr: { write: (t: string) => void err.push(t) },
  };
}

async function register(name: string): Promise<void> {
  const socket = path.join(dir, `${name}-${process.pid}.sock`);
  await writeRegistryEntry(dir, { name, pid: process.pid, socket, topology: 'numbers', startedAt: '2025-01-01T00:00:00.000Z' });
}

describe('twinstorm status', () => {
  it('says so when nothing runs', async () => {
    const d = deps();
    expect(await statusCommand(undefined, { json: false }, d)).toBe(0);
    expect(d.out.join('')).toBe('no twinstorm runs on this machine\n');
    const j = deps();
    await statusCommand(undefined, { json: true }, j);
    expect(JSON.parse(j.out.join(''))).toEqual({ runs: [] });
  });

  it('prints one block per run, by name', async () => {
    await register('zulu');
    await register('alpha');
    const d = deps();
    await statusCommand(undefined, { json: false }, d);
    const text = d.out.join('');
    expect(text.indexOf(`== alpha (pid ${process.pid}`)).toBeGreaterThanOrEqual(0);
    expect(text.indexOf('== alpha')).toBeLessThan(text.indexOf('== zulu'));
    expect(text).toContain('│ numbers ');
  });

  it('shows one run by name, as JSON too', async () => {
    await register('zulu');
    await register('alpha');
    const d = deps();
    await statusCommand('zulu', { json: true }, d);
    const parsed = JSON.parse(d.out.join('')) as { runs: StatusPayload[] };
    expect(parsed.runs.map((r) => r.name)).toEqual(['zulu']);
  });

  it('fails clearly for an unknown name', async () => {
    await register('alpha');
    await expect(statusCommand('nope', { json: false }, deps())).rejects.toThrow('no run named "nope" (running: alpha)');
    rmSync(dir, { recursive: true, force: true });
    await expect(statusCommand('nope', { json: false }, deps())).rejects.toThrow('no run named "nope" (no twinstorm runs on this machine)');
  });
});
