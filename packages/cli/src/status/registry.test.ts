import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { snapshot } from '../../test/support/snapshots.ts';
import { listRuns, readRegistry, writeRegistryEntry } from './registry.ts';
import type { RegistryEntry, StatusPayload } from './status-types.ts';

let dir = '';
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'ts-reg-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const entry = (name: string, pid: number): RegistryEntry => ({
  name,
  pid,
  socket: path.join(dir, `${name}-${pid}.sock`),
  topology: 'numbers',
  startedAt: '2025-01-01T00:00:00.000Z',
});
const payload = (e: RegistryEntry): StatusPayload => ({ ...snapshot(), name: e.name, pid: e.pid, startedAt: e.startedAt });
const refused = (): Promise<never> => Promise.reject(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));

describe('registry', () => {
  it('writes <name>-<pid>.json and reads it back', async () => {
    const file = await writeRegistryEntry(dir, entry('demo', 42));
    expect(path.basename(file)).toBe('demo-42.json');
    expect(await readRegistry(dir)).toEqual([{ file, entry: entry('demo', 42) }]);
  });

  it('makes odd names safe for file names', async () => {
    const file = await writeRegistryEntry(dir, { ...entry('x', 7), name: 'a/b c' });
    expect(path.basename(file)).toBe('a_b_c-7.json');
  });

  it('returns nothing for a missing dir and removes unparsable files', async () => {
    expect(await readRegistry(path.join(dir, 'nope'))).toEqual([]);
    writeFileSync(path.join(dir, 'junk-1.json'), '{"half":');
    expect(await readRegistry(dir)).toEqual([]);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('drops entries of dead processes, with their sockets', async () => {
    const dead = entry('dead', 999_999);
    writeFileSync(dead.socket, '');
    await writeRegistryEntry(dir, dead);
    const runs = await listRuns(
      dir,
      () => Promise.reject(new Error('must not be called')),
      () => false,
    );
    expect(runs).toEqual([]);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('drops entries whose socket refuses connections (after one retry)', async () => {
    await writeRegistryEntry(dir, entry('refused', process.pid));
    let attempts = 0;
    const runs = await listRuns(
      dir,
      () => (attempts++, refused()),
      () => true,
    );
    expect(runs).toEqual([]);
    expect(attempts).toBe(2);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('keeps a run whose first attempt was refused but the retry answered', async () => {
    const e = entry('flaky', process.pid);
    await writeRegistryEntry(dir, e);
    let attempts = 0;
    const runs = await listRuns(
      dir,
      () => (attempts++ === 0 ? refused() : Promise.resolve(payload(e))),
      () => true,
    );
    expect(runs.map((r) => r.entry.name)).toEqual(['flaky']);
  });

  it('drops a stale entry against a real dead socket file', async () => {
    const e = entry('crashed', process.pid);
    // A socket file nobody listens on any more: bind, then close without unlinking (as a crash leaves it).
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(e.socket, resolve));
    writeFileSync(path.join(dir, 'keep.txt'), '');
    await writeRegistryEntry(dir, e);
    const { fetchStatus } = await import('./status-client.ts');
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const runs = await listRuns(
      dir,
      (s) => fetchStatus(s, 500),
      () => true,
    );
    expect(runs).toEqual([]);
    expect(existsSync(path.join(dir, 'crashed-' + process.pid + '.json'))).toBe(false);
  });

  it('lists live runs sorted by name, keeping unreachable ones with the reason', async () => {
    const b = entry('bravo', process.pid);
    const a = entry('alpha', process.pid);
    const slow = entry('slow', process.pid);
    for (const e of [b, a, slow]) await writeRegistryEntry(dir, e);
    const runs = await listRuns(
      dir,
      (socket) =>
        socket === slow.socket
          ? Promise.reject(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' }))
          : Promise.resolve(payload(socket === a.socket ? a : b)),
      () => true,
    );
    expect(runs.map((r) => [r.entry.name, 'status' in r ? r.status.name : r.unreachable])).toEqual([
      ['alpha', 'alpha'],
      ['bravo', 'bravo'],
      ['slow', 'timed out'],
    ]);
    expect(readdirSync(dir)).toHaveLength(3);
  });
});
