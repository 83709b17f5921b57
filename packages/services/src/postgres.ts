import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { chmod, mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { ServicesError } from './errors.ts';
import type { ServicePorts } from './options.ts';
import { findExecutable, runClient, type ServiceContext, type ServiceDefinition } from './service.ts';

/** The role, password and database `up` creates. Fixed and documented: this is a development server on loopback. */
export const POSTGRES_USER = 'twinstorm';
export const POSTGRES_PASSWORD = 'twinstorm';
export const POSTGRES_DATABASE = 'twinstorm';

/** The OS user the server runs as when twinstorm runs as root (postgres refuses root); Debian's package creates it. */
const RUN_AS = 'postgres';

const INSTALL_HINT =
  'install PostgreSQL (Debian/Ubuntu: apt-get install -y postgresql; macOS: brew install postgresql) or set TWINSTORM_PG_BIN to its bin directory';

/** The directory holding initdb, postgres, pg_isready and psql: $TWINSTORM_PG_BIN, Debian's newest, or PATH. */
function binDir(env: NodeJS.ProcessEnv): string {
  const has = (d: string): boolean => ['initdb', 'postgres', 'pg_isready', 'psql'].every((b) => findExecutable(b, env, [d]) !== null);
  const explicit = env['TWINSTORM_PG_BIN'];
  if (explicit) {
    if (has(explicit)) return explicit;
    throw new ServicesError('E_TOOL_MISSING', `postgres: TWINSTORM_PG_BIN=${explicit} lacks initdb, postgres, pg_isready or psql`);
  }
  const debian = '/usr/lib/postgresql';
  const versions = existsSync(debian)
    ? readdirSync(debian)
        .filter((v) => /^\d+$/.test(v))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  for (const v of versions) if (has(join(debian, v, 'bin'))) return join(debian, v, 'bin');
  const initdb = findExecutable('initdb', env);
  if (initdb !== null && has(join(initdb, '..'))) return join(initdb, '..');
  throw new ServicesError(
    'E_TOOL_MISSING',
    `postgres: the server binaries (initdb, postgres) are not in ${debian}/*/bin nor on PATH: ${INSTALL_HINT}`,
  );
}

/** Uid and gid of an OS user, from /etc/passwd; null when there is no such user. */
function osUser(name: string): { uid: number; gid: number } | null {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${name}:`));
  if (line === undefined) return null;
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

const asRoot = (): boolean => process.getuid?.() === 0;

/**
 * The command line running a server binary: itself, or — as root, which initdb and postgres refuse — through
 * setpriv as the `postgres` OS user. That user keeps only CAP_DAC_READ_SEARCH, so it can reach a state directory
 * under /root (mode 700) without the directory's permissions being loosened.
 */
function unprivileged(command: string, args: readonly string[]): { command: string; args: string[] } {
  if (!asRoot()) return { command, args: [...args] };
  return {
    command: 'setpriv',
    args: [
      `--reuid=${RUN_AS}`,
      `--regid=${RUN_AS}`,
      '--init-groups',
      '--inh-caps=+dac_read_search',
      '--ambient-caps=+dac_read_search',
      command,
      ...args,
    ],
  };
}

async function handToServerUser(dir: string): Promise<void> {
  if (!asRoot()) return;
  if (osUser(RUN_AS) === null) {
    throw new ServicesError(
      'E_TOOL_MISSING',
      `postgres: refuses to run as root and there is no "${RUN_AS}" OS user to run it as: apt-get install -y postgresql creates one, or run twinstorm as another user`,
    );
  }
  await execa('chown', ['-R', `${RUN_AS}:${RUN_AS}`, dir]);
}

/** What the server is told on its command line: loopback only, our port, no Unix socket (clients use TCP). */
export function postgresSettings(ports: ServicePorts): string[] {
  return [
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    `port=${ports.postgres}`,
    '-c',
    'unix_socket_directories=',
    '-c',
    'max_connections=200',
  ];
}

function clientEnv(ctx: ServiceContext): NodeJS.ProcessEnv {
  return { ...ctx.env, PGPASSWORD: POSTGRES_PASSWORD, PGHOST: '127.0.0.1', PGPORT: String(ctx.ports.postgres), PGUSER: POSTGRES_USER };
}

function psql(ctx: ServiceContext, sql: string): Promise<string> {
  return runClient('postgres', join(binDir(ctx.env), 'psql'), ['-d', 'postgres', '-v', 'ON_ERROR_STOP=1', '-Atc', sql], clientEnv(ctx));
}

async function initDataDir(ctx: ServiceContext, bin: string, data: string): Promise<void> {
  ctx.onProgress('initialising the PostgreSQL data directory (initdb)');
  await rm(data, { recursive: true, force: true });
  await mkdir(data, { recursive: true, mode: 0o700 });
  const pwfile = join(ctx.dir, 'initdb-password');
  await writeFile(pwfile, `${POSTGRES_PASSWORD}\n`, { mode: 0o600 });
  await handToServerUser(ctx.dir);
  const cmd = unprivileged(join(bin, 'initdb'), [
    '-D',
    data,
    '-U',
    POSTGRES_USER,
    `--pwfile=${pwfile}`,
    '--auth-host=scram-sha-256',
    '--auth-local=peer',
    '-E',
    'UTF8',
    '--locale=C',
    '--no-instructions',
  ]);
  const r = await execa(cmd.command, cmd.args, { reject: false, all: true, env: ctx.env, timeout: 120_000 });
  await rm(pwfile, { force: true });
  if (r.exitCode !== 0) {
    await rm(data, { recursive: true, force: true });
    const why =
      (r.all ?? '')
        .split('\n')
        .filter((l) => l.trim() !== '')
        .at(-1) ?? `exit ${r.exitCode}`;
    throw new ServicesError('E_START', `postgres: initdb in ${data} failed: ${why.trim()}`);
  }
}

/** PostgreSQL from the OS package's binaries; cluster in `<dir>/postgres/data`, role and database `twinstorm`. */
export const postgres: ServiceDefinition<'postgres'> = {
  name: 'postgres',
  ports: (p) => [p.postgres],
  address: (p) => ({ url: `postgres://${POSTGRES_USER}:${POSTGRES_PASSWORD}@127.0.0.1:${p.postgres}/${POSTGRES_DATABASE}` }),
  async prepare(ctx) {
    const bin = binDir(ctx.env);
    const data = join(ctx.dir, 'data');
    if (!existsSync(join(data, 'PG_VERSION'))) await initDataDir(ctx, bin, data);
    await handToServerUser(ctx.dir);
    await chmod(data, 0o700);
    const cmd = unprivileged(join(bin, 'postgres'), ['-D', data, ...postgresSettings(ctx.ports)]);
    return { command: cmd.command, args: cmd.args, env: ctx.env };
  },
  async ready(ctx) {
    const r = await execa(join(binDir(ctx.env), 'pg_isready'), ['-q', '-h', '127.0.0.1', '-p', String(ctx.ports.postgres)], {
      reject: false,
      env: ctx.env,
      timeout: 10_000,
    });
    return r.exitCode === 0;
  },
  async afterStart(ctx) {
    const exists = await psql(ctx, `select 1 from pg_database where datname = '${POSTGRES_DATABASE}'`);
    if (exists.trim() !== '1') await psql(ctx, `create database ${POSTGRES_DATABASE}`);
  },
  async reset(ctx) {
    await psql(ctx, `drop database if exists ${POSTGRES_DATABASE} with (force)`);
    await psql(ctx, `create database ${POSTGRES_DATABASE}`);
  },
};
