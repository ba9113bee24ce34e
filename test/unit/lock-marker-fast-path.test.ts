/**
 * Start-up (issue 19): the wheel scan of examples/uv-app's uv.lock (116 KB, 3 distinct Python
 * comparisons in its markers) was half spent in the PEP 440 matcher, 60 candidate versions parsed
 * and matched per comparison. uv writes its markers' comparisons as an ordered operator and plain
 * release numbers, which are now compared as numbers (test/fuzz/lock-markers.test.ts: the same
 * masks). Counted: the matcher's calls over the whole scan.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it, vi } from 'vitest';

const calls = vi.hoisted(() => ({ satisfies: 0 }));
vi.mock('../../src/versions/pep440.js', async (original) => {
  const real = await original<typeof import('../../src/versions/pep440.js')>();
  return {
    ...real,
    satisfies: (...args: Parameters<typeof real.satisfies>) => {
      calls.satisfies++;
      return real.satisfies(...args);
    },
  };
});

const { scanLockWheels } = await import('../../src/analyze/uv-lock-wheels.js');
const EXAMPLE_LOCK = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../examples/uv-app/uv.lock');

it("examples/uv-app's lock is scanned without the PEP 440 matcher, and with the same gaps", () => {
  calls.satisfies = 0;
  const work = { lines: 0, edgeVisits: 0, pythonComparisons: 0 };
  const facts = scanLockWheels(fs.readFileSync(EXAMPLE_LOCK, 'utf8'), work);
  expect(work.pythonComparisons).toBe(3);
  expect(calls.satisfies).toBe(0);
  // What the plan reads from it: markupsafe (and two others) lack 3.10 and below, pyyaml 3.15.
  expect(facts.lacking.find((g) => g.minor === '3.15')).toMatchObject({ count: 1, first: { name: 'pyyaml' } });
  expect(facts.lacking.find((g) => g.minor === '3.10')).toMatchObject({ count: 3, first: { name: 'markupsafe' } });
  expect(facts.lacking.map((g) => g.minor)).not.toContain('3.12');
});
