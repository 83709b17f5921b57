/**
 * vitest global setup: after the whole run, stop the Storm cluster if (and only if) a test of this run started it,
 * so tests leave no Storm process behind while a cluster the user started by hand keeps running.
 */
import { existsSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { stormDown } from '@twinstorm/cluster';
import { STARTED_MARKER } from './storm.ts';

/** Nothing to prepare: Storm starts lazily, only when a test asks for it. */
export function setup(): void {}

/** Stops the cluster this run started. */
export async function teardown(): Promise<void> {
  if (!existsSync(STARTED_MARKER)) return;
  const dir = readFileSync(STARTED_MARKER, 'utf8').trim();
  const result = await stormDown({ dir });
  await rm(STARTED_MARKER, { force: true });
  process.stderr.write(`[storm] stopped the cluster this test run started (${result.stopped} processes)\n`);
}
