/**
 * What real uv does to a project when a user's own lifecycle command runs it, the facts behind two
 * of the plan's messages. Needs the registry (uv's and uv_build's wheels from PyPI), not Docker:
 * every run is offline, against a find-links folder holding the uv_build wheel, with the host's
 * python3.
 *
 * - `uv-sync-in-lifecycle` (plan/kept-settings.ts): a `uv sync` without --frozen rewrites a lock an
 *   older uv wrote (revision 3 -> 5 here), `uv run` too, while `--frozen` leaves it byte for byte and
 *   `--locked` fails on it; an exact sync with other extras uninstalls what the other installed.
 * - `workspace-plain-sync` (plan/layouts/workspace.ts): a plain `uv sync` at a workspace's root
 *   uninstalls the members that the install step's `--all-packages` installed, and uv has no
 *   variable for --all-packages (its help names none; UV_ALL_PACKAGES changes nothing).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_UV_VERSION } from '../../src/plan/tables.js';
import { CACHE_DIR } from './engine.js';
import { uvRelease } from './uv-release.js';

/** A uv that writes lock revision 3 (the uv of the `uv-required-version` example). */
const OLD_UV = '0.8.24';
const UV_BUILD = '0.9.30';

let work: string;
let wheels: string;
let newUv: string;
let oldUv: string;

beforeAll(() => {
  newUv = uvRelease(DEFAULT_UV_VERSION, CACHE_DIR).uv;
  oldUv = uvRelease(OLD_UV, CACHE_DIR).uv;
  wheels = path.join(CACHE_DIR, 'uv-build-wheel', UV_BUILD);
  if (!fs.existsSync(path.join(wheels, 'done'))) {
    fs.mkdirSync(wheels, { recursive: true });
    const pip = spawnSync(
      'python3',
      ['-m', 'pip', 'download', '--quiet', '--no-deps', '--only-binary=:all:', '--platform', 'manylinux_2_17_x86_64', '--python-version', '3.11', `uv_build==${UV_BUILD}`, '-d', wheels],
      { encoding: 'utf8' },
    );
    if (pip.status !== 0) throw new Error(`uv_build ${UV_BUILD} could not be downloaded from PyPI:\n${pip.stderr}`);
    fs.writeFileSync(path.join(wheels, 'done'), '');
  }
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'gdc-uv-behaviour-'));
});

