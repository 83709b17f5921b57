import { defineConfig } from 'vitest/config';

/**
 * The example's own test settings, so its tests run the same copied out of the monorepo (scripts/copy-example-out.sh)
 * as under the root config: the worker-thread test runs the topology twice and needs more than vitest's default 5 s.
 */
export default defineConfig({
  test: { testTimeout: 60_000, hookTimeout: 60_000 },
});
