/**
 * What a uv release can do (src/plan/uv-capabilities.ts, over the observed tables in
 * src/plan/uv-observed.ts) and how the planner picks the uv it pins (src/plan/uv-version.ts).
 */
import { describe, expect, it } from 'vitest';
import type { RepoFacts } from '../../src/analyze/facts.js';
import { DEFAULT_UV_VERSION, MINIMUM_UV_VERSION } from '../../src/plan/tables.js';
import { firstUvWithPython, hasStablePython, lineNewest, NEWEST_KNOWN_UV, patchAvailability, uvReleaseStatus, uvReleases } from '../../src/plan/uv-capabilities.js';
import { UV_FIRST_STABLE_PYTHON, UV_PYTHON_DOWNLOADS, UV_RELEASE_LINES } from '../../src/plan/uv-observed.js';
import { planTargets } from '../../src/targets/plan.js';
import { compareVersions, parseVersion } from '../../src/versions/pep440.js';
import { baseFacts, codes, find, OPTIONS, planOk } from './support.js';

const cmp = (a: string, b: string) => compareVersions(parseVersion(a)!, parseVersion(b)!);
/** The next patch after the newest release this generator knows: not known, whatever the table holds. */
const AFTER_NEWEST = NEWEST_KNOWN_UV.replace(/\d+$/, (patch) => String(Number(patch) + 1));
const uvRequired = (spec: string): RepoFacts => ({
  ...baseFacts(),
  pyproject: { ...baseFacts().pyproject!, uv: { present: true, requiredVersion: { value: spec, file: 'pyproject.toml', line: 9 }, devDependencies: [] } },
});

describe('UV_RELEASES: every pinnable release', () => {
  it('runs from the minimum to the newest observed release, oldest first, without gaps inside a line', () => {
    expect(uvReleases()[0]).toBe(MINIMUM_UV_VERSION);
    expect(uvReleases().at(-1)).toBe(NEWEST_KNOWN_UV);
    expect(NEWEST_KNOWN_UV).toBe(UV_RELEASE_LINES.at(-1)!.newest);
    for (let i = 1; i < uvReleases().length; i++) expect(cmp(uvReleases()[i - 1]!, uvReleases()[i]!), uvReleases()[i]).toBeLessThan(0);
    for (const { line, newest } of UV_RELEASE_LINES) {
      const patches = uvReleases()
        .filter((v) => v.startsWith(`${line}.`))
        .map((v) => Number(v.split('.')[2]));
      expect(patches.at(-1), line).toBe(Number(newest.split('.')[2]));
      expect(patches, line).toEqual(Array.from({ length: patches.length }, (_, i) => patches[0]! + i));
    }
  });

  it('holds every patch of a line, not only the newest: 0.8.19 and 0.4.4 are releases, 0.4.3 is not pinnable', () => {
    expect(uvReleases()).toContain('0.8.19');
    expect(uvReleases()).toContain('0.8.0');
    expect(uvReleases()).toContain('0.4.4');
    expect(uvReleases()).not.toContain('0.4.3');
  });

  it('the default is a known release, and the newest one', () => {
    expect(uvReleases()).toContain(DEFAULT_UV_VERSION);
    expect(DEFAULT_UV_VERSION).toBe(NEWEST_KNOWN_UV);
  });
});

describe('uvReleaseStatus', () => {
  it.each([
    ['0.4.4', 'release'],
    ['0.8.24', 'release'],
    [NEWEST_KNOWN_UV, 'release'],
    ['0.3.0', 'too-old'],
    ['0.4.3', 'too-old'],
    ['0.1.45', 'too-old'],
    ['0.12.99', 'not-a-release'],
    ['0.8.25', 'not-a-release'],
    [AFTER_NEWEST, 'newer-than-known'],
    ['0.99.0', 'newer-than-known'],
    ['1.0.0', 'newer-than-known'],
  ])('%s: %s', (version, status) => {
    expect(uvReleaseStatus(version)).toBe(status);
  });

  it('lineNewest names the end of a known line, and nothing for an unknown one', () => {
    expect(lineNewest('0.12.99')).toBe('0.12.24');
    expect(lineNewest('0.8.3')).toBe('0.8.24');
    expect(lineNewest('0.99.0')).toBeUndefined();
  });
});

