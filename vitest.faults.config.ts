import { defineConfig } from 'vitest/config';

/**
 * The fault and abuse suite (`npm run test:faults`): real PostgreSQL, real child processes, real
 * time. One file at a time, so the scenarios do not disturb each other's figures.
 */
export default defineConfig({
  test: {
    include: ['test/faults/**/*.test.ts'],
    globalSetup: ['test/support/build-once.ts'],
    testTimeout: 300_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false,
    poolOptions: { forks: { maxForks: 1, minForks: 1 } },
  },
});
