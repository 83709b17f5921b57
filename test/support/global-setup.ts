/**
 * vitest global setup: after the whole run, stop the Storm cluster and the services (Kafka, PostgreSQL, Redis) if
 * (and only if) a test of this run started them, so tests leave no process behind while what the user started by
 * hand keeps running.
 */
import { rm } from 'node:fs/promises';
import { servicesDown } from '@twinstorm/services';
import { stopStormClusterStartedByTests } from '@twinstorm/testkit';
import { SERVICES_STARTED_MARKER, startedByTests } from './services.ts';

/** Nothing to prepare: Storm and the services start lazily, only when a test asks for them. */
export function setup(): void {}

/** Stops the cluster and the services this run started. */
export async function teardown(): Promise<void> {
  await stopServices();
  const stopped = await stopStormClusterStartedByTests();
  if (stopped > 0) process.stderr.write(`[storm] stopped the cluster this test run started (${stopped} processes)\n`);
}

async function stopServices(): Promise<void> {
  const started = startedByTests();
  if (started === null) return;
  const stopped = await servicesDown(started.names, { dir: started.dir });
  await rm(SERVICES_STARTED_MARKER, { force: true });
  process.stderr.write(`[services] stopped what this test run started: ${stopped.map((s) => s.name).join(', ')}\n`);
}
