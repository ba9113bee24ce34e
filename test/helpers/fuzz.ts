/**
 * What every fuzz file shares: how many cases a class runs (FUZZ_RUNS; 1,000 under CI, 200
 * otherwise), one seed (FUZZ_SEED), and a tally of how each class's cases ended, printed once
 * after the file's tests so the record says how many ran and what happened.
 */
import { afterAll } from 'vitest';

export const FUZZ_RUNS = Number(process.env.FUZZ_RUNS ?? (process.env.CI === 'true' ? 1000 : 200));
export const fuzzSettings = { numRuns: FUZZ_RUNS, seed: Number(process.env.FUZZ_SEED ?? 20261122) };

/** A tally for one test file: `count(klass, outcome)` per case; printed in afterAll. */
export function fuzzTally(): { count: (klass: string, outcome: string) => void; total: (klass: string) => number } {
  const tally: Record<string, Record<string, number>> = {};
  afterAll(() => {
    for (const [klass, outcomes] of Object.entries(tally))
      console.log(
        `fuzz ${klass}: ${Object.entries(outcomes)
          .map(([o, n]) => `${n} ${o}`)
          .join(', ')}`,
      );
  });
  return {
    count(klass, outcome) {
      tally[klass] ??= {};
      tally[klass][outcome] = (tally[klass][outcome] ?? 0) + 1;
    },
    total: (klass) => Object.values(tally[klass] ?? {}).reduce((a, b) => a + b, 0),
  };
}