describe('hasStablePython / firstUvWithPython', () => {
  it.each([
    ['0.8.24', '3.14', false],
    ['0.9.0', '3.14', true],
    ['0.12.24', '3.15', false],
    ['0.13.0', '3.15', true],
    ['0.4.19', '3.13', false],
    ['0.4.20', '3.13', true],
    ['0.4.4', '3.12', true],
    ['0.4.4', '3.8', true],
    ['0.13.9', '3.99', false],
    ['0.99.0', '3.15', true],
  ])('uv %s, CPython %s: %s', (uv, minor, expected) => {
    expect(hasStablePython(uv, minor)).toBe(expected);
  });

  it('firstUvWithPython follows the observed table; a minor every pinnable uv has starts at the minimum', () => {
    expect(firstUvWithPython('3.14')).toBe('0.9.0');
    expect(firstUvWithPython('3.15')).toBe('0.13.0');
    expect(firstUvWithPython('3.13')).toBe(UV_FIRST_STABLE_PYTHON['3.13']);
    expect(firstUvWithPython('3.12')).toBe(MINIMUM_UV_VERSION);
    expect(firstUvWithPython('3.99')).toBeUndefined();
  });

  it('agrees with the download table: the newest uv of each observed line has what the table lists for it', () => {
    for (const [uv, minors] of Object.entries(UV_PYTHON_DOWNLOADS)) {
      for (const minor of Object.keys(minors)) {
        // 3.7 was dropped from later uv lines; the generator never plans it.
        if (minor === '3.7') continue;
        expect(hasStablePython(uv, minor), `${uv} ${minor}`).toBe(true);
      }
    }
  });
});

describe('patchAvailability', () => {
  it.each([
    ['0.8.24', '3.13.7', 'yes'],
    ['0.8.24', '3.13.8', 'no'],
    ['0.8.10', '3.13.7', 'maybe'],
    ['0.8.10', '3.13.5', 'yes'],
    ['0.4.4', '3.12.7', 'maybe'],
    ['0.4.30', '3.12.7', 'yes'],
    ['0.13.9', '3.13.99', 'no'],
    ['0.99.0', '3.15.2', 'yes'],
  ])('uv %s, CPython %s: %s', (uv, patch, expected) => {
    expect(patchAvailability(uv, patch)).toBe(expected);
  });
});

