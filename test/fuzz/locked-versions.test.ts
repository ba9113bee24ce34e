/**
 * Fuzz classes for the versions a lock or a build pin constrains: the Python chosen against the
 * wheels of random locks (analyze/uv-lock-wheels.ts, plan/python.ts), the same locks mangled, and
 * the uv chosen against random uv_build ranges (plan/uv-version.ts).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RepoFacts } from '../../src/analyze/facts.js';
import { scanLockWheels } from '../../src/analyze/uv-lock-wheels.js';
import type { Diagnostic } from '../../src/diagnostics.js';
import { newestMinorAllowed, resolvePythonVersion } from '../../src/plan/python.js';
import { DEFAULT_UV_VERSION, PYTHON_MINORS } from '../../src/plan/tables.js';
import { hasStablePython, uvReleases } from '../../src/plan/uv-capabilities.js';
import { planTargets } from '../../src/targets/plan.js';
import { parseSpecifierSet, satisfies } from '../../src/versions/pep440.js';
import { FUZZ_RUNS, fuzzSettings, fuzzTally } from '../helpers/fuzz.js';
import { reachedCounter } from '../helpers/reached.js';
import { baseFacts, OPTIONS } from '../unit/support.js';

const tally = fuzzTally();
const MINORS = [8, 9, 10, 11, 12, 13, 14, 15];

/** A locked package as the generator models it, and the lock lines uv would write for it. */
interface Locked {
  kind: 'pure' | 'sdist' | 'windows' | 'compiled' | 'abi3';
  x86: number[];
  arm: number[];
  /** abi3 from this minor, on the architectures given by x86/arm being non-empty. */
  abi3From: number;
  /** The root's edge to it: always, below 3.K, from 3.K, or on Windows only. */
  edge: { kind: 'always' | 'below' | 'from' | 'windows'; minor: number };
}

const locked: fc.Arbitrary<Locked> = fc.record({
  kind: fc.constantFrom('pure', 'sdist', 'windows', 'compiled', 'compiled', 'abi3'),
  x86: fc.subarray(MINORS),
  arm: fc.subarray(MINORS),
  abi3From: fc.constantFrom(...MINORS),
  edge: fc.record({ kind: fc.constantFrom('always', 'always', 'below', 'from', 'windows'), minor: fc.constantFrom(...MINORS) }),
});

function lockText(packages: Locked[], crlf: boolean): string {
  const wheel = (name: string, tags: string) => `    { url = "https://files.example/${name}-1.0-${tags}.whl", hash = "sha256:00" },`;
  const marker = (e: Locked['edge']) =>
    e.kind === 'always'
      ? ''
      : e.kind === 'below'
        ? `, marker = "python_full_version < '3.${e.minor}'"`
        : e.kind === 'from'
          ? `, marker = "python_full_version >= '3.${e.minor}'"`
          : `, marker = "sys_platform == 'win32'"`;
  const lines = ['version = 1', 'revision = 3', 'requires-python = ">=3.8"', '', '[[package]]', 'name = "app"', 'version = "0.1.0"', 'source = { virtual = "." }', 'dependencies = ['];
  for (const [i, p] of packages.entries()) lines.push(`    { name = "p${i}"${marker(p.edge)} },`);
  lines.push(']', '');
  for (const [i, p] of packages.entries()) {
    const name = `p${i}`;
    lines.push('[[package]]', `name = "${name}"`, 'version = "1.0"', 'source = { registry = "https://pypi.org/simple" }', `sdist = { url = "https://files.example/${name}-1.0.tar.gz" }`);
    const wheels: string[] = [];
    if (p.kind === 'pure') wheels.push(wheel(name, 'py3-none-any'));
    if (p.kind === 'windows') wheels.push(wheel(name, 'cp312-cp312-win_amd64'));
    if (p.kind === 'compiled') {
      for (const m of p.x86) wheels.push(wheel(name, `cp3${m}-cp3${m}-manylinux_2_17_x86_64.manylinux2014_x86_64`));
      for (const m of p.arm) wheels.push(wheel(name, `cp3${m}-cp3${m}-manylinux_2_17_aarch64`));
      wheels.push(wheel(name, 'cp313-cp313-macosx_11_0_arm64'));
    }
    if (p.kind === 'abi3') {
      if (p.x86.length > 0) wheels.push(wheel(name, `cp3${p.abi3From}-abi3-manylinux_2_28_x86_64`));
      if (p.arm.length > 0) wheels.push(wheel(name, `cp3${p.abi3From}-abi3-manylinux_2_28_aarch64`));
    }
    if (wheels.length > 0) lines.push('wheels = [', ...wheels, ']');
    lines.push('');
  }
  return lines.join(crlf ? '\r\n' : '\n');
}

