import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/faults/**', 'test/cluster/**', 'node_modules/**'],
    globalSetup: ['test/support/build-once.ts'],
    // Sized for a busy 2-core machine (CI and reviewers run the suite beside other work).
    testTimeout: 90_000,
    hookTimeout: 180_000,
    // Two cores: PGlite instances are heavy, so keep the pool small and predictable.
    pool: 'forks',
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
  },
});
