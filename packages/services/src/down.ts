import { stopService } from './lifecycle.ts';
import { SERVICE_NAMES, type ServiceName } from './names.ts';
import { resolveServicesOptions, type ServicesOptions } from './options.ts';

/** What `down` did to one service. */
export interface StoppedService {
  readonly name: ServiceName;
  /** Processes stopped (a server and its children); 0 when nothing ran. */
  readonly stopped: number;
}

/**
 * Stops the named services (default: all), SIGTERM then SIGKILL, and waits until no process of theirs is left.
 * Their data stays for the next `up`. Idempotent: a service that does not run is not an error.
 */
export async function servicesDown(
  names: readonly ServiceName[] = SERVICE_NAMES,
  options: ServicesOptions = {},
): Promise<StoppedService[]> {
  const o = resolveServicesOptions(options);
  const out: StoppedService[] = [];
  for (const name of [...names].reverse()) out.push({ name, stopped: await stopService(name, o) });
  return out.reverse();
}
