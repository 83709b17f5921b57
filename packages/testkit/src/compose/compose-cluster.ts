import { basename, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { StartedDockerComposeEnvironment } from 'testcontainers';
import { TestkitError } from '../errors.ts';
import { dockerAvailable } from './docker-available.ts';
import { freePorts } from './free-port.ts';

/** The repository's docker-compose.yml (the testkit runs from source inside the workspace). */
export const DEFAULT_COMPOSE_FILE = fileURLToPath(new URL('../../../../docker-compose.yml', import.meta.url));

/** Options of startComposeStormCluster. */
export interface ComposeStormClusterOptions {
  /** The compose file (default: the repository's docker-compose.yml). */
  composeFile?: string;
  /** Host port for Nimbus's Thrift API, also its port inside the cluster (default: a free port). */
  nimbusPort?: number;
  /** Also start the Storm UI (default false). */
  ui?: boolean;
  /** Host port for the UI (default: a free port). Published even when `ui` is false. */
  uiPort?: number;
  /** How long each container may take to become healthy once `docker compose up` returns (default 5 min). */
  startupTimeoutMs?: number;
}

/** A running compose-backed Storm cluster. */
export interface ComposeStormCluster {
  /** Where Nimbus answers, in the shape the loopback cluster and runTopology's `nimbus` option use. */
  readonly nimbus: { readonly host: string; readonly port: number };
  /** The Storm UI, when started. */
  readonly ui: { readonly host: string; readonly port: number } | null;
  /**
   * The host name under which workers inside the cluster reach a server on this machine: a sink for their reports
   * must listen on 0.0.0.0 (not 127.0.0.1, which inside the cluster is the cluster itself) and be announced as
   * `${hostFromWorkers}:${port}`.
   */
  readonly hostFromWorkers: string;
  /** The compose project (unique per cluster), for `docker compose -p <project> logs` while it runs. */
  readonly project: string;
  /** `docker compose down` with volumes; idempotent. */
  stop(): Promise<void>;
}

const SERVICES = ['loopback', 'zookeeper', 'nimbus', 'supervisor'] as const;

/**
 * Starts the repository's docker-compose.yml (ZooKeeper, Nimbus, a supervisor with Node, optionally the UI) as a
 * throw-away compose project through testcontainers, and waits until every daemon is healthy. Nimbus is published on
 * 127.0.0.1 with the same port inside and outside, so Storm's leader redirect stays on a reachable address. Fails
 * with TestkitError E_START (with dockerAvailable's reason when there is no Docker engine).
 */
export async function startComposeStormCluster(options: ComposeStormClusterOptions = {}): Promise<ComposeStormCluster> {
  const docker = await dockerAvailable();
  if (!docker.ok) throw new TestkitError('E_START', `cannot start the compose Storm cluster: ${docker.reason}`);

  const composeFile = options.composeFile ?? DEFAULT_COMPOSE_FILE;
  const withUi = options.ui ?? false;
  const [freeNimbus, freeUi] = await freePorts(2);
  const nimbusPort = options.nimbusPort ?? freeNimbus ?? 6627;
  const uiPort = options.uiPort ?? freeUi ?? 8080;
  const startupTimeoutMs = options.startupTimeoutMs ?? 300_000;

  const { DockerComposeEnvironment, Wait } = await import('testcontainers');
  // Containers are named <service>-<index> within the project. The daemons' compose healthchecks test their ports;
  // `loopback` only holds the namespace (its published ports answer once Nimbus and the UI listen).
  let environment = new DockerComposeEnvironment(dirname(composeFile), basename(composeFile))
    .withEnvironment({ TWINSTORM_COMPOSE_NIMBUS_PORT: String(nimbusPort), TWINSTORM_COMPOSE_UI_PORT: String(uiPort) })
    .withWaitStrategy('loopback-1', Wait.forSuccessfulCommand('true'))
    .withWaitStrategy('zookeeper-1', Wait.forHealthCheck())
    .withWaitStrategy('nimbus-1', Wait.forHealthCheck())
    .withWaitStrategy('supervisor-1', Wait.forHealthCheck())
    .withStartupTimeout(startupTimeoutMs);
  if (withUi) environment = environment.withWaitStrategy('ui-1', Wait.forHealthCheck());

  let started: StartedDockerComposeEnvironment;
  try {
    started = await environment.up(withUi ? [...SERVICES, 'ui'] : [...SERVICES]);
  } catch (error) {
    throw new TestkitError(
      'E_START',
      `the compose Storm cluster (${composeFile}) did not come up: ${describe(error)}. ` +
        'To see which service fails, run `docker compose up --build --wait` in that directory; ' +
        'daemon logs are under /logs in each container.',
      { cause: error },
    );
  }

  let stopping: Promise<void> | undefined;
  return {
    nimbus: { host: '127.0.0.1', port: nimbusPort },
    ui: withUi ? { host: '127.0.0.1', port: uiPort } : null,
    hostFromWorkers: 'host.docker.internal',
    project: projectOf(started),
    stop: () => (stopping ??= started.down({ timeout: 10_000, removeVolumes: true }).then(() => undefined)),
  };
}

/** The compose project name testcontainers gave the environment (read from a container's label). */
function projectOf(started: StartedDockerComposeEnvironment): string {
  const labels = started.getContainer('nimbus-1').getLabels();
  return labels['com.docker.compose.project'] ?? '';
}

/** A compose failure is sometimes an Error, sometimes docker-compose's `{ exitCode, err }` result. */
function describe(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'object' && error !== null && 'err' in error && typeof error.err === 'string') return error.err.trim();
  return String(error);
}
