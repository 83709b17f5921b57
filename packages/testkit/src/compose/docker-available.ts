import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { errorMessage } from '@twinstorm/core/runtime';

/** Whether the compose-backed Storm cluster can run here, and why (or why not), in words a skipped test can print. */
export interface DockerAvailability {
  ok: boolean;
  reason: string;
}

/** Set to 1 to treat Docker as absent (e.g. on a CI machine that has Docker but should not pull Storm images). */
export const SKIP_DOCKER_ENV = 'TWINSTORM_SKIP_DOCKER';

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

/**
 * Tells whether a Docker engine on this machine and Docker Compose v2 are usable, so tests can start the compose
 * cluster or skip with the reason. Never throws. testcontainers is imported lazily: it is only loaded (and only has
 * to load) where a compose cluster is wanted.
 */
export async function dockerAvailable(): Promise<DockerAvailability> {
  if (process.env[SKIP_DOCKER_ENV] === '1') return absent(`${SKIP_DOCKER_ENV}=1 is set`);

  let testcontainers: typeof import('testcontainers');
  try {
    testcontainers = await import('testcontainers');
  } catch (error) {
    return absent(`${testcontainersRelease()} cannot be loaded on Node ${process.version} (${firstLine(error)})`);
  }

  let host: string;
  let serverVersion: string;
  try {
    const client = await testcontainers.getContainerRuntimeClient();
    host = client.info.containerRuntime.host;
    serverVersion = String(client.info.containerRuntime.serverVersion);
  } catch (error) {
    return absent(`no Docker engine reachable (${firstLine(error)})`);
  }
  if (!LOCAL_HOSTS.has(host)) {
    return absent(`the Docker engine is on ${host}, not this machine: the compose cluster publishes Nimbus on the engine's 127.0.0.1`);
  }

  const compose = await composeVersion();
  if (typeof compose !== 'string') return absent(`Docker Compose v2 is not usable: \`docker compose version\` failed (${compose.error})`);
  return { ok: true, reason: `Docker ${serverVersion} on ${host}, Docker Compose ${compose}` };
}

function absent(reason: string): DockerAvailability {
  return { ok: false, reason };
}

/** `docker compose version --short`, the CLI testcontainers drives compose environments with. */
function composeVersion(): Promise<string | { error: string }> {
  return new Promise((resolve) => {
    execFile('docker', ['compose', 'version', '--short'], { timeout: 15_000 }, (error, stdout, stderr) => {
      if (error) resolve({ error: firstLine(stderr.trim() === '' ? error : stderr) });
      else resolve(stdout.trim());
    });
  });
}

/** "testcontainers 12.2.0, which declares node >= 22.22": what a failed import needs to be understood. */
function testcontainersRelease(): string {
  try {
    const pkg = createRequire(import.meta.url)('testcontainers/package.json') as { version?: string; engines?: { node?: string } };
    return `testcontainers ${pkg.version ?? '?'}, which declares node ${pkg.engines?.node ?? '(any)'},`;
  } catch {
    return 'testcontainers';
  }
}

function firstLine(value: unknown): string {
  const text = errorMessage(value);
  return text.trim().split('\n')[0] ?? '';
}