afterAll(() => {
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

/** uv, offline, with the host's python3 and the uv_build wheel as its only index. */
function uv(binary: string, cwd: string, args: string[], env: Record<string, string> = {}): { status: number; output: string } {
  const run = spawnSync(binary, args, {
    cwd,
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: work,
      UV_CACHE_DIR: path.join(work, 'cache'),
      UV_PYTHON_DOWNLOADS: 'never',
      UV_PYTHON: 'python3',
      UV_FIND_LINKS: wheels,
      UV_OFFLINE: '1',
      UV_NO_CONFIG: '1',
      ...env,
    },
  });
  return { status: run.status ?? -1, output: `${run.stdout}${run.stderr}` };
}

function write(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

function installed(project: string): string[] {
  const site = fs.readdirSync(path.join(project, '.venv', 'lib')).map((p) => path.join(project, '.venv', 'lib', p, 'site-packages'))[0]!;
  return fs
    .readdirSync(site)
    .filter((f) => f.endsWith('.dist-info'))
    .map((f) => f.split('-')[0]!)
    .sort();
}

describe('real uv: a user lifecycle command that runs uv', () => {
  it('uv sync without --frozen rewrites a lock an older uv wrote; --frozen leaves it; --locked fails on it', () => {
    const app = path.join(work, 'app');
    write(path.join(app, 'pyproject.toml'), '[project]\nname = "app"\nversion = "0.1.0"\nrequires-python = ">=3.9"\ndependencies = []\n\n[project.optional-dependencies]\nbuild = ["uv_build"]\n');
    expect(uv(oldUv, app, ['lock']).status).toBe(0);
    const old = fs.readFileSync(path.join(app, 'uv.lock'), 'utf8');
    expect(old).toMatch(/^revision = 3$/m);

    // The install step's sync: --frozen, and the lock stays as it is.
    expect(uv(newUv, app, ['sync', '--frozen']).status).toBe(0);
    expect(fs.readFileSync(path.join(app, 'uv.lock'), 'utf8')).toBe(old);
    // --locked refuses a lock it would rewrite: not a way to keep an older uv's lock.
    const locked = uv(newUv, app, ['sync', '--locked']);
    expect(locked.status).not.toBe(0);
    expect(locked.output).toContain('needs to be updated');

    // The user's own `uv sync --extra build`, without --frozen: the lock is rewritten.
    expect(uv(newUv, app, ['sync', '--extra', 'build']).status).toBe(0);
    const rewritten = fs.readFileSync(path.join(app, 'uv.lock'), 'utf8');
    expect(rewritten).toMatch(/^revision = 5$/m);
    expect(rewritten).not.toBe(old);
    expect(installed(app)).toEqual(['uv_build']);

    // The next container start: our exact sync (no extra) uninstalls the user's extra again.
    const ours = uv(newUv, app, ['sync', '--frozen']);
    expect(ours.output).toMatch(/Uninstalled 1 package/);
    expect(installed(app)).toEqual([]);

    // uv run without --frozen rewrites an older lock too.
    fs.writeFileSync(path.join(app, 'uv.lock'), old);
    expect(uv(newUv, app, ['run', '--frozen', 'python', '-c', '1']).status).toBe(0);
    expect(fs.readFileSync(path.join(app, 'uv.lock'), 'utf8')).toBe(old);
    expect(uv(newUv, app, ['run', 'python', '-c', '1']).status).toBe(0);
    expect(fs.readFileSync(path.join(app, 'uv.lock'), 'utf8')).toMatch(/^revision = 5$/m);
  });

  it('a plain uv sync at a workspace root uninstalls the members --all-packages installed; uv has no variable for --all-packages', () => {
    const ws = path.join(work, 'ws');
    write(path.join(ws, 'pyproject.toml'), '[project]\nname = "root"\nversion = "0.1.0"\nrequires-python = ">=3.9"\ndependencies = []\n\n[tool.uv.workspace]\nmembers = ["packages/*"]\n');
    for (const member of ['alpha', 'beta']) {
      write(
        path.join(ws, 'packages', member, 'pyproject.toml'),
        `[project]\nname = "${member}"\nversion = "0.1.0"\nrequires-python = ">=3.9"\ndependencies = []\n\n[build-system]\nrequires = ["uv_build>=0.9,<0.10"]\nbuild-backend = "uv_build"\n`,
      );
      write(path.join(ws, 'packages', member, 'src', member, '__init__.py'), 'X = 1\n');
    }
    expect(uv(newUv, ws, ['lock']).status).toBe(0);
    // The install step.
    expect(uv(newUv, ws, ['sync', '--frozen', '--all-packages']).status).toBe(0);
    expect(installed(ws)).toEqual(['alpha', 'beta']);
    // What a user types.
    const plain = uv(newUv, ws, ['sync', '--frozen']);
    expect(plain.output).toMatch(/Uninstalled 2 packages/);
    const imported = spawnSync(path.join(ws, '.venv', 'bin', 'python'), ['-c', 'import alpha'], { encoding: 'utf8' });
    expect(imported.stderr).toContain("ModuleNotFoundError: No module named 'alpha'");

    // No setting makes a plain sync do it: the help gives --all-packages no variable (as it gives
    // --frozen UV_FROZEN), and UV_ALL_PACKAGES installs nothing.
    const help = uv(newUv, ws, ['sync', '--help']).output;
    const entry = (flag: string) => help.slice(help.indexOf(`      ${flag}`), help.indexOf('\n      --', help.indexOf(`      ${flag}`) + 1));
    expect(entry('--frozen')).toContain('[env: UV_FROZEN=]');
    expect(entry('--all-packages')).toContain('Sync all packages in the workspace');
    expect(entry('--all-packages')).not.toContain('[env:');
    uv(newUv, ws, ['sync', '--frozen'], { UV_ALL_PACKAGES: '1' });
    expect(installed(ws)).toEqual([]);
  });

  it('a [tool.uv.workspace] whose members match no folder is one project: a plain sync and --all-packages install the same', () => {
    // The shape of a real repository: `members = ["agents"]` with no such folder (and one with an
    // empty folder of that name). layouts/workspace.ts plans it as the project it is.
    for (const folder of [false, true]) {
      const ws = path.join(work, `no-members-${folder}`);
      write(
        path.join(ws, 'pyproject.toml'),
        '[project]\nname = "solo"\nversion = "0.1.0"\nrequires-python = ">=3.9"\ndependencies = []\n\n[build-system]\nrequires = ["uv_build>=0.9,<0.10"]\nbuild-backend = "uv_build"\n\n[tool.uv.workspace]\nmembers = ["agents"]\n',
      );
      write(path.join(ws, 'src', 'solo', '__init__.py'), 'X = 1\n');
      if (folder) fs.mkdirSync(path.join(ws, 'agents'));
      expect(uv(newUv, ws, ['lock']).status).toBe(0);
      expect(uv(newUv, ws, ['sync', '--frozen', '--all-packages']).status).toBe(0);
      expect(installed(ws)).toEqual(['solo']);
      const plain = uv(newUv, ws, ['sync', '--frozen']);
      expect(plain.status).toBe(0);
      expect(plain.output).not.toMatch(/Uninstalled/);
      expect(installed(ws)).toEqual(['solo']);
    }
  });
});
