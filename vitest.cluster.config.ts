import { defineConfig } from 'vitest/config';

/**
 * `npm run test:cluster`: three bot processes behind nginx on one PostgreSQL, with a SIGKILL and a
 * rolling restart during a 500-channel round. Real processes, real time; one file, alone.
 */
export default defineConfig({
  test: {
    include: ['test/cluster/**/*.test.ts'],
    testTimeout: 900_000,
    hookTimeout: 300_000,
    pool: 'forks',
    fileParallelism: false,
    poolOptions: { forks: { maxForks: 1, minForks: 1 } },
  },
});
