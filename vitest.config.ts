import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Integration tests start servers and child processes; give them room on a 2-core machine.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Fixed fast-check seed (FC_SEED / FC_RUNS override it): the same commit always gives the same result.
    setupFiles: ['./test/support/property-runs.ts'],
    reporters: ['default', './test/support/summary-reporter.ts'],
  },
});
