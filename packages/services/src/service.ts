import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { execa } from 'execa';
import { ServicesError } from './errors.ts';
import type { ServiceName } from './names.ts';
import type { ServicePorts } from './options.ts';
import type { ServiceAddresses } from './state.ts';

/** What a service's code gets: its own directory, the ports, where to look for binaries, where to report progress. */
export interface ServiceContext {
  /** The service's own directory inside the state directory: data, configuration, log. */
  readonly dir: string;
  readonly ports: ServicePorts;
  readonly env: NodeJS.ProcessEnv;
  readonly onProgress: (line: string) => void;
}

/** The command line of a server, once its configuration and data are in place. */
export interface ServiceLaunch {
  readonly command: string;
  readonly args: readonly string[];
  readonly env: NodeJS.ProcessEnv;
}

/** Stopping and starting the service being reset, with the ports it runs on. */
export interface ServiceRestart {
  stop(): Promise<void>;
  start(): Promise<void>;
}

/** One kind of server: how to prepare, start, probe, and empty it. The seam between the lifecycle and each server. */
export interface ServiceDefinition<N extends ServiceName = ServiceName> {
  readonly name: N;
  /** The ports it listens on, checked free before a start. */
  ports(ports: ServicePorts): number[];
  address(ports: ServicePorts): NonNullable<ServiceAddresses[N]>;
  /** Fails naming a missing program before anything else is checked, so a missing JDK is not reported as a busy port. */
  requireTools?(): Promise<void>;
  /** Checks the binaries, writes the configuration, initialises the data directory on first use. */
  prepare(ctx: ServiceContext): Promise<ServiceLaunch>;
  /** True once it serves clients (not merely listens). */
  ready(ctx: ServiceContext): Promise<boolean>;
  /** Runs once it is ready after a start (e.g. creating the database). */
  afterStart?(ctx: ServiceContext): Promise<void>;
  /** Empties it (topics, tables, keys) while it runs; may stop and start it again through `restart`. */
  reset(ctx: ServiceContext, restart: ServiceRestart): Promise<void>;
}

/** The path of executable `name` in `dirs` (default: PATH), or null. */
export function findExecutable(name: string, env: NodeJS.ProcessEnv, dirs?: readonly string[]): string | null {
  for (const d of dirs ?? (env['PATH'] ?? '').split(delimiter)) {
    if (d === '') continue;
    const candidate = join(d, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return null;
}

/** Runs a short client command against a service; fails with E_COMMAND naming the service and the command's error. */
export async function runClient(service: ServiceName, command: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<string> {
  const r = await execa(command, args, { env, extendEnv: false, reject: false, timeout: 60_000, all: true });
  if (r.exitCode !== 0) {
    const line = (r.all ?? '').split('\n').find((l) => l.trim() !== '') ?? `exit ${r.exitCode ?? r.signal}`;
    throw new ServicesError('E_COMMAND', `${service}: ${command.split('/').at(-1)} ${args[0] ?? ''} failed: ${line.trim()}`);
  }
  return r.stdout;
}