/** The oracle, from the model alone: does the package install from a wheel on 3.m, or is it not needed there? */
function fine(p: Locked, m: number): boolean {
  const needed = p.edge.kind === 'always' || (p.edge.kind === 'below' ? m < p.edge.minor : p.edge.kind === 'from' ? m >= p.edge.minor : false);
  if (!needed || p.kind === 'pure' || p.kind === 'sdist' || p.kind === 'windows') return true;
  if (p.x86.length === 0 && p.arm.length === 0) return true; // no Linux wheel: sdist only there
  if (p.kind === 'abi3') return m >= p.abi3From;
  return (p.x86.length === 0 || p.x86.includes(m)) && (p.arm.length === 0 || p.arm.includes(m));
}

function factsFor(text: string, requires: string): RepoFacts {
  const base = baseFacts();
  return {
    ...base,
    pyproject: { ...base.pyproject!, requiresPython: { value: requires, file: 'pyproject.toml', line: 4 } },
    uvLock: { file: 'uv.lock', lockVersion: 1, wheels: scanLockWheels(text) },
  };
}

describe('fuzz: the Python chosen against random locks', { timeout: 120_000 }, () => {
  it(`chooses a Python every needed package has a wheel for, or falls back and says so; never throws (${FUZZ_RUNS} cases)`, () => {
    fc.assert(
      fc.property(fc.array(locked, { maxLength: 8 }), fc.constantFrom(...MINORS.slice(0, 6)), fc.boolean(), (packages, lowest, crlf) => {
        const requires = `>=3.${lowest}`;
        const diagnostics: Diagnostic[] = [];
        const choice = resolvePythonVersion(factsFor(lockText(packages, crlf), requires), undefined, diagnostics, DEFAULT_UV_VERSION);
        const specifiers = (parseSpecifierSet(requires) as { ok: true; specifiers: never[] }).specifiers;
        const candidates = PYTHON_MINORS.map((m) => m.minor).filter((minor) => Number(minor.split('.')[1]) >= lowest && hasStablePython(DEFAULT_UV_VERSION, minor));
        const good = candidates.filter((minor) => packages.every((p) => fine(p, Number(minor.split('.')[1]))));
        expect(choice).toBeDefined();
        const chosen = choice!.decision.value;
        if (good.length > 0) {
          expect(good).toContain(chosen);
          expect(chosen).toBe(newestMinorAllowed(specifiers, DEFAULT_UV_VERSION, (m) => good.includes(m)));
          expect(diagnostics.map((d) => d.code)).not.toContain('python-no-locked-wheels');
          tally.count('python vs lock wheels', chosen === newestMinorAllowed(specifiers, DEFAULT_UV_VERSION) ? 'newest allowed' : `held back to ${chosen}`);
        } else {
          expect(chosen).toBe(newestMinorAllowed(specifiers, DEFAULT_UV_VERSION));
          expect(diagnostics.map((d) => d.code)).toContain('python-no-locked-wheels');
          tally.count('python vs lock wheels', 'no Python has every wheel: fell back, warned');
        }
      }),
      fuzzSettings,
    );
  });

  it(`mangled locks (TOML punctuation and headers spliced in anywhere) never throw and give well-formed facts (${FUZZ_RUNS} cases)`, () => {
    const splice = fc.constantFrom(
      '[',
      ']',
      '{',
      '}',
      '"',
      "'",
      '=',
      ',',
      '#',
      '\n',
      '\r\n',
      '[[package]]\n',
      'wheels = [\n',
      'dependencies = [\n',
      'resolution-markers = [\n',
      '[package.optional-dependencies]\n',
      ' marker = "(python_version',
      '.whl"',
      '-cp3-abi3-any.whl"',
      '\u0000',
      '\u2028',
    );
    fc.assert(
      fc.property(fc.array(locked, { maxLength: 5 }), fc.array(fc.tuple(fc.nat(), splice), { minLength: 1, maxLength: 12 }), (packages, edits) => {
        let text = lockText(packages, false);
        for (const [at, piece] of edits) {
          const i = at % (text.length + 1);
          text = text.slice(0, i) + piece + text.slice(i);
        }
        const facts = scanLockWheels(text);
        const lines = text.split('\n').length;
        for (const gap of facts.lacking) {
          expect(gap.minor).toMatch(/^3\.\d+$/);
          expect(gap.count).toBeGreaterThan(0);
          expect(gap.count).toBeLessThanOrEqual(facts.packages);
          expect(gap.first.line).toBeLessThanOrEqual(lines);
        }
        const choice = resolvePythonVersion(factsFor(text, '>=3.9'), undefined, [], DEFAULT_UV_VERSION);
        tally.count('mangled locks', choice ? `chose ${choice.decision.value}` : 'refused');
      }),
      fuzzSettings,
    );
  });
});

