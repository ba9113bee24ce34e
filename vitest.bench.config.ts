import { defineConfig } from 'vitest/config';

// Benchmarks that need the Docker engine (scripts/bench-layouts.ts, scripts/bench-production.ts):
// they print figures and assert only correctness, never time. `npm run bench:layouts`,
// `npm run bench:production` (each names its file).
export default defineConfig({
  test: {
    include: ['scripts/bench-layouts.ts', 'scripts/bench-production.ts'],
    testTimeout: 1_800_000,
    hookTimeout: 600_000,
  },
});
