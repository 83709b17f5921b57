import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { assertPortFree, isAlive, spawnDetached, stopClusterProcesses, tailLines } from '@twinstorm/cluster';
import { DEFINITIONS } from './definitions.ts';
import { ServicesError } from './errors.ts';
import type { ServiceName } from './names.ts';
import type { ResolvedServicesOptions, ServicePorts } from './options.ts';
import type { ServiceContext } from './service.ts';
import { clearServiceState, readServiceState, serviceDir, writeServiceState, type ServiceState } from './state.ts';

/** One service after `up`: where it listens, and whether this call started it. */
export interface StartedService {
  readonly name: ServiceName;
  readonly address: ServiceState['address'];
  readonly pid: number;
  /** False when it was already running and left alone. */
  readonly started: boolean;
}

/** The context of `name` running (or to run) on `ports`. */
export function serviceContext(name: ServiceName, o: ResolvedServicesOptions, ports: ServicePorts): ServiceContext {
  return { dir: serviceDir(o.dir, name), ports, env: o.env, onProgress: o.onProgress };
}

/** The state of `name` when its process runs and it serves clients; null otherwise. */
export async function runningService(name: ServiceName, o: ResolvedServicesOptions): Promise<ServiceState | null> {
  const state = readServiceState(o.dir, name);
  if (state === null || !isAlive(state.pid)) return null;
  return (await DEFINITIONS[name].ready(serviceContext(name, o, state.ports))) ? state : null;
}

/** Stops every process started from the service's directory; returns how many there were. */
export async function stopService(name: ServiceName, o: ResolvedServicesOptions): Promise<number> {
  const state = readServiceState(o.dir, name);
  const stopped = await stopClusterProcesses(serviceDir(o.dir, name), state ? [state.pid] : []);
  await clearServiceState(o.dir, name);
  return stopped;
}

async function waitReady(name: ServiceName, ctx: ServiceContext, pid: number, deadline: number): Promise<void> {
  const failed = (what: string): ServicesError => {
    const tail = tailLines(join(ctx.dir, `${name}.out`), 8);
    return new ServicesError('E_START', `${name} ${what}; its last log lines:\n${tail || '(no output)'}`);
  };
  for (;;) {
    if (!isAlive(pid)) throw failed('exited during start');
    if (await DEFINITIONS[name].ready(ctx)) return;
    if (Date.now() > deadline) throw failed(`was not ready on 127.0.0.1:${DEFINITIONS[name].ports(ctx.ports)[0]} in time`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

/**
 * Starts `name` and waits until it serves, or returns it as is when it already runs. Leftovers of a dead start are
 * stopped first; a start that fails stops what it started and throws with the server's last log lines.
 */
export async function startService(name: ServiceName, o: ResolvedServicesOptions, ports: ServicePorts = o.ports): Promise<StartedService> {
  const def = DEFINITIONS[name];
  const running = await runningService(name, o);
  if (running) {
    o.onProgress(`${name} is already running (pid ${running.pid})`);
    return { name, address: running.address, pid: running.pid, started: false };
  }
  if ((await stopService(name, o)) > 0) o.onProgress(`stopped the leftovers of a ${name} that no longer serves`);
  await def.requireTools?.();
  for (const port of def.ports(ports)) await assertPortFree(port, name);
  const ctx = serviceContext(name, o, ports);
  await mkdir(ctx.dir, { recursive: true });
  const launch = await def.prepare(ctx);
  o.onProgress(`starting ${name}`);
  const pid = spawnDetached({ name, ...launch, cwd: ctx.dir, logFile: join(ctx.dir, `${name}.out`) });
  const address = def.address(ports);
  await writeServiceState(o.dir, { name, pid, ports, address, startedAt: new Date().toISOString() });
  try {
    await waitReady(name, ctx, pid, Date.now() + o.startTimeoutMs);
    await def.afterStart?.(ctx);
  } catch (err) {
    await stopService(name, o).catch(() => 0);
    throw err;
  }
  o.onProgress(`${name} up (pid ${pid}): ${Object.values(address).join(' ')}`);
  return { name, address, pid, started: true };
}
