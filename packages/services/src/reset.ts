import { DEFINITIONS } from './definitions.ts';
import { ServicesError } from './errors.ts';
import { runningService, serviceContext, startService, stopService } from './lifecycle.ts';
import { SERVICE_NAMES, type ServiceName } from './names.ts';
import { resolveServicesOptions, type ServicesOptions } from './options.ts';

/**
 * Empties the named running services (default: all): Kafka loses every topic and consumer group, PostgreSQL's
 * `twinstorm` database is dropped and created again (clients are disconnected), Redis is FLUSHALLed.
 */
export async function servicesReset(names: readonly ServiceName[] = SERVICE_NAMES, options: ServicesOptions = {}): Promise<void> {
  const o = resolveServicesOptions(options);
  for (const name of names) {
    const state = await runningService(name, o);
    if (state === null) throw new ServicesError('E_NOT_RUNNING', `${name} is not running: start it with \`twinstorm services up ${name}\``);
    o.onProgress(`emptying ${name}`);
    await DEFINITIONS[name].reset(serviceContext(name, o, state.ports), {
      stop: async () => void (await stopService(name, o)),
      start: async () => void (await startService(name, o, state.ports)),
    });
  }
}
