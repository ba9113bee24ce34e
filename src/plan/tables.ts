/**
 * Everything the planner knows about the outside world, in one place. Output must be a pure
 * function of the repository and the generator's version (or `--check` would report drift when
 * nothing changed), so nothing here is read from a clock or the network: a new uv or Python
 * release reaches users through a new version of this table.
 */

import { OUTPUT_PATHS } from '../outputs.js';

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

/**
 * The uv pinned when the project does not constrain it: the newest release on PyPI when the release
 * table (uv-observed.ts) was last observed. Pinned, so every rebuild gets the same uv.
 */
export const DEFAULT_UV_VERSION = '0.13.9';
/** The oldest uv that reads UV_PROJECT_ENVIRONMENT; an older one would build .venv in the bind-mounted workspace. */
export const MINIMUM_UV_VERSION = '0.4.4';
export const UV_IMAGE_REPOSITORY = 'ghcr.io/astral-sh/uv';
/**
 * The folder the pinned uv is copied into, first on the image's PATH: nothing else writes there, so
 * no other uv (an installer script's in ~/.local/bin, a pip-installed one in /usr/local/bin, the
 * image's own) can come before it. /usr/local/bin gets links to it.
 */
export const PINNED_UV_BIN = '/usr/local/lib/gen-devcontainer/bin';

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
export const CHECK_SCRIPT_PATH = OUTPUT_PATHS.checkScript;
/** The lifecycle steps (prepare, install, check), beside it. */
export const LIFECYCLE_SCRIPT_PATH = OUTPUT_PATHS.lifecycleScript;

/**
 * The uv release from which each variable or flag the plan uses is read. A uv older than a variable
 * ignores it silently, so the planner never emits one the pinned uv would not read. Variables:
 * `crates/uv-static/src/env_vars.rs` in astral-sh/uv, the `attr_added_in` of each constant.
 * Flags and behaviours: the changelog entries named, and `uv <command> --help` of the releases
 * (the Docker tier runs the pinned uv for real).
 */
export const UV_SINCE = {
  UV_CACHE_DIR: '0.0.5',
  UV_COMPILE_BYTECODE: '0.3.3',
  UV_NO_SYNC: '0.4.18',
  UV_FROZEN: '0.4.25',
  UV_LINK_MODE: '0.1.40',
  UV_PYTHON: '0.1.40',
  UV_TOOL_DIR: '0.2.16',
  UV_PYTHON_INSTALL_DIR: '0.2.22',
  UV_TOOL_BIN_DIR: '0.3.0',
  UV_PYTHON_PREFERENCE: '0.3.2',
  UV_PYTHON_DOWNLOADS: '0.3.2',
  UV_PROJECT_ENVIRONMENT: '0.4.4',
  UV_PYTHON_BIN_DIR: '0.4.29',
  UV_PYTHON_CACHE_DIR: '0.7.0',
  UV_PREVIEW_FEATURES: '0.8.4',
  /** `uv sync --all-packages` (0.4.30 changelog). */
  allPackages: '0.4.30',
  /**
   * `uv sync --group` and PEP 735 [dependency-groups] (0.4.27 changelog). `--extra`, `--all-extras`
   * and `--no-dev` are older than every uv this tool pins (SyncArgs at 0.4.4).
   */
  syncGroup: '0.4.27',
  /** `uv sync --all-groups` (0.5.4 changelog, #8892). */
  syncAllGroups: '0.5.4',
  /** `--all-groups --no-dev` leaves dev out; 0.5.4 installed it anyway (0.5.5 changelog). */
  syncAllGroupsNoDev: '0.5.5',
  /** `uv pip install --group` (0.6.7 changelog, #11686; not in 0.6.6's PipInstallArgs). */
  pipGroup: '0.6.7',
  /** Default link mode on Linux became clone, falling back to hardlink before copy (uv#18104, #18117). */
  cloneFallsBackToHardlink: '0.10.5',
  /** `uv sync --no-install-project` and `--no-install-workspace` (0.3.3 changelog). */
  noInstallProject: '0.3.3',
  /** `uv sync --no-editable` (0.4.11 changelog). */
  syncNoEditable: '0.4.11',
  /** `uv sync --no-install-local`: skips the project, workspace members and path packages (0.8.14 changelog). */
  noInstallLocal: '0.8.14',
  /** Preview: project environments in the cache, .venv linked to them (docs/concepts/projects/layout.md). */
  centralizedProjectEnvs: '0.11.25',
} as const;

/** Build back-ends that compile Rust: `uv sync` builds a project with them, and needs cargo for that. */
export const RUST_BACKENDS: readonly string[] = ['maturin', 'setuptools_rust.build_meta'];
