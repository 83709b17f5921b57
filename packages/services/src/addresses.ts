// Kept free of heavy imports (no @twinstorm/cluster, no execa): connectors import this to default their conf to the
// servers `twinstorm services up` started, and they are bundled into topology jars.
import { defaultServicesDir } from './options.ts';
import { SERVICE_NAMES } from './names.ts';
import { readServiceState, type ServiceAddresses } from './state.ts';

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as { code?: string }).code === 'EPERM';
  }
}

/**
 * The addresses of the services running from `dir` (default: `twinstorm services`' state directory), read from their
 * state files: `{}` when none runs. Synchronous and cheap, so a connector can call it while a topology is built.
 */
export function runningServiceAddresses(dir: string = defaultServicesDir()): ServiceAddresses {
  const out: ServiceAddresses = {};
  for (const name of SERVICE_NAMES) {
    const state = readServiceState(dir, name);
    if (state !== null && pidAlive(state.pid)) Object.assign(out, { [name]: state.address });
  }
  return out;
}
