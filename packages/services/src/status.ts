import { runningService } from './lifecycle.ts';
import { SERVICE_NAMES, type ServiceName } from './names.ts';
import { resolveServicesOptions, type ServicePorts, type ServicesOptions } from './options.ts';
import { readServiceState, type ServiceAddresses } from './state.ts';

/** One service as `twinstorm services status` shows it. */
export interface ServiceStatus {
  readonly name: ServiceName;
  /** True when its process runs and it answers clients. */
  readonly running: boolean;
  /** True when `up` recorded it (it may have died since). */
  readonly recorded: boolean;
  readonly pid: number | null;
  readonly ports: ServicePorts | null;
  readonly startedAt: string | null;
}

/** Every service's state, and the addresses of those running. */
export interface ServicesStatus {
  readonly dir: string;
  readonly services: readonly ServiceStatus[];
  /** The running services' addresses: exactly what `status --json` prints. */
  readonly addresses: ServiceAddresses;
}

/** Reads the services' state and probes each recorded one, changing nothing. */
export async function servicesStatus(options: ServicesOptions = {}): Promise<ServicesStatus> {
  const o = resolveServicesOptions(options);
  const services: ServiceStatus[] = [];
  const addresses: ServiceAddresses = {};
  for (const name of SERVICE_NAMES) {
    const state = readServiceState(o.dir, name);
    const running = await runningService(name, o);
    if (running) Object.assign(addresses, { [name]: running.address });
    services.push({
      name,
      running: running !== null,
      recorded: state !== null,
      pid: state?.pid ?? null,
      ports: state?.ports ?? null,
      startedAt: state?.startedAt ?? null,
    });
  }
  return { dir: o.dir, services, addresses };
}
