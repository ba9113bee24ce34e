/**
 * The uv tables the planner pins from, checked against the real world: PyPI's release list and
 * the real uv binaries of those releases (their wheels, from PyPI). Needs the registry, not Docker.
 *
 * `npm run update:uv-table` (UPDATE_UV_TABLE=1) observes everything anew and rewrites
 * src/plan/uv-observed.ts; review the diff like a golden.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DEFAULT_UV_VERSION, MINIMUM_UV_VERSION, UV_SINCE } from '../../src/plan/tables.js';
import { UV_FIRST_STABLE_PYTHON, UV_PYTHON_DOWNLOADS, UV_RELEASE_LINES } from '../../src/plan/uv-observed.js';
import { CACHE_DIR } from './engine.js';
import { compare, newestStablePerMinor, parseRelease, pythonDownloads, type ReleaseLine, releaseLines, show } from './uv-observe.js';
import { pypiUvReleases, uvRelease } from './uv-release.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const TABLE_FILE = path.join(repoRoot, 'src/plan/uv-observed.ts');
const update = process.env.UPDATE_UV_TABLE === '1';

const downloadsCache = new Map<string, Record<string, string>>();
function stablePythons(version: string): Record<string, string> {
  let found = downloadsCache.get(version);
  if (!found) {
    found = newestStablePerMinor(pythonDownloads(uvRelease(version, CACHE_DIR).uv));
    downloadsCache.set(version, found);
  }
  return found;
}

/** Every release from the oldest pinnable one, oldest first. */
function pinnable(lines: readonly ReleaseLine[]): string[] {
  const minimum = parseRelease(MINIMUM_UV_VERSION)!;
  return lines
    .flatMap((l) => {
      const newest = parseRelease(l.newest)!;
      return Array.from({ length: newest[2] + 1 }, (_, p) => [newest[0], newest[1], p] as [number, number, number]);
    })
    .filter((v) => compare(v, minimum) >= 0)
    .map(show);
}

/** The first release in `ordered` from which `has` holds (it holds for every later one). */
function firstWith(ordered: readonly string[], has: (v: string) => boolean): string | undefined {
  let lo = 0;
  let hi = ordered.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (has(ordered[mid]!)) hi = mid;
    else lo = mid + 1;
  }
  return ordered[lo];
}

function renderTable(lines: readonly ReleaseLine[], pythons: Record<string, Record<string, string>>, firstStable: Record<string, string>): string {
  return [
    '// Written by test/docker/uv-releases.test.ts (`npm run update:uv-table`) from what PyPI lists and what',
    '// the uv binaries themselves report; do not edit by hand. CI checks it against both.',
    '',
    '/** uv release lines on PyPI, from the oldest pinnable one; every patch from X.Y.0 to `newest` exists. */',
    `export const UV_RELEASE_LINES: readonly { line: string; newest: string }[] = ${JSON.stringify(lines, null, 2)};`,
    '',
    '/**',
    ' * Newest stable CPython of each minor that the newest uv of each line can download (its',
    ' * compiled-in download list, x86_64 Linux glibc builds; other platforms get the same versions).',
    ' */',
    `export const UV_PYTHON_DOWNLOADS: Readonly<Record<string, Readonly<Record<string, string>>>> = ${JSON.stringify(pythons, null, 2)};`,
    '',
    '/** The first uv release that can download a stable build of each CPython minor newer than the oldest pinnable uv has. */',
    `export const UV_FIRST_STABLE_PYTHON: Readonly<Record<string, string>> = ${JSON.stringify(firstStable, null, 2)};`,
    '',
  ].join('\n');
}

describe('the uv release table (src/plan/uv-observed.ts)', () => {
  it('names only releases PyPI has: every line, every patch up to its newest; the default is one of them', async () => {
    const onPypi = await pypiUvReleases();
    const observed = releaseLines(onPypi).filter((l) => compare(parseRelease(l.newest)!, parseRelease(MINIMUM_UV_VERSION)!) >= 0);
    const known = new Set(onPypi);
    for (const version of pinnable(UV_RELEASE_LINES)) expect(known.has(version), `uv ${version} is in the table but not on PyPI`).toBe(true);
    expect(known.has(DEFAULT_UV_VERSION), `the default uv ${DEFAULT_UV_VERSION} is not on PyPI`).toBe(true);
    const stale = observed.filter((l) => !UV_RELEASE_LINES.some((t) => t.newest === l.newest));
    if (stale.length > 0) console.log(`uv releases newer than the table: ${stale.map((l) => l.newest).join(', ')} (npm run update:uv-table)`);
    if (update) {
      const lines = observed;
      const pythons = Object.fromEntries(lines.map((l) => [l.newest, stablePythons(l.newest)]));
      const ordered = pinnable(lines);
      const oldest = stablePythons(ordered[0]!);
      const newestMinors = Object.keys(stablePythons(lines.at(-1)!.newest));
      const firstStable: Record<string, string> = {};
      for (const minor of newestMinors.filter((m) => !(m in oldest))) {
        firstStable[minor] = firstWith(ordered, (v) => minor in stablePythons(v))!;
      }
      fs.writeFileSync(TABLE_FILE, renderTable(lines, pythons, firstStable));
      console.log(`wrote ${path.relative(repoRoot, TABLE_FILE)}`);
    }
  });

  it.each(UV_RELEASE_LINES.map((l) => l.newest))('uv %s downloads exactly the stable CPython versions the table says', (version) => {
    expect(stablePythons(version)).toEqual(UV_PYTHON_DOWNLOADS[version]);
  });

  it.each(Object.entries(UV_FIRST_STABLE_PYTHON))('CPython %s: uv %s is the first release with a stable build', (minor, first) => {
    const ordered = pinnable(UV_RELEASE_LINES);
    const index = ordered.indexOf(first);
    expect(index, `${first} is not a pinnable release`).toBeGreaterThan(0);
    expect(stablePythons(first)).toHaveProperty([minor]);
    expect(stablePythons(ordered[index - 1]!)).not.toHaveProperty([minor]);
  });
});

