import { defineConfig } from 'vitest/config';

// Benchmarks that need the Docker engine (scripts/bench-layouts.ts): they print figures and
// assert only correctness, never time. `npm run bench:layouts`.
export default defineConfig({
  test: {
    include: ['scripts/bench-layouts.ts'],
    testTimeout: 1_800_000,
    hookTimeout: 600_000,
  },
});
