import type { Fact, PythonVersionFileFacts, UvLockFacts } from './facts.js';

/**
 * What lies above the folder the tool runs in and matters to uv there (analyze/enclosing.ts):
 * plain data, every path relative to that folder ('..', '../uv.lock'), as the rest of the facts are.
 */
export interface SurroundingsFacts {
  /** The folder itself holds `.git`: it is the root of its repository, and nothing above it was read. */
  gitHere: boolean;
  /** The folders above, nearest first, as far as the walk went. */
  ancestors: AncestorFolder[];
  /** Why the walk went no higher than the last of `ancestors`. */
  end: 'git' | 'filesystem-root' | 'limit';
  /** The uv workspace this folder is a member of, found as uv finds it. */
  workspace?: EnclosingWorkspace;
  /** `[tool.uv.sources]` entries with a `path`: this folder's, and its workspace root's. */
  pathSources: PathSource[];
}

export interface AncestorFolder {
  /** Levels above the folder: 1 for its parent. */
  up: number;
  /** Relative to the folder: '..', '../..'. */
  path: string;
  /** Its name on disk. */
  name: string;
  /** It holds `.git`: the root of the repository, the highest folder the walk reads. */
  hasGit: boolean;
}

export interface EnclosingWorkspace {
  /** The workspace root, relative to the folder ('..'). */
  root: string;
  up: number;
  /** The root's pyproject.toml, relative to the folder. */
  file: string;
  /** This folder, relative to the workspace root. */
  member: string;
  /** The `tool.uv.workspace.members` glob that takes it in. */
  matchedBy: string;
  /** The root has no [project] table. */
  virtualRoot: boolean;
  /** The workspace's lock ('../uv.lock'): for a member, uv reads no other. */
  lock?: UvLockFacts;
  /**
   * The root's `tool.uv.required-version`: uv reads its settings from the workspace root and ignores
   * a member's (docs/concepts/configuration-files.md: "In workspaces, uv will begin its search at
   * the workspace root, ignoring any configuration defined in workspace members").
   */
  requiredVersion?: Fact<string>;
  /** The nearest `.python-version` between this folder and the root, which uv reads for a member with none of its own. */
  pythonVersionFile?: PythonVersionFileFacts;
}

/** A folder of projects inside a uv workspace that takes some of them in (analyze/enclosing.ts, readWorkspaceAroundProjects). */
export interface ProjectsInWorkspace {
  /** The workspace root, relative to the folder ('..'). */
  root: string;
  /** Its pyproject.toml, relative to the folder, and the line of its members. */
  file: string;
  line?: number;
  /** The projects (folders relative to the folder) that are its members. */
  members: string[];
}

export interface PathSource {
  /** The dependency, as `[tool.uv.sources]` names it. */
  name: string;
  /** The path as written. */
  path: string;
  editable: boolean;
  /** The pyproject.toml that declares it, relative to the folder. */
  file: string;
  line?: number;
  /** Where it is, relative to the folder ('../prebuilt'); undefined for an absolute path. */
  at?: string;
  /** How many levels above the folder it reaches: 0 when it is inside. */
  up: number;
  /** Whether it is there, when the walk read the folder it is in. */
  exists?: boolean;
}