describe('resolveUvVersion through the planner', () => {
  const uvOf = (facts: RepoFacts, uvVersion?: string) => planOk(facts, uvVersion ? { uvVersion } : {});

  it('--uv-version below 0.4.4: error uv-too-old, with the minimum in the hint', () => {
    const result = planTargets(baseFacts(), { ...OPTIONS, uvVersion: '0.3.0' });
    expect(result.plan).toBeUndefined();
    expect(result.diagnostics).toEqual([
      { level: 'error', code: 'uv-too-old', message: expect.stringContaining('uv 0.3.0 (from --uv-version) is too old'), hint: expect.stringContaining(MINIMUM_UV_VERSION) },
    ]);
  });

  it('--uv-version inside the known range but not a release: error uv-not-a-release, naming where the line ends', () => {
    const result = planTargets(baseFacts(), { ...OPTIONS, uvVersion: '0.12.99' });
    expect(result.plan).toBeUndefined();
    const d = find(result.diagnostics, 'uv-not-a-release')!;
    expect(d.level).toBe('error');
    expect(d.message).toContain('ghcr.io/astral-sh/uv:0.12.99 does not exist');
    expect(d.hint).toContain('0.12.24');
  });

  it('--uv-version newer than any known release: planned, with warning uv-newer-than-known', () => {
    const { plan, diagnostics } = uvOf(baseFacts(), '0.99.0');
    expect(plan.uv).toEqual({
      version: expect.objectContaining({ value: '0.99.0', source: '--uv-version' }),
      image: 'ghcr.io/astral-sh/uv:0.99.0',
      bin: expect.objectContaining({ value: '/usr/local/lib/gen-devcontainer/bin' }),
    });
    expect(codes(diagnostics)).toEqual(['uv-newer-than-known']);
    expect(find(diagnostics, 'uv-newer-than-known')).toMatchObject({ level: 'warning', message: expect.stringContaining(NEWEST_KNOWN_UV) });
  });

  it.each(['0.4.4', '0.8.19', DEFAULT_UV_VERSION])('--uv-version %s, a release: planned, no uv diagnostic', (uvVersion) => {
    const { plan, diagnostics } = uvOf(baseFacts(), uvVersion);
    expect(plan.uv.version.value).toBe(uvVersion);
    expect(codes(diagnostics).filter((c) => c.startsWith('uv-') && c !== 'uv-ignores-variable')).toEqual([]);
  });

  it.each([
    ['>=0.8,<0.8.20', '0.8.19'],
    ['<0.9', '0.8.24'],
    ['>=0.5,<0.6', '0.5.31'],
    ['~=0.9.0', '0.9.30'],
    ['==0.8.*', '0.8.24'],
    ['>=0.4,<0.4.5', '0.4.4'],
    ['<0.9,!=0.8.24', '0.8.23'],
  ])('required-version %s: the newest release that satisfies it among all patches, %s', (spec, expected) => {
    const { plan } = uvOf(uvRequired(spec));
    expect(plan.uv.version).toMatchObject({ value: expected, source: 'pyproject.toml' });
    expect(plan.uv.version.reason).toContain(spec);
  });

  it('required-version that the default satisfies: the default', () => {
    expect(uvOf(uvRequired('>=0.8')).plan.uv.version).toMatchObject({ value: DEFAULT_UV_VERSION, source: 'pyproject.toml' });
  });

  it.each(['<0.4.4', '<0.4', '==0.3.*', '>=0.2,<0.4.4'])('required-version %s allows only releases older than 0.4.4: error', (spec) => {
    const result = planTargets(uvRequired(spec), OPTIONS);
    expect(result.plan).toBeUndefined();
    const d = find(result.diagnostics, 'uv-version-unsatisfiable')!;
    expect(d).toMatchObject({ level: 'error', file: 'pyproject.toml', line: 9 });
    expect(d.message).toContain(`older than ${MINIMUM_UV_VERSION}`);
    expect(d.hint).toContain(MINIMUM_UV_VERSION);
  });

  it('required-version ==0.3.0 (a single old release): error uv-too-old', () => {
    const result = planTargets(uvRequired('==0.3.0'), OPTIONS);
    expect(result.plan).toBeUndefined();
    expect(codes(result.diagnostics)).toEqual(['uv-too-old']);
  });

  it('required-version ==0.12.99 (not a release): error uv-not-a-release', () => {
    const result = planTargets(uvRequired('==0.12.99'), OPTIONS);
    expect(result.plan).toBeUndefined();
    expect(codes(result.diagnostics)).toEqual(['uv-not-a-release']);
  });

  it('required-version that no known release satisfies: error, and a newer release named on the command line is accepted', () => {
    const none = planTargets(uvRequired('>=1.0'), OPTIONS);
    expect(none.plan).toBeUndefined();
    expect(find(none.diagnostics, 'uv-version-unsatisfiable')).toMatchObject({ level: 'error', message: expect.stringContaining(`up to ${NEWEST_KNOWN_UV}`) });
    const named = uvOf(uvRequired('>=1.0'), '1.0.0');
    expect(named.plan.uv.version.value).toBe('1.0.0');
    expect(codes(named.diagnostics)).toEqual(['uv-newer-than-known']);
  });

  it('--uv-version must still satisfy required-version; the suggestion is the newest satisfying release', () => {
    const result = planTargets(uvRequired('>=0.8,<0.8.20'), { ...OPTIONS, uvVersion: '0.8.24' });
    expect(result.plan).toBeUndefined();
    expect(find(result.diagnostics, 'uv-version-rejected-by-project')!.hint).toContain('--uv-version 0.8.19');
  });
});
