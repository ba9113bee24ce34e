/**
 * A property that returns early for some cases (a refusal, an input that is no case of it) must
 * still test something: count the cases that got to the assertions, and fail when fewer than a
 * stated share of them did (none at all, above all), instead of passing on skipped cases only.
 */
import { expect } from 'vitest';

export function reachedCounter(what: string): { tried: () => void; reached: () => void; expectAtLeast: (share: number) => void } {
  let tried = 0;
  let reached = 0;
  return {
    tried: () => void tried++,
    reached: () => void reached++,
    expectAtLeast(share) {
      const message = `${what}: ${reached} of ${tried} cases reached the assertions, fewer than ${Math.round(share * 100)}%`;
      if (process.env.REACHED_PRINT) console.log(`${what}: ${reached} of ${tried} cases reached the assertions`);
      expect(reached, message).toBeGreaterThan(0);
      expect(reached / tried, message).toBeGreaterThanOrEqual(share);
    },
  };
}
