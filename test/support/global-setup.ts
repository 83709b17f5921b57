/**
 * vitest global setup: after the whole run, stop the Storm cluster and the services (Kafka, PostgreSQL, Redis) if
 * (and only if) a test of this run started them, so tests leave no process behind while what the user started by
 * hand keeps running.
 */
import { existsSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { stormDown } from '@twinstorm/cluster';
import { servicesDown } from '@twinstorm/services';
import { SERVICES_STARTED_MARKER, startedByTests } from './services.ts';
import { STARTED_MARKER } from './storm.ts';

/** Nothing to prepare: Storm and the services start lazily, only when a test asks for them. */
export function setup(): void {}

/** Stops the cluster and the services this run started. */
export async function teardown(): Promise<void> {
  await stopServices();
  await stopStorm();
}

async function stopServices(): Promise<void> {
  const started = startedByTests();
  if (started === null) return;
  const stopped = await servicesDown(started.names, { dir: started.dir });
  await rm(SERVICES_STARTED_MARKER, { force: true });
  process.stderr.write(`[services] stopped what this test run started: ${stopped.map((s) => s.name).join(', ')}\n`);
}

async function stopStorm(): Promise<void> {
  if (!existsSync(STARTED_MARKER)) return;
  const dir = readFileSync(STARTED_MARKER, 'utf8').trim();
  const result = await stormDown({ dir });
  await rm(STARTED_MARKER, { force: true });
  process.stderr.write(`[storm] stopped the cluster this test run started (${result.stopped} processes)\n`);
}
