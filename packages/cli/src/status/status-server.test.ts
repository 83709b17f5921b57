import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { snapshot } from '../../test/support/snapshots.ts';
import { fetchStatus } from './status-client.ts';
import { startStatusServer } from './status-server.ts';

let dir = '';
beforeEach(() => {
  dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'ts-srv-')), 'runs');
});
afterEach(() => rmSync(path.dirname(dir), { recursive: true, force: true }));

describe('status server', () => {
  it('registers the run, serves GET /status, and removes both on close', async () => {
    let calls = 0;
    const server = await startStatusServer({
      dir,
      name: 'demo',
      topology: 'numbers',
      pid: 4242,
      startedAt: new Date('2025-01-02T03:04:05.000Z'),
      snapshot: () => (calls++, snapshot({ durationMs: 1234 })),
    });
    expect(server.socket).toBe(path.join(dir, 'demo-4242.sock'));
    expect(JSON.parse(readFileSync(server.registryFile, 'utf8'))).toEqual({
      name: 'demo',
      pid: 4242,
      socket: server.socket,
      topology: 'numbers',
      startedAt: '2025-01-02T03:04:05.000Z',
    });
    const status = await fetchStatus(server.socket);
    expect(status).toMatchObject({ name: 'demo', pid: 4242, startedAt: '2025-01-02T03:04:05.000Z', topology: 'numbers', durationMs: 1234 });
    expect(calls).toBe(1);

    const notFound = await new Promise<number>((resolve, reject) =>
      http.get({ socketPath: server.socket, path: '/nope' }, (res) => (res.resume(), resolve(res.statusCode ?? 0))).on('error', reject),
    );
    expect(notFound).toBe(404);

    await server.close();
    expect(existsSync(server.socket)).toBe(false);
    expect(existsSync(server.registryFile)).toBe(false);
    await expect(fetchStatus(server.socket)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('closes synchronously too (for process exit handlers)', async () => {
    const server = await startStatusServer({ dir, name: 'x', topology: 'x', pid: 1, startedAt: new Date(), snapshot: () => snapshot() });
    server.closeSync();
    expect(existsSync(server.socket)).toBe(false);
    expect(existsSync(server.registryFile)).toBe(false);
  });
});
