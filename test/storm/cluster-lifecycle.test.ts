/**
 * `twinstorm storm up | status | down` on a cluster of its own (own state directory and ports, so it never touches
 * the cluster other Storm tests share): starts from the cached jars, is idempotent, and leaves no process behind.
 */
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureStormInstall, stormClusterStatus, stormDown, stormUp } from '@twinstorm/cluster';
import { listenAddresses } from './listeners.ts';
import { listProcessesOf } from './processes-of.ts';

const CLI = join(import.meta.dirname, '..', '..', 'packages', 'cli', 'bin', 'twinstorm.js');
const PORTS = { zookeeper: 12181, nimbus: 16627, supervisor: 16628, slots: [16700, 16701] };

describe('a loopback Storm cluster of its own', { timeout: 300_000 }, () => {
  let dir: string;
  beforeAll(async () => {
    await ensureStormInstall();
    dir = await mkdtemp(join(tmpdir(), 'twinstorm-lifecycle-'));
  }, 600_000);
  afterAll(async () => {
    await stormDown({ dir }).catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  });

  it('starts, is idempotent, reports its daemons, and stops without leaving a process', async () => {
    const progress: string[] = [];
    const first = await stormUp({ dir, ports: PORTS, onProgress: (l) => progress.push(l) });
    expect(first.started).toBe(true);
    expect(first.nimbus).toEqual({ host: '127.0.0.1', port: PORTS.nimbus });
    expect(progress).toContain(`nimbus up (pid ${first.pids.nimbus}, port ${PORTS.nimbus})`);

    const again = await stormUp({ dir, ports: PORTS });
    expect(again.started).toBe(false);
    expect(again.pids).toEqual(first.pids);

    const status = await stormClusterStatus({ dir });
    expect(status.running).toBe(true);
    expect(status.daemons.map((d) => [d.name, d.alive, d.listening])).toEqual([
      ['zookeeper', true, true],
      ['nimbus', true, true],
      ['supervisor', true, true],
    ]);
    const cli = await execa(process.execPath, [CLI, 'storm', 'status', '--dir', dir], { reject: false });
    expect(cli.exitCode).toBe(0);
    expect(cli.stdout).toMatch(/nimbus\s+│\s+\d+\s+│ running │ 16627 listening/);
    expect(listProcessesOf(dir).length).toBeGreaterThanOrEqual(3);
    // Storm binds its Thrift servers to the wildcard address; the loopback shim keeps them on 127.0.0.1.
    expect(status.loopbackOnly).toBe(true);
    for (const port of [PORTS.zookeeper, PORTS.nimbus, PORTS.supervisor]) {
      expect(listenAddresses(port).length).toBeGreaterThan(0);
      expect(listenAddresses(port).every((a) => a === '127.0.0.1' || a === '::ffff:127.0.0.1')).toBe(true);
    }

    const down = await stormDown({ dir });
    expect(down.stopped).toBeGreaterThanOrEqual(3);
    expect(listProcessesOf(dir)).toEqual([]);
    expect((await stormDown({ dir })).stopped).toBe(0);
    const after = await execa(process.execPath, [CLI, 'storm', 'status', '--dir', dir], { reject: false });
    expect(after.exitCode).toBe(1);
    expect(after.stdout).toMatch(/no Storm cluster started from/);
  });

  it('names the busy port instead of starting', async () => {
    const net = await import('node:net');
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(PORTS.zookeeper, '0.0.0.0', r));
    try {
      await expect(stormUp({ dir, ports: PORTS })).rejects.toMatchObject({
        code: 'E_PORT_BUSY',
        message: `port ${PORTS.zookeeper} (ZooKeeper) is already in use by another process; free it or choose another port`,
      });
      expect(listProcessesOf(dir)).toEqual([]);
    } finally {
      await new Promise((r) => blocker.close(r));
    }
  });

  it('fails with the last log lines of a daemon that dies while starting, and stops the ones already started', async () => {
    const realJava = (await execa('sh', ['-c', 'command -v java'])).stdout.trim();
    const bin = await mkdtemp(join(tmpdir(), 'twinstorm-fake-java-'));
    await writeFile(
      join(bin, 'java'),
      [
        '#!/bin/sh',
        'for a in "$@"; do',
        '  if [ "$a" = org.apache.storm.daemon.nimbus.Nimbus ]; then echo "Error: simulated nimbus failure" >&2; exit 1; fi',
        'done',
        `exec ${realJava} "$@"`,
        '',
      ].join('\n'),
    );
    await chmod(join(bin, 'java'), 0o755);
    const path = process.env['PATH'];
    process.env['PATH'] = `${bin}:${path ?? ''}`;
    try {
      await expect(stormUp({ dir, ports: PORTS })).rejects.toMatchObject({
        code: 'E_DAEMON_START',
        message: expect.stringMatching(/^nimbus exited during start; its last log lines:\n.*simulated nimbus failure/s) as unknown,
      });
      expect(listProcessesOf(dir)).toEqual([]);
      expect((await stormClusterStatus({ dir })).version).toBeNull();
    } finally {
      process.env['PATH'] = path;
      await rm(bin, { recursive: true, force: true });
    }
  });

  it('says in one line that java is missing', async () => {
    const r = await execa(process.execPath, [CLI, 'storm', 'up', '--dir', dir], {
      reject: false,
      env: { PATH: '/nonexistent' },
      extendEnv: true,
    });
    expect(r.exitCode).not.toBe(0);
    expect(r.stderr.trim()).toBe(
      'twinstorm: java is not on PATH: install a JDK 17 (e.g. apt install openjdk-17-jdk-headless) or put its bin/ on PATH',
    );
  });
});
