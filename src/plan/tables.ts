/**
 * Everything the planner knows about the outside world, in one place. Output must be a pure
 * function of the repository and the generator's version (or `--check` would report drift when
 * nothing changed), so nothing here is read from a clock or the network: a new uv or Python
 * release reaches users through a new version of this table.
 */

/** CPython minor lines, oldest first, with their status when this table was last updated (2026-11). */
export interface PythonMinor {
  minor: string;
  released: string;
  endOfLife: string;
  status: 'end-of-life' | 'security' | 'bugfix';
}

export const PYTHON_MINORS: readonly PythonMinor[] = [
  { minor: '3.8', released: '2019-10', endOfLife: '2024-10', status: 'end-of-life' },
  { minor: '3.9', released: '2020-10', endOfLife: '2025-10', status: 'end-of-life' },
  { minor: '3.10', released: '2021-10', endOfLife: '2026-10', status: 'end-of-life' },
  { minor: '3.11', released: '2022-10', endOfLife: '2027-10', status: 'security' },
  { minor: '3.12', released: '2023-10', endOfLife: '2028-10', status: 'security' },
  { minor: '3.13', released: '2024-10', endOfLife: '2029-10', status: 'bugfix' },
  { minor: '3.14', released: '2025-10', endOfLife: '2030-10', status: 'bugfix' },
  { minor: '3.15', released: '2026-10', endOfLife: '2031-10', status: 'bugfix' },
];

/**
 * The newest minor chosen when the project leaves it open. A minor only weeks old is skipped:
 * many packages publish no wheels for it yet, and a dev container that compiles numpy from source
 * on first start is a poor default. A project that asks for it (`>=3.15`, `.python-version`) gets it.
 */
export const RECOMMENDED_PYTHON_MINOR = '3.14';

/** Newest patch of each uv minor line (from uv's changelogs), oldest first. */
export const UV_RELEASES: readonly string[] = [
  '0.4.30',
  '0.5.31',
  '0.6.17',
  '0.7.22',
  '0.8.24',
  '0.9.30',
  '0.10.12',
  '0.11.33',
  '0.12.24',
];

export const DEFAULT_UV_VERSION = '0.12.24';
export const UV_IMAGE_REPOSITORY = 'ghcr.io/astral-sh/uv';

/**
 * The dev containers project's Debian base: git, sudo, a non-root `vscode` user (uid 1000) and
 * the tools editors expect. Python itself comes from uv, onto the volume.
 */
export const DEFAULT_BASE_IMAGE = 'mcr.microsoft.com/devcontainers/base:trixie';
export const DEFAULT_USER = { name: 'vscode', uid: 1000, gid: 1000 } as const;

/** The machine-wide volume of --shared-cache. */
export const SHARED_VOLUME = 'uv-shared-cache';

/** Where the one volume is mounted. Outside the workspace and the home folder, so neither hides it. */
export const DEFAULT_MOUNT_TARGET = '/opt/uv';

/** The in-container check, shipped beside devcontainer.json; lifecycle commands run from the workspace root. */
export const CHECK_SCRIPT_PATH = '.devcontainer/check-uv-layout.sh';

/** uv versions from which a behaviour exists; the planner gates on these. */
export const UV_FEATURES = {
  /** Default link mode on Linux became clone, falling back to hardlink before copy (uv#18104, #18117). */
  cloneFallsBackToHardlink: '0.10.5',
  /** Preview: project environments in the cache, .venv linked to them (docs/concepts/projects/layout.md). */
  centralizedProjectEnvs: '0.11.25',
} as const;
