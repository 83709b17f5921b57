import Table from 'cli-table3';
import {
  parseServiceNames,
  type ServiceName,
  type ServicesOptions,
  type ServicesStatus,
  type StartedService,
  type StoppedService,
} from '@twinstorm/services';
import type { OutputStream } from '../run/output-stream.ts';

/** The actions of `twinstorm services`. */
export type ServicesAction = 'up' | 'down' | 'status' | 'reset';

/** The options of `twinstorm services <action>`, parsed. */
export interface ServicesCommandOptions {
  json: boolean;
  dir?: string;
}

/** What `twinstorm services` needs from @twinstorm/services and the process. */
export interface ServicesDeps {
  up(names: readonly ServiceName[], options: ServicesOptions): Promise<StartedService[]>;
  down(names: readonly ServiceName[], options: ServicesOptions): Promise<StoppedService[]>;
  status(options: ServicesOptions): Promise<ServicesStatus>;
  reset(names: readonly ServiceName[], options: ServicesOptions): Promise<void>;
  stdout: OutputStream;
  stderr: OutputStream;
}

function statusTable(s: ServicesStatus, names: readonly ServiceName[]): string {
  const table = new Table({ head: ['service', 'pid', 'state', 'address'], style: { head: [], border: [] } });
  for (const svc of s.services.filter((x) => names.includes(x.name))) {
    const state = svc.running ? 'running' : svc.recorded ? 'NOT serving (restart: twinstorm services up)' : 'stopped';
    table.push([svc.name, svc.pid ?? '-', state, Object.values(s.addresses[svc.name] ?? {}).join(' ') || '-']);
  }
  return `${table.toString()}\nstate: ${s.dir}\n`;
}

const plural = (n: number, what: string): string => `${n} ${what}${n === 1 ? '' : 'es'}`;

/** `twinstorm services up | down | status | reset [kafka] [postgres] [redis]`: real servers on 127.0.0.1. */
export async function servicesCommand(
  action: ServicesAction,
  rawNames: readonly string[],
  options: ServicesCommandOptions,
  deps: ServicesDeps,
): Promise<number> {
  const names = parseServiceNames(rawNames);
  const o: ServicesOptions = {
    ...(options.dir !== undefined ? { dir: options.dir } : {}),
    onProgress: (line) => deps.stderr.write(`twinstorm: ${line}\n`),
  };
  switch (action) {
    case 'up': {
      const started = await deps.up(names, o);
      if (options.json) deps.stdout.write(`${JSON.stringify(Object.fromEntries(started.map((s) => [s.name, s.address])))}\n`);
      else
        for (const s of started)
          deps.stdout.write(`${s.name} ${Object.values(s.address).join(' ')} (${s.started ? 'started' : 'already running'})\n`);
      return 0;
    }
    case 'down': {
      const stopped = await deps.down(names, o);
      if (options.json) deps.stdout.write(`${JSON.stringify(stopped)}\n`);
      else {
        const ran = stopped.filter((s) => s.stopped > 0);
        deps.stdout.write(
          ran.length === 0
            ? `no ${names.join(', ')} process was running\n`
            : `stopped ${ran.map((s) => `${s.name} (${plural(s.stopped, 'process')})`).join(', ')}; nothing of ${names.join(', ')} is left running\n`,
        );
      }
      return 0;
    }
    case 'status': {
      const s = await deps.status(o);
      const shown = s.services.filter((x) => names.includes(x.name));
      if (options.json) {
        const addresses = Object.fromEntries(Object.entries(s.addresses).filter(([n]) => names.includes(n as ServiceName)));
        deps.stdout.write(`${JSON.stringify(addresses)}\n`);
      } else deps.stdout.write(statusTable(s, names));
      // Named services: all must run. None named: whatever was started must run, and something must be.
      const expected = rawNames.length > 0 ? shown : shown.filter((x) => x.recorded);
      return expected.length > 0 && expected.every((x) => x.running) ? 0 : 1;
    }
    case 'reset': {
      await deps.reset(names, o);
      if (!options.json) deps.stdout.write(`emptied ${names.join(', ')}\n`);
      return 0;
    }
  }
}
