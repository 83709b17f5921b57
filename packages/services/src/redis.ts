import { dirname, join } from 'node:path';
import { writeFile } from 'node:fs/promises';
import { ServicesError } from './errors.ts';
import { findExecutable, runClient, type ServiceContext, type ServiceDefinition } from './service.ts';

const INSTALL_HINT = 'install it (Debian/Ubuntu: apt-get install -y redis-server; macOS: brew install redis) or put it on PATH';

function binaries(env: NodeJS.ProcessEnv): { server: string; cli: string } {
  const server = findExecutable('redis-server', env);
  if (server === null) throw new ServicesError('E_TOOL_MISSING', `redis: redis-server is not on PATH: ${INSTALL_HINT}`);
  const cli = findExecutable('redis-cli', env, [dirname(server)]) ?? findExecutable('redis-cli', env);
  if (cli === null)
    throw new ServicesError('E_TOOL_MISSING', `redis: redis-cli is not on PATH (it comes with redis-server): ${INSTALL_HINT}`);
  return { server, cli };
}

/** redis.conf of a loopback server whose data (append-only file) lives in `dir`. */
export function redisConf(dir: string, port: number): string {
  return [
    '# Written by twinstorm services up; regenerated at every start.',
    'bind 127.0.0.1',
    `port ${port}`,
    'protected-mode yes',
    'daemonize no',
    `dir ${dir}`,
    // Stream entries and consumer groups survive a restart (the append-only file, fsynced every second).
    'appendonly yes',
    'appendfsync everysec',
    'save ""',
    'logfile ""',
    '',
  ].join('\n');
}

function cli(ctx: ServiceContext, ...args: string[]): Promise<string> {
  return runClient('redis', binaries(ctx.env).cli, ['-h', '127.0.0.1', '-p', String(ctx.ports.redis), ...args], ctx.env);
}

/** Redis from the OS package's redis-server; data in `<dir>/redis`. */
export const redis: ServiceDefinition<'redis'> = {
  name: 'redis',
  ports: (p) => [p.redis],
  address: (p) => ({ url: `redis://127.0.0.1:${p.redis}` }),
  async prepare(ctx) {
    const { server } = binaries(ctx.env);
    const conf = join(ctx.dir, 'redis.conf');
    await writeFile(conf, redisConf(ctx.dir, ctx.ports.redis));
    return { command: server, args: [conf], env: ctx.env };
  },
  async ready(ctx) {
    return (await cli(ctx, 'ping').catch(() => '')).trim() === 'PONG';
  },
  async reset(ctx) {
    await cli(ctx, 'flushall');
  },
};
