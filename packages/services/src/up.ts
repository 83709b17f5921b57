import { startService, type StartedService } from './lifecycle.ts';
import { SERVICE_NAMES, type ServiceName } from './names.ts';
import { resolveServicesOptions, type ServicesOptions } from './options.ts';

/** Starts the named services (default: all) one after another, each idempotently; returns each one's address. */
export async function servicesUp(names: readonly ServiceName[] = SERVICE_NAMES, options: ServicesOptions = {}): Promise<StartedService[]> {
  const o = resolveServicesOptions(options);
  const out: StartedService[] = [];
  for (const name of names) out.push(await startService(name, o));
  return out;
}
