import { readFileSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

// What scripts/build.mjs writes into dist/ (src/version.ts).
const { version } = JSON.parse(readFileSync(new URL('package.json', import.meta.url), 'utf8')) as { version: string };

export default defineConfig({
  define: { __PACKAGE_VERSION__: JSON.stringify(version) },
  test: {
    include: ['test/**/*.test.ts'],
    // Integration tests start servers and child processes; give them room on a 2-core machine.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Fixed fast-check seed (FC_SEED / FC_RUNS override it): the same commit always gives the same result.
    setupFiles: ['./test/support/property-runs.ts', './test/support/cleanup.ts'],
    reporters: ['default', './test/support/summary-reporter.ts'],
  },
});
