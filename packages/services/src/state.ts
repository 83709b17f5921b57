import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ServicesError } from './errors.ts';
import type { ServiceName } from './names.ts';
import type { ServicePorts } from './options.ts';

/** How clients reach each service: what `twinstorm services status --json` prints. */
export interface ServiceAddresses {
  kafka?: { readonly brokers: string };
  postgres?: { readonly url: string };
  redis?: { readonly url: string };
}

/** What `up` records for one service so `down`, `status`, `reset` and connectors (from any process) find it. */
export interface ServiceState<N extends ServiceName = ServiceName> {
  readonly name: N;
  /** The server's pid, which is also its process group (servers start detached). */
  readonly pid: number;
  /** The ports it was started with (a later `up` with other ports leaves a running service alone). */
  readonly ports: ServicePorts;
  readonly address: NonNullable<ServiceAddresses[N]>;
  readonly startedAt: string;
}

/** Where one service keeps its data, configuration, log and state file. */
export function serviceDir(dir: string, name: ServiceName): string {
  return join(dir, name);
}

function stateFile(dir: string, name: ServiceName): string {
  return join(serviceDir(dir, name), 'service.json');
}

/** The recorded state of `name`, or null when it was never started from `dir` (or was stopped). */
export function readServiceState<N extends ServiceName>(dir: string, name: N): ServiceState<N> | null {
  const file = stateFile(dir, name);
  if (!existsSync(file)) return null;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as ServiceState<N>;
  } catch (err) {
    throw new ServicesError('E_STATE', `cannot read ${file}: ${(err as Error).message}; run \`twinstorm services down ${name}\``);
  }
}

/** Records a started service. */
export async function writeServiceState(dir: string, state: ServiceState): Promise<void> {
  await mkdir(serviceDir(dir, state.name), { recursive: true });
  await writeFile(stateFile(dir, state.name), `${JSON.stringify(state, null, 2)}\n`);
}

/** Forgets a service once everything it started has stopped (its data stays). */
export async function clearServiceState(dir: string, name: ServiceName): Promise<void> {
  await rm(stateFile(dir, name), { force: true });
}