/**
 * A project with no dependencies, synced by a real uv with the host's python3 (offline): where the
 * environment lands tells what that uv does with the variables the plan sets.
 */
function syncEmptyProject(version: string, env: Record<string, string>): { dotVenv: 'none' | 'folder' | 'link'; elsewhere: boolean } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gdc-uv-probe-'));
  try {
    const project = path.join(dir, 'p');
    fs.mkdirSync(project);
    fs.writeFileSync(path.join(project, 'pyproject.toml'), '[project]\nname = "p"\nversion = "0"\nrequires-python = ">=3.8"\ndependencies = []\n');
    const elsewhere = path.join(dir, 'env');
    const run = spawnSync(uvRelease(version, CACHE_DIR).uv, ['sync', '--offline', '--python-preference', 'only-system', '--python', 'python3'], {
      cwd: project,
      encoding: 'utf8',
      env: { PATH: process.env.PATH, HOME: dir, UV_CACHE_DIR: path.join(dir, 'cache'), ...Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v.replace('$ELSEWHERE', elsewhere)])) },
    });
    if (run.status !== 0) throw new Error(`uv ${version} sync failed:\n${run.stderr}`);
    const venv = path.join(project, '.venv');
    const dotVenv = !fs.existsSync(venv) && !isLink(venv) ? 'none' : isLink(venv) ? 'link' : 'folder';
    return { dotVenv, elsewhere: fs.existsSync(path.join(elsewhere, 'pyvenv.cfg')) };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function isLink(file: string): boolean {
  try {
    return fs.lstatSync(file).isSymbolicLink();
  } catch {
    return false;
  }
}

function helpOf(version: string, command: string[]): string {
  const run = spawnSync(uvRelease(version, CACHE_DIR).uv, [...command, '--help'], { encoding: 'utf8' });
  return run.stdout;
}

/** The release before `version` on PyPI (versions below X.Y.0 are not asked for here). */
function previous(version: string): string {
  const [major, minor, patch] = parseRelease(version)!;
  if (patch === 0) throw new Error(`no previous patch of ${version}`);
  return show([major, minor, patch - 1]);
}

describe('what the plan relies on, seen at the first uv release that has it and the one before (UV_SINCE in src/plan/tables.ts)', () => {
  it(`UV_PROJECT_ENVIRONMENT (from ${UV_SINCE.UV_PROJECT_ENVIRONMENT}): read, so the environment leaves the workspace; the release before builds .venv in it`, () => {
    const env = { UV_PROJECT_ENVIRONMENT: '$ELSEWHERE' };
    expect(syncEmptyProject(UV_SINCE.UV_PROJECT_ENVIRONMENT, env)).toEqual({ dotVenv: 'none', elsewhere: true });
    expect(syncEmptyProject(previous(UV_SINCE.UV_PROJECT_ENVIRONMENT), env)).toEqual({ dotVenv: 'folder', elsewhere: false });
    expect(MINIMUM_UV_VERSION).toBe(UV_SINCE.UV_PROJECT_ENVIRONMENT);
  });

  it(`uv venv --allow-existing (the requirements layout's install step) exists from the minimum, ${MINIMUM_UV_VERSION}`, () => {
    expect(helpOf(MINIMUM_UV_VERSION, ['venv'])).toContain('--allow-existing');
  });

  it(`uv sync --all-packages (workspaces) from ${UV_SINCE.allPackages}`, () => {
    expect(helpOf(UV_SINCE.allPackages, ['sync'])).toContain('--all-packages');
    expect(helpOf(previous(UV_SINCE.allPackages), ['sync'])).not.toContain('--all-packages');
  });

  it(`centralized-project-envs (several projects) from ${UV_SINCE.centralizedProjectEnvs}: .venv becomes a link into the cache; the release before builds .venv in the folder`, () => {
    const env = { UV_PREVIEW_FEATURES: 'centralized-project-envs' };
    expect(syncEmptyProject(UV_SINCE.centralizedProjectEnvs, env).dotVenv).toBe('link');
    expect(syncEmptyProject(previous(UV_SINCE.centralizedProjectEnvs), env).dotVenv).toBe('folder');
  });
});
