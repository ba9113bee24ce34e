import { compareVersions, parseVersion } from '../versions/pep440.js';
import { MINIMUM_UV_VERSION } from './tables.js';
import { UV_FIRST_STABLE_PYTHON, UV_PYTHON_DOWNLOADS, UV_RELEASE_LINES } from './uv-observed.js';

/**
 * What a given uv release can do, from the observed tables (src/plan/uv-observed.ts, checked in
 * CI against PyPI and the real binaries). Every answer is a pure function of the version.
 */

const cmp = (a: string, b: string): number => compareVersions(parseVersion(a)!, parseVersion(b)!);

let releases: readonly string[] | undefined;

/** Every pinnable release, oldest first (made on first use: most runs only ask about one version). */
export function uvReleases(): readonly string[] {
  return (releases ??= UV_RELEASE_LINES.flatMap(({ line, newest }) => {
    const last = Number(newest.split('.')[2]);
    return Array.from({ length: last + 1 }, (_, patch) => `${line}.${patch}`);
  }).filter((v) => cmp(v, MINIMUM_UV_VERSION) >= 0));
}

export const NEWEST_KNOWN_UV = UV_RELEASE_LINES.at(-1)!.newest;

export type UvReleaseStatus = 'release' | 'too-old' | 'newer-than-known' | 'not-a-release';

export function uvReleaseStatus(version: string): UvReleaseStatus {
  if (cmp(version, MINIMUM_UV_VERSION) < 0) return 'too-old';
  if (cmp(version, NEWEST_KNOWN_UV) > 0) return 'newer-than-known';
  // Every line's patches run from 0 to its newest (UV_RELEASE_LINES), so no list is needed here.
  const newest = lineNewest(version);
  const exact = /^\d+\.\d+\.(\d+)$/.exec(version);
  return newest && exact && Number(exact[1]) <= Number(newest.split('.')[2]) ? 'release' : 'not-a-release';
}

/** The newest patch of the line `version` belongs to, when the line is known. */
export function lineNewest(version: string): string | undefined {
  const line = version.split('.').slice(0, 2).join('.');
  return UV_RELEASE_LINES.find((l) => l.line === line)?.newest;
}

/**
 * Whether uv `version` can download a stable build of CPython `minor` ("3.14"). Minors with a
 * first release observed one by one (3.13 and newer) answer exactly; older ones come and go in
 * uv's list (3.7 is in 0.5 and 0.6, in neither 0.4.30 nor 0.7), so they are judged by the observed
 * releases around `version`, and "maybe" counts as yes.
 */
export function hasStablePython(version: string, minor: string): boolean {
  const first = UV_FIRST_STABLE_PYTHON[minor];
  if (first !== undefined) return cmp(version, first) >= 0;
  return availability(version, (newest) => newest[minor] !== undefined) !== 'no';
}

/**
 * Whether uv `version` can download CPython `patch` ("3.12.7"): `yes` when an observed release no
 * newer than it had that build; `maybe` when only the newest release of its line is known to
 * (patches in between were not observed one by one); `no` otherwise.
 */
export function patchAvailability(version: string, patch: string): 'yes' | 'maybe' | 'no' {
  const minor = patch.split('.').slice(0, 2).join('.');
  return availability(version, (newest) => newest[minor] !== undefined && cmp(patch, newest[minor]!) <= 0);
}

/** `yes` when the nearest observed uv at or below `version` passes, `maybe` when only the nearest above does. */
function availability(version: string, passes: (newestPerMinor: Readonly<Record<string, string>>) => boolean): 'yes' | 'maybe' | 'no' {
  const rows = Object.keys(UV_PYTHON_DOWNLOADS).sort(cmp);
  const below = rows.filter((r) => cmp(r, version) <= 0).at(-1);
  const above = rows.find((r) => cmp(r, version) >= 0) ?? rows.at(-1)!;
  if (below !== undefined && passes(UV_PYTHON_DOWNLOADS[below]!)) return 'yes';
  return passes(UV_PYTHON_DOWNLOADS[above]!) ? 'maybe' : 'no';
}

/** The oldest uv release that has a stable build of `minor`, if any known one does. */
export function firstUvWithPython(minor: string): string | undefined {
  return UV_FIRST_STABLE_PYTHON[minor] ?? (hasStablePython(MINIMUM_UV_VERSION, minor) ? MINIMUM_UV_VERSION : undefined);
}

/** The observed uv releases (the newest of each line) whose download list has CPython `minor`. */
export function observedUvWithPython(minor: string): string[] {
  return Object.keys(UV_PYTHON_DOWNLOADS)
    .sort(cmp)
    .filter((uv) => UV_PYTHON_DOWNLOADS[uv]![minor] !== undefined);
}
