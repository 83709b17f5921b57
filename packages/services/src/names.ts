import { ServicesError } from './errors.ts';

/** The servers `twinstorm services` runs. */
export type ServiceName = 'kafka' | 'postgres' | 'redis';

/** Every service, in start order (status and `--json` list them so). */
export const SERVICE_NAMES: readonly ServiceName[] = ['kafka', 'postgres', 'redis'];

/** The services named on a command line (all of them when none is named), deduplicated, in start order. */
export function parseServiceNames(names: readonly string[]): ServiceName[] {
  for (const n of names) {
    if (!(SERVICE_NAMES as readonly string[]).includes(n)) {
      throw new ServicesError('E_INVALID_ARGUMENT', `unknown service "${n}": expected ${SERVICE_NAMES.join(', ')}`);
    }
  }
  return names.length === 0 ? [...SERVICE_NAMES] : SERVICE_NAMES.filter((s) => names.includes(s));
}
