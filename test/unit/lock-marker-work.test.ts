/**
 * Review finding: each Python comparison in a uv.lock marker (`python_full_version >= '3.12.4'`)
 * was worked out anew, dozens of version tests each, so a hostile lock of a few MiB made of such
 * comparisons kept the generator busy for tens of seconds (4 MiB: 10 s here). Each distinct one is
 * now worked out once, and at most MAX_PYTHON_COMPARISONS of them per lock; the version tests are
 * counted, not timed.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it, vi } from 'vitest';

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

const { MAX_PYTHON_COMPARISONS, markerMinors } = await import('../../src/analyze/lock-markers.js');
const { scanLockWheels } = await import('../../src/analyze/uv-lock-wheels.js');

const wheel = (name: string, minor: number) => `    { url = "https://x/${name}-1.0-cp3${minor}-cp3${minor}-manylinux_2_17_x86_64.whl" },\n`;

/** A project depending on `packages` packages, each through a marker of `atoms` distinct Python comparisons; each has wheels for 3.9 to 3.12. */
function hostileLock(packages: number, atoms: number): string {
  const parts = ['version = 1\nrequires-python = ">=3.9"\n\n[[package]]\nname = "root"\nversion = "0"\nsource = { editable = "." }\ndependencies = [\n'];
  for (let p = 0; p < packages; p++) {
    const marker = Array.from({ length: atoms }, (_, i) => `python_full_version >= '3.${9 + ((p + i) % 4)}.${p * atoms + i}'`).join(' or ');
    parts.push(`    { name = "p${p}", marker = "${marker}" },\n`);
  }
  parts.push(']\n');
  for (let p = 0; p < packages; p++)
    parts.push(`\n[[package]]\nname = "p${p}"\nversion = "1.0"\nsource = { registry = "x" }\nwheels = [\n${[9, 10, 11, 12].map((m) => wheel(`p${p}`, m)).join('')}]\n`);
  return parts.join('');
}

describe('Python comparisons in lock markers: bounded work', () => {
  it('a lock of 40,000 distinct comparisons does a bounded number of version tests, and 4x as many do no more', () => {
    // Counted both ways: comparisons worked out, and version tests of the PEP 440 matcher (none for
    // these, which are plain release numbers: lock-markers.ts, releaseMinors).
    const work = (packages: number) => {
      calls.satisfies = 0;
      const counted = { lines: 0, edgeVisits: 0, pythonComparisons: 0 };
      const facts = scanLockWheels(hostileLock(packages, 200), counted);
      // Every package is needed on some minor it has no wheel for (3.13 up): the safe side.
      expect(facts.lacking.map((g) => g.minor)).toContain('3.13');
      return { comparisons: counted.pythonComparisons, versionTests: calls.satisfies };
    };
    const small = work(200);
    const large = work(800);
    expect(small.comparisons).toBe(MAX_PYTHON_COMPARISONS);
    expect(small.versionTests).toBeLessThanOrEqual(MAX_PYTHON_COMPARISONS * 30 * 5);
    expect(large).toEqual(small);
  });

  it('a comparison repeated across markers is worked out once', () => {
    const lock = (n: number) =>
      `version = 1\nrequires-python = ">=3.9"\n\n[[package]]\nname = "root"\nversion = "0"\nsource = { editable = "." }\ndependencies = [\n${Array.from(
        { length: n },
        (_, p) => `    { name = "p${p}", marker = "python_full_version < '3.11' and extra == 'e${p}'" },\n`,
      ).join('')}]\n`;
    const comparisons = (n: number) => {
      const counted = { lines: 0, edgeVisits: 0, pythonComparisons: 0 };
      scanLockWheels(lock(n), counted);
      return counted.pythonComparisons;
    };
    expect(comparisons(10)).toBe(1);
    expect(comparisons(1000)).toBe(1);
  });

  it('what a marker means is unchanged', () => {
    const minors = (mask: number) => [9, 10, 11, 12, 13].filter((m) => mask & (2 ** m)).map((m) => `3.${m}`);
    expect(minors(markerMinors("python_full_version >= '3.11.2' and python_full_version < '3.13'"))).toEqual(['3.11', '3.12']);
    expect(minors(markerMinors("python_version < '3.10' or sys_platform == 'win32'"))).toEqual(['3.9']);
  });
});

/**
 * Start-up (issue 19): the scan of examples/uv-app's uv.lock (116 KB, 3 distinct Python comparisons
 * in its markers) was half spent in the PEP 440 matcher, 135 version tests. uv writes those
 * comparisons as an ordered operator and plain release numbers, now compared as numbers
 * (test/fuzz/lock-markers.test.ts: the same masks as the matcher's).
 */
it("examples/uv-app's lock is scanned without a version test of the matcher, with the same gaps", () => {
  calls.satisfies = 0;
  const counted = { lines: 0, edgeVisits: 0, pythonComparisons: 0 };
  const facts = scanLockWheels(fs.readFileSync(path.resolve(import.meta.dirname, '../../examples/uv-app/uv.lock'), 'utf8'), counted);
  expect(counted.pythonComparisons).toBe(3);
  expect(calls.satisfies).toBe(0);
  // What the plan reads from it: markupsafe (and two others) lack 3.10 and below, pyyaml 3.15.
  expect(facts.lacking.find((g) => g.minor === '3.15')).toMatchObject({ count: 1, first: { name: 'pyyaml' } });
  expect(facts.lacking.find((g) => g.minor === '3.10')).toMatchObject({ count: 3, first: { name: 'markupsafe' } });
  expect(facts.lacking.map((g) => g.minor)).not.toContain('3.12');
});
