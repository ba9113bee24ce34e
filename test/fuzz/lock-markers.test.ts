/**
 * Fuzz class for the Python comparisons of uv.lock markers (src/analyze/lock-markers.ts): the
 * comparisons uv writes (an ordered operator and plain release numbers) are worked out as release
 * numbers, without the PEP 440 specifier matcher; every other one still goes through the matcher.
 * Each random comparison's mask is checked against the matcher itself (pep440.ts `satisfies`), tried
 * on the same Pythons: 3.Y for python_version; for python_full_version the patches 0 and 99, and the
 * named patch with its neighbours.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { markerMinors, newPythonComparisons } from '../../src/analyze/lock-markers.js';
import { MINOR_BITS } from '../../src/analyze/wheel-tags.js';
import { satisfies } from '../../src/versions/pep440.js';
import { FUZZ_RUNS, fuzzSettings, fuzzTally } from '../helpers/fuzz.js';

const tally = fuzzTally();

/** The mask the PEP 440 matcher gives, minor by minor. */
function byMatcher(variable: string, op: string, value: string): number {
  const named = value.split('.').map(Number);
  let mask = 0;
  for (let minor = 0; minor < MINOR_BITS; minor++) {
    const tried =
      variable === 'python_version'
        ? [`3.${minor}`]
        : (named[0] === 3 && named[1] === minor && named[2] !== undefined ? [0, named[2] - 1, named[2], named[2] + 1, 99] : [0, 99]).filter((p) => p >= 0).map((p) => `3.${minor}.${p}`);
    if (tried.some((version) => satisfies(version, `${op}${value}`))) mask |= 2 ** minor;
  }
  return mask;
}

const release = fc.oneof(
  // Around the Pythons that exist, where the answers change.
  fc.tuple(fc.constant(3), fc.integer({ min: 0, max: 31 }), fc.option(fc.integer({ min: 0, max: 101 }), { nil: undefined })).map(([a, b, c]) => (c === undefined ? [a, b] : [a, b, c])),
  // Anything with up to four parts, leading zeros included (`3.012` is 3.12).
  fc.array(fc.integer({ min: 0, max: 120 }), { minLength: 1, maxLength: 4 }),
  fc.array(fc.constantFrom('0', '00', '03', '3', '011', '12', '99'), { minLength: 1, maxLength: 4 }).map((parts) => parts.map(Number)),
);

describe('fuzz: Python comparisons of lock markers', () => {
  it(`the mask of an ordered comparison with plain release numbers is the PEP 440 matcher's (${FUZZ_RUNS} cases)`, () => {
    fc.assert(
      fc.property(fc.constantFrom('python_version', 'python_full_version'), fc.constantFrom('==', '!=', '<', '<=', '>', '>='), release, fc.boolean(), (variable, op, parts, flipped) => {
        const value = parts.join('.');
        const comparisons = newPythonComparisons();
        // Written either way round: `'3.11' > python_version` is `python_version < '3.11'`.
        const flip: Record<string, string> = { '<': '>', '>': '<', '<=': '>=', '>=': '<=', '==': '==', '!=': '!=' };
        const marker = flipped ? `'${value}' ${flip[op]} ${variable}` : `${variable} ${op} '${value}'`;
        const mask = markerMinors(marker, comparisons);
        expect(comparisons.bySpecifier).toBe(0);
        expect(mask).toBe(byMatcher(variable, op, value));
        tally.count('ordered comparisons of plain releases', mask === 0 ? 'no minor' : mask === 2 ** MINOR_BITS - 1 ? 'every minor' : 'some minors');
      }),
      fuzzSettings,
    );
    expect(tally.total('ordered comparisons of plain releases')).toBe(FUZZ_RUNS);
  });

  it('anything else (a wildcard, ~=, a pre-release) still goes through the matcher', () => {
    for (const marker of ["python_full_version == '3.12.*'", "python_version ~= '3.11'", "python_full_version >= '3.13.0rc1'", "python_full_version < '3.12.0.post1'"]) {
      const comparisons = newPythonComparisons();
      markerMinors(marker, comparisons);
      expect(comparisons.bySpecifier, marker).toBe(1);
    }
  });
});
