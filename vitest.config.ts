import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/docker/**'],
    // The fuzz classes run 1,000 cases under CI; on a loaded 2-core machine one took 5.3 s, over
    // vitest's 5 s default. Work is held by counted-work tests, never by this limit, which only
    // stops a test that hangs.
    testTimeout: 60_000,
  },
});
