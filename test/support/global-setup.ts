/**
 * vitest global setup: after the whole run, stop the Storm cluster if (and only if) a test of this run started it,
 * so tests leave no Storm process behind while a cluster the user started by hand keeps running.
 */
import { stopStormClusterStartedByTests } from '@twinstorm/testkit';

/** Nothing to prepare: Storm starts lazily, only when a test asks for it. */
export function setup(): void {}

/** Stops the cluster this run started. */
export async function teardown(): Promise<void> {
  const stopped = await stopStormClusterStartedByTests();
  if (stopped > 0) process.stderr.write(`[storm] stopped the cluster this test run started (${stopped} processes)\n`);
}
