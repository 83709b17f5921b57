import { configDefaults, defineConfig } from 'vitest/config';

/** Suites that talk to a real Storm cluster: they share one cluster, so they run one file at a time, after the rest. */
const STORM_SUITES = [
  'test/conformance/**/*.test.ts',
  'test/storm/**/*.test.ts',
  'test/cli/storm-*.test.ts',
  'test/compose/**/*.test.ts',
  'examples/**/*.storm.test.ts',
];

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: ['default', './test/summary-reporter.ts'],
    globalSetup: ['./test/support/global-setup.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['packages/*/src/**/*.test.ts', 'packages/*/test/**/*.test.ts', 'examples/**/*.test.ts', 'test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, ...STORM_SUITES],
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: 'storm',
          include: STORM_SUITES,
          poolOptions: { forks: { singleFork: true } },
          testTimeout: 300_000,
          hookTimeout: 600_000,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
