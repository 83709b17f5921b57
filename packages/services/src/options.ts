import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { ServicesError } from './errors.ts';

/** The ports the services listen on, all on 127.0.0.1. */
export interface ServicePorts {
  readonly kafka: number;
  /** The KRaft controller listener of the single Kafka node. */
  readonly kafkaController: number;
  readonly postgres: number;
  readonly redis: number;
}

/**
 * Not the standard ports (9092, 5432, 6379): a system PostgreSQL or Redis, or another Kafka, keeps running beside
 * these. The standard port with a leading 1.
 */
export const DEFAULT_SERVICE_PORTS: ServicePorts = { kafka: 19092, kafkaController: 19093, postgres: 15432, redis: 16379 };

/** What `twinstorm services …`, the programmatic API and the test helper may choose. */
export interface ServicesOptions {
  /** State directory (data, logs, pids). Default $TWINSTORM_SERVICES_DIR, else ~/.local/state/twinstorm/services. */
  readonly dir?: string;
  /** Ports for services started by this call (a running service keeps the ports it was started with). */
  readonly ports?: Partial<ServicePorts>;
  /** How long `up` waits for each service to become ready (default 120 s). */
  readonly startTimeoutMs?: number;
  /** Progress lines for humans ("resolving Kafka jars", "postgres up"); silent when absent. */
  readonly onProgress?: (line: string) => void;
  /** Where binaries are looked up (PATH, TWINSTORM_PG_BIN); default process.env. */
  readonly env?: NodeJS.ProcessEnv;
}

/** The options with every default filled in. */
export interface ResolvedServicesOptions {
  readonly dir: string;
  readonly ports: ServicePorts;
  readonly startTimeoutMs: number;
  readonly onProgress: (line: string) => void;
  readonly env: NodeJS.ProcessEnv;
}

/** The default state directory, so `up` in one shell and `down` or a connector's defaults in another agree. */
export function defaultServicesDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env['TWINSTORM_SERVICES_DIR']) return resolve(env['TWINSTORM_SERVICES_DIR']);
  const xdg = env['XDG_STATE_HOME'];
  return join(xdg && xdg.length > 0 ? xdg : join(homedir(), '.local', 'state'), 'twinstorm', 'services');
}

/** The environment variable that moves each port, so a second instance (its own TWINSTORM_SERVICES_DIR) can run beside. */
export const SERVICE_PORT_ENV: Readonly<Record<keyof ServicePorts, string>> = {
  kafka: 'TWINSTORM_KAFKA_PORT',
  kafkaController: 'TWINSTORM_KAFKA_CONTROLLER_PORT',
  postgres: 'TWINSTORM_POSTGRES_PORT',
  redis: 'TWINSTORM_REDIS_PORT',
};

/** The ports the environment sets (SERVICE_PORT_ENV); a value that is not a port is an error naming the variable. */
export function portsFromEnv(env: NodeJS.ProcessEnv): Partial<ServicePorts> {
  const ports: Partial<Record<keyof ServicePorts, number>> = {};
  for (const [key, variable] of Object.entries(SERVICE_PORT_ENV) as [keyof ServicePorts, string][]) {
    const raw = env[variable];
    if (raw === undefined || raw === '') continue;
    const port = Number(raw);
    if (!Number.isInteger(port) || port < 1 || port > 65535)
      throw new ServicesError('E_SERVICES_PORT', `${variable} must be a port number (1-65535), got "${raw}"`);
    ports[key] = port;
  }
  return ports;
}

/** Fills in defaults: ports from the options, else the environment (SERVICE_PORT_ENV), else DEFAULT_SERVICE_PORTS. */
export function resolveServicesOptions(options: ServicesOptions = {}): ResolvedServicesOptions {
  const env = options.env ?? process.env;
  return {
    dir: options.dir !== undefined ? resolve(options.dir) : defaultServicesDir(env),
    ports: { ...DEFAULT_SERVICE_PORTS, ...portsFromEnv(env), ...options.ports },
    startTimeoutMs: options.startTimeoutMs ?? 120_000,
    onProgress: options.onProgress ?? (() => {}),
    env,
  };
}
