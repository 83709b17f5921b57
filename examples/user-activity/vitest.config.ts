import { configDefaults, defineConfig } from 'vitest/config';

/**
 * The example's own test settings, so its tests run the same copied out of the monorepo (scripts/copy-example-out.sh)
 * as under the root config: the worker-thread test needs more than vitest's default 5 s, the Storm test far more.
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['**/*.test.ts'],
          exclude: [...configDefaults.exclude, '**/*.storm.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'storm',
          include: ['**/*.storm.test.ts'],
          testTimeout: 300_000,
          hookTimeout: 600_000,
        },
      },
    ],
  },
});
