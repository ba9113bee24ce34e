import { defineConfig } from 'vitest/config';

// The Docker tier: one file, run alone, with time for builds (see test/docker/tier.test.ts).
export default defineConfig({
  test: {
    include: ['test/docker/**/*.test.ts'],
    testTimeout: 600_000,
    hookTimeout: 1_200_000,
    fileParallelism: false,
  },
});
