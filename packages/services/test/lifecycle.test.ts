/**
 * The three services on a state directory and ports of their own (never the ones `twinstorm services up` started
 * for everyone): up from nothing, idempotent, status, reset empties them, down leaves no process, data survives.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listProcessesOf } from '../../../test/storm/processes-of.ts';
import { isListening } from '@twinstorm/cluster';
import {
  runningServiceAddresses,
  servicesDown,
  servicesReset,
  servicesStatus,
  servicesUp,
  type ServicesOptions,
} from '@twinstorm/services';

const PORTS = { kafka: 39092, kafkaController: 39093, postgres: 35432, redis: 36379 };
const CLI = join(import.meta.dirname, '..', '..', 'cli', 'bin', 'twinstorm.js');
const PSQL_ENV = { PGPASSWORD: 'twinstorm' };

let dir = '';
let options: ServicesOptions = {};

function psql(sql: string): Promise<string> {
  return execa(
    '/usr/lib/postgresql/15/bin/psql',
    ['-h', '127.0.0.1', '-p', String(PORTS.postgres), '-U', 'twinstorm', '-d', 'twinstorm', '-Atc', sql],
    {
      env: PSQL_ENV,
    },
  ).then((r) => r.stdout);
}

function redisCli(...args: string[]): Promise<string> {
  return execa('redis-cli', ['-p', String(PORTS.redis), ...args]).then((r) => r.stdout);
}

async function kafkaTopics(): Promise<string[]> {
  const admin = new Kafka({ brokers: [`127.0.0.1:${PORTS.kafka}`], logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    return (await admin.listTopics()).filter((t) => !t.startsWith('__'));
  } finally {
    await admin.disconnect();
  }
}

describe('twinstorm services on a directory of their own', { timeout: 600_000 }, () => {
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'twinstorm-services-'));
    options = { dir, ports: PORTS };
  });
  afterAll(async () => {
    await servicesDown(undefined, { dir }).catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  }, 120_000);

  it('starts all three from nothing, is idempotent, reports addresses, empties them on reset, and stops without a trace', async () => {
    const progress: string[] = [];
    const first = await servicesUp(undefined, { ...options, onProgress: (l) => progress.push(l) });
    expect(first.map((s) => [s.name, s.started])).toEqual([
      ['kafka', true],
      ['postgres', true],
      ['redis', true],
    ]);
    expect(progress).toContain(`postgres up (pid ${first[1]!.pid}): postgres://twinstorm:twinstorm@127.0.0.1:${PORTS.postgres}/twinstorm`);
    const addresses = {
      kafka: { brokers: `127.0.0.1:${PORTS.kafka}` },
      postgres: { url: `postgres://twinstorm:twinstorm@127.0.0.1:${PORTS.postgres}/twinstorm` },
      redis: { url: `redis://127.0.0.1:${PORTS.redis}` },
    };

    const again = await servicesUp(undefined, options);
    expect(again.map((s) => [s.name, s.started, s.pid])).toEqual(first.map((s) => [s.name, false, s.pid]));

    expect((await servicesStatus({ dir })).addresses).toEqual(addresses);
    expect(runningServiceAddresses(dir)).toEqual(addresses);
    const cli = await execa(process.execPath, [CLI, 'services', 'status', '--json', '--dir', dir], { reject: false });
    expect(cli.exitCode, cli.stderr).toBe(0);
    expect(cli.stdout).toBe(JSON.stringify(addresses));

    // Something in each, then reset empties them all.
    await psql('create table kept (id int primary key); insert into kept values (1)');
    await redisCli('set', 'k', 'v');
    const admin = new Kafka({ brokers: [addresses.kafka.brokers], logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: 'reset-check', numPartitions: 2 }], waitForLeaders: true });
    await admin.disconnect();
    expect(await kafkaTopics()).toEqual(['reset-check']);
    expect(await psql('select count(*) from kept')).toBe('1');

    await servicesReset(undefined, { dir });
    expect(await kafkaTopics()).toEqual([]);
    expect(await psql("select count(*) from pg_tables where tablename = 'kept'")).toBe('0');
    expect(await redisCli('exists', 'k')).toBe('0');

    // Data survives down and up.
    await psql('create table survives (id int)');
    const down = await servicesDown(undefined, { dir });
    expect(down.map((s) => s.name)).toEqual(['kafka', 'postgres', 'redis']);
    for (const s of down) expect(s.stopped, s.name).toBeGreaterThan(0);
    expect(listProcessesOf(`${dir}/`)).toEqual([]);
    for (const port of Object.values(PORTS)) expect(await isListening(port), `port ${port}`).toBe(false);
    expect(runningServiceAddresses(dir)).toEqual({});
    expect((await servicesDown(undefined, { dir })).map((s) => s.stopped)).toEqual([0, 0, 0]);
    const stopped = await execa(process.execPath, [CLI, 'services', 'status', '--dir', dir], { reject: false });
    expect(stopped.exitCode).toBe(1);

    await servicesUp(['postgres'], options);
    expect(await psql("select count(*) from pg_tables where tablename = 'survives'")).toBe('1');
    expect(await servicesDown(['postgres'], { dir })).toEqual([{ name: 'postgres', stopped: expect.any(Number) as number }]);
  });

  it('names what is missing, what is wrong, and what is not running', async () => {
    await expect(servicesUp(['redis'], { ...options, env: { PATH: '/nonexistent' } })).rejects.toThrow(
      /^redis: redis-server is not on PATH: install it \(Debian\/Ubuntu: apt-get install -y redis-server/,
    );
    await expect(servicesUp(['postgres'], { ...options, env: { ...process.env, TWINSTORM_PG_BIN: '/nonexistent' } })).rejects.toThrow(
      'postgres: TWINSTORM_PG_BIN=/nonexistent lacks initdb, postgres, pg_isready or psql',
    );
    await expect(servicesReset(['redis'], { dir })).rejects.toThrow('redis is not running: start it with `twinstorm services up redis`');

    const noJava = await execa(process.execPath, [CLI, 'services', 'up', 'kafka', '--dir', dir], {
      reject: false,
      env: { PATH: '/nonexistent' },
    });
    expect(noJava.exitCode).not.toBe(0);
    expect(noJava.stderr).toMatch(/^twinstorm: java is not on PATH: install a JDK 17/m);

    const unknown = await execa(process.execPath, [CLI, 'services', 'up', 'mongo', '--dir', dir], { reject: false });
    expect(unknown.exitCode).not.toBe(0);
    expect(unknown.stderr).toBe('twinstorm: unknown service "mongo": expected kafka, postgres, redis');

    const blocker = execa('redis-server', ['--port', String(PORTS.redis), '--bind', '127.0.0.1', '--save', '']);
    try {
      for (let i = 0; i < 50 && !(await isListening(PORTS.redis)); i++) await new Promise((r) => setTimeout(r, 100));
      await expect(servicesUp(['redis'], options)).rejects.toThrow(`port ${PORTS.redis} (redis) is already in use by another process`);
    } finally {
      blocker.kill();
      await blocker.catch(() => undefined);
    }
    expect(listProcessesOf(`${dir}/`)).toEqual([]);
  });
});
