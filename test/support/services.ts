/**
 * The Kafka / PostgreSQL / Redis servers tests run against: `useServices(['postgres'])` starts the named services
 * once per test run (or reuses those already running, e.g. from `twinstorm services up`), and the global teardown
 * stops only those this run started. Safe from parallel vitest workers: starting is serialized by a lock directory.
 */
import { existsSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultServicesDir, servicesUp, type ServiceAddresses, type ServiceName } from '@twinstorm/services';
import { withLockDir } from '@twinstorm/testkit';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const STATE = join(REPO_ROOT, 'node_modules', '.cache', 'twinstorm', 'test-services');
/** Present while a test run owns services it started: `{ "dir": …, "names": [...] }`. */
export const SERVICES_STARTED_MARKER = join(STATE, 'started-by-tests.json');
const LOCK = join(STATE, 'starting.lock');

/** What the marker records. */
export interface StartedByTests {
  readonly dir: string;
  readonly names: ServiceName[];
}

/** The services this test run started so far (none when the marker is absent). */
export function startedByTests(): StartedByTests | null {
  return existsSync(SERVICES_STARTED_MARKER) ? (JSON.parse(readFileSync(SERVICES_STARTED_MARKER, 'utf8')) as StartedByTests) : null;
}

const pending = new Map<ServiceName, Promise<ServiceAddresses>>();

function start(name: ServiceName): Promise<ServiceAddresses> {
  return withLockDir(LOCK, name, async () => {
    const [s] = await servicesUp([name], { onProgress: (line) => process.stderr.write(`[services] ${line}\n`) });
    if (s!.started) {
      const before = startedByTests();
      const names = [...new Set([...(before?.names ?? []), name])];
      await writeFile(SERVICES_STARTED_MARKER, JSON.stringify({ dir: defaultServicesDir(), names } satisfies StartedByTests));
    }
    return { [name]: s!.address };
  });
}

/**
 * The addresses of the running services `names`, started on first use (Kafka's jars are resolved with Maven the
 * first time on a machine; PostgreSQL and Redis need their OS packages: a missing one fails naming the package).
 */
export async function useServices<N extends ServiceName>(names: readonly N[]): Promise<{ [K in N]: NonNullable<ServiceAddresses[K]> }> {
  const out: ServiceAddresses = {};
  for (const name of names) {
    if (!pending.has(name)) pending.set(name, start(name));
    Object.assign(out, await pending.get(name)!);
  }
  return out as { [K in N]: NonNullable<ServiceAddresses[K]> };
}