describe('fuzz: the uv chosen against random uv_build ranges', { timeout: 120_000 }, () => {
  const releases = uvReleases();
  const release = fc.constantFrom(...releases.filter((_, i) => i % 7 === 0), DEFAULT_UV_VERSION);
  const range = fc.oneof(
    fc.tuple(release, release).map(([a, b]) => `>=${a},<${b}`),
    release.map((a) => `>=${a}`),
    release.map((a) => `<${a}`),
    release.map((a) => `~=${a.split('.').slice(0, 2).join('.')}.0`),
    fc.constantFrom('', '>=0.8,<0.9', '>=0.12.1,<0.13', '==0.99.*', 'not a range'),
  );
  const sometimes = <T>(a: fc.Arbitrary<T>) => fc.oneof({ arbitrary: fc.constant(undefined), weight: 3 }, { arbitrary: a, weight: 1 });
  it(`the default uv lies in every uv_build range a release fits, else a warning names the range; never throws (${FUZZ_RUNS} cases)`, () => {
    const cases = reachedCounter('uv vs uv_build');
    fc.assert(
      fc.property(range, sometimes(range), sometimes(release), (build, required, option) => {
        cases.tried();
        const base = baseFacts();
        const facts: RepoFacts = {
          ...base,
          pyproject: {
            ...base.pyproject!,
            uvBuild: { value: build, file: 'pyproject.toml', line: 8 },
            uv: { present: required !== undefined, devDependencies: [], ...(required !== undefined ? { requiredVersion: { value: required, file: 'pyproject.toml', line: 11 } } : {}) },
          },
        };
        const { plan, diagnostics } = planTargets(facts, { ...OPTIONS, ...(option ? { uvVersion: option } : {}) });
        const buildSpec = parseSpecifierSet(build);
        const warned = diagnostics.some((d) => d.code === 'uv-outside-uv-build-range');
        if (!plan) {
          tally.count('uv vs uv_build', 'refused (required-version or option)');
          return;
        }
        cases.reached();
        const chosen = plan.uv.version.value;
        const inside = !buildSpec.ok || build === '' || satisfies(chosen, buildSpec.specifiers);
        expect(warned).toBe(!inside);
        const requiredSpec = required === undefined ? { ok: true as const, specifiers: [] } : parseSpecifierSet(required);
        const fits = buildSpec.ok && requiredSpec.ok && build !== '' && releases.some((v) => satisfies(v, [...buildSpec.specifiers, ...requiredSpec.specifiers]));
        if (!option && fits) expect(inside).toBe(true);
        tally.count('uv vs uv_build', option ? (inside ? 'option inside' : 'option outside: warned') : inside ? 'default inside' : 'no release fits: warned');
      }),
      fuzzSettings,
    );
    cases.expectAtLeast(0.5);
  });
});
