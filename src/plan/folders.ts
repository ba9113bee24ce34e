import type { DirectoryRole, EnvVar, PlannedDirectory } from './types.js';

/** A folder uv writes, below the volume's mount target, and the variables that put uv there. */
type FolderRole =
  /** The environment: its place in the table; its path, reason and variables come from the layout. */
  { role: 'environment'; fromLayout: true } | FixedFolder;

interface FixedFolder {
  role: Exclude<DirectoryRole, 'environment'>;
  /** Below the mount target. */
  subPath: string;
  reason: string;
  /** Variables set to this folder's path; a variable without its own reason takes the folder's. */
  variables: { name: string; reason?: string }[];
  /** Only with a read-only root file system. */
  readOnlyOnly?: true;
}

/**
 * Every folder uv writes, in one table: the environment variables, the Dockerfile's folders, the
 * lifecycle's preparation, the check, `explain` and the README's diagram all come from it (through
 * `plan.directories`). The environment's row is the layout's (layouts/*.ts).
 */
export const FOLDER_ROLES: readonly FolderRole[] = [
  { role: 'cache', subPath: 'cache', reason: "uv links packages from here into the environment, so it shares the environment's mount", variables: [{ name: 'UV_CACHE_DIR' }] },
  { role: 'environment', fromLayout: true },
  {
    role: 'python',
    subPath: 'python',
    reason: 'managed Pythons; their download scratch folder (.temp) is inside, so unpacking stays on the volume and survives rebuilds',
    variables: [{ name: 'UV_PYTHON_INSTALL_DIR' }],
  },
  { role: 'python-cache', subPath: 'python-cache', reason: 'downloaded Python archives, kept so a rebuilt container does not download them again', variables: [{ name: 'UV_PYTHON_CACHE_DIR' }] },
  { role: 'tools', subPath: 'tools', reason: 'environments of `uv tool install`, linked from the same cache', variables: [{ name: 'UV_TOOL_DIR' }] },
  {
    role: 'bin',
    subPath: 'bin',
    reason: 'executables of uv tools and managed Pythons; on PATH',
    variables: [
      { name: 'UV_PYTHON_BIN_DIR', reason: 'managed Python executables go to the volume, not the home folder' },
      { name: 'UV_TOOL_BIN_DIR', reason: 'tool executables go to the volume, not the home folder' },
    ],
  },
  {
    role: 'tmp',
    subPath: 'tmp',
    reason: 'TMPDIR: `uv --no-cache` puts its temporary cache here, on the same mount as the environment',
    variables: [{ name: 'TMPDIR', reason: "uv --no-cache keeps its temporary cache in TMPDIR; /tmp is on the container's own file system, a different mount, so links from it would fail" }],
  },
  {
    role: 'xdg-cache',
    subPath: 'xdg-cache',
    reason: 'XDG_CACHE_HOME: the caches tools keep under the home folder (pip, pre-commit, ruff, ...) go to the volume, since the root file system is read-only',
    variables: [{ name: 'XDG_CACHE_HOME' }],
    readOnlyOnly: true,
  },
];

/**
 * The planned folders under `root`, each with the variables that point at it, and those variables
 * in the same order. `environment` is the layout's: its path, reason and variables.
 */
export function planFolders(root: string, readOnly: boolean, environment: { path: string; reason: string; variables: EnvVar[] }): { directories: PlannedDirectory[]; variables: EnvVar[] } {
  const directories: PlannedDirectory[] = [];
  const variables: EnvVar[] = [];
  for (const row of FOLDER_ROLES) {
    if ('fromLayout' in row) {
      directories.push({ role: 'environment', path: environment.path, reason: environment.reason, variables: environment.variables.filter((v) => v.value === environment.path).map((v) => v.name) });
      variables.push(...environment.variables);
      continue;
    }
    if (row.readOnlyOnly && !readOnly) continue;
    const path = `${root}/${row.subPath}`;
    directories.push({ role: row.role, path, reason: row.reason, variables: row.variables.map((v) => v.name) });
    variables.push(...row.variables.map((v) => ({ name: v.name, value: path, reason: v.reason ?? row.reason })));
  }
  return { directories, variables };
}

/**
 * The folders made ahead of uv: every planned folder but the environment itself, which uv creates
 * (it will not turn an existing non-environment folder into one), plus the environment's parent.
 */
export function foldersToPrepare(directories: readonly PlannedDirectory[]): string[] {
  const folders: string[] = [];
  for (const d of directories) {
    // A path with a dev container variable (a user's environment per workspace, kept) is known only
    // in the container: the folder made ahead is the fixed part before it; uv makes the rest.
    const known = d.path.includes('${') ? d.path.slice(0, d.path.indexOf('${')) : d.role === 'environment' ? d.path : `${d.path}/`;
    const folder = known.slice(0, known.lastIndexOf('/'));
    if (folder && !folders.includes(folder)) folders.push(folder);
  }
  return folders;
}
