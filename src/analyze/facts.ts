import type { ComposeServiceFacts } from './compose-service.js';
import type { DevcontainerLinkFacts } from './devcontainer-links.js';
import type { DockerfileStage } from './dockerfile.js';
import type { ProjectsInWorkspace, SurroundingsFacts } from './enclosing-facts.js';
import type { KeptSettingsFacts } from './kept-settings.js';
import type { LockWheelFacts } from './uv-lock-wheels.js';
import type { UserUvSettingsFacts } from './uv-settings-elsewhere.js';

/**
 * What the analyzer learned about a repository: plain data, each fact with the file it came from,
 * so that the planner can say "from .python-version" instead of guessing where a value came from.
 */
export interface Fact<T> {
  value: T;
  /** Repository-relative path of the file the value was read from. */
  file: string;
  /** Dotted key inside that file, for TOML facts (`project.requires-python`). */
  key?: string;
  line?: number;
}

export interface UvSettings {
  /** True when pyproject.toml has a `[tool.uv]` table. */
  present: boolean;
  requiredVersion?: Fact<string>;
  managed?: Fact<boolean>;
  package?: Fact<boolean>;
  /** Legacy `tool.uv.dev-dependencies`. */
  devDependencies: string[];
  /** `[tool.uv.workspace]`: member and exclude globs, as written. */
  workspace?: { members: string[]; exclude: string[] };
}

/** A uv workspace: the members its globs matched, and the folders its exclude globs left out. */
export interface WorkspaceFacts {
  file: string;
  /** The root has no [project] table: it only holds the members together. */
  virtualRoot: boolean;
  /** `buildBackend`: the back-end uv runs to install the member (none with `tool.uv.package = false`). */
  members: { path: string; name?: string; requiresPython?: Fact<string>; declares: DeclaredNames; buildBackend?: Fact<string>; uvBuild?: Fact<string> }[];
  excluded: string[];
}

/** The extras and dependency groups a pyproject.toml declares, as written, for `--extra` and `--group`. */
export interface DeclaredNames {
  extras: string[];
  /** `[dependency-groups]`, and `dev` when the legacy `tool.uv.dev-dependencies` holds anything (uv reads it as that group). */
  groups: string[];
}

export interface PyprojectFacts {
  file: string;
  hasProjectTable: boolean;
  name?: Fact<string>;
  requiresPython?: Fact<string>;
  dependencies: string[];
  /** Extra name -> requirements. */
  optionalDependencies: Record<string, string[]>;
  /** PEP 735 group name -> number of entries (requirements and include-group tables). */
  dependencyGroups: Record<string, number>;
  /** Poetry's groups (`[tool.poetry.group.<name>]`, and `dev` for the older `[tool.poetry.dev-dependencies]`): uv reads none of them. */
  poetryGroups: string[];
  hasBuildSystem: boolean;
  /** `build-system.build-backend`: what builds the project when uv installs it (editable, by default). */
  buildBackend?: Fact<string>;
  /** The `uv_build` range in `build-system.requires` ("" when unbounded): a uv outside it warns on each build (build-requires.ts). */
  uvBuild?: Fact<string>;
  uv: UvSettings;
}

export interface UvLockFacts {
  file: string;
  lockVersion?: number;
  requiresPython?: Fact<string>;
  /** Which Pythons the locked packages have wheels for (uv-lock-wheels.ts); absent when the lock was too large to read whole. */
  wheels?: LockWheelFacts;
}

export interface PythonVersionFileFacts {
  /** The first version request in the file: the one uv uses for the project. */
  request: Fact<string>;
  /** Every request in the file, in order (uv allows several, one per line). */
  all: string[];
}

export interface ExistingDevcontainerFacts {
  /** `.devcontainer/devcontainer.json` exists. */
  hasConfig: boolean;
  /** `.devcontainer/Dockerfile` exists. */
  hasDockerfile: boolean;
  /** A root-level `.devcontainer.json`, which editors also pick up. */
  hasRootConfig: boolean;
  /** `.devcontainer.json` is a link to `.devcontainer/devcontainer.json`: the same file under the other name. */
  rootConfigIsAlias?: true;
  /**
   * Named configurations, `.devcontainer/<folder>/devcontainer.json` (one level deep), sorted: the
   * spec's third place for a configuration, after the two default ones, which take precedence.
   */
  namedConfigs?: string[];
  files: string[];
  /** The parsed `.devcontainer/devcontainer.json`, when there is one. */
  config?: ExistingConfig;
  /** What an earlier run recorded it wrote, with content hashes. */
  manifest?: Manifest;
}

/** A file the generator may edit, with its current text (renderers edit text, never re-serialise). */
export interface ExistingFile {
  /** Repository-relative path. */
  file: string;
  text: string;
}

export interface ExistingConfig extends ExistingFile {
  kind: 'dockerfile' | 'image' | 'compose' | 'none';
  /** The file starts with a byte order mark, which `text` leaves out; an edited file keeps it. */
  bom?: true;
  /** `image`, for an image-based configuration. */
  image?: string;
  /** The Dockerfile that `build.dockerfile` (or the compose service's build) names. */
  dockerfile?: ExistingDockerfile;
  /** `build.target`: the stage of that Dockerfile the container runs. */
  target?: string;
  compose?: ExistingCompose;
  remoteUser?: string;
  containerUser?: string;
  /** `workspaceFolder`, as written: where lifecycle commands run. */
  workspaceFolder?: string;
  /** `workspaceMount`, as written: the bind mount that replaces the default one of the folder. */
  workspaceMount?: string;
  /** The lines of the properties above, for messages that name them. */
  lines?: Partial<Record<'workspaceFolder' | 'workspaceMount', number>>;
}

export interface ExistingDockerfile extends ExistingFile {
  exists: boolean;
  /** The default of `ARG BASE_IMAGE=` (how a generated Dockerfile records the base image). */
  baseImageArg?: string;
  /** The stage the container runs: the image it starts from and the USER it ends with (dockerfile.ts). */
  stage?: DockerfileStage;
  /**
   * The build arguments the configuration passes to it (devcontainer.json or Compose `build.args`),
   * when it passes any: every reading of the Dockerfile takes them (a value of undefined is not known here).
   */
  buildArgs?: Record<string, string | undefined>;
}

export interface ExistingCompose {
  /** Every compose file devcontainer.json lists, repository-relative, in order (later ones override). */
  files: string[];
  service: string;
  /** The Dockerfile stage the service builds (`build.target`). */
  target?: string;
  /** The service's `image`, when it is not built. */
  image?: string;
  /** The Dockerfile the service builds from, when it is built. */
  dockerfile?: ExistingDockerfile;
  /** The service's bind mounts, user and build arguments across the files (compose-service.ts). */
  definition?: ComposeServiceFacts;
}

export interface Manifest {
  file: string;
  /** Repository-relative path -> sha256 of the content the generator wrote. */
  hashes: Record<string, string>;
  /** Values the generator wrote into the user's devcontainer.json, by JSON path (see merge-config.ts). */
  managedValues: Record<string, unknown>;
  /** The options of the run that wrote it, unchecked, with their lines (ownership.ts, parseManifest). */
  options?: { value: unknown; lines: Record<string, number> };
}

export interface GitignoreFacts {
  file: string;
  ignoresDevcontainer: boolean;
  /**
   * The uv.lock files it ignores, which a clone therefore lacks: the root's, or in a folder of
   * projects the projects' (`count` of them, `first` named), with the line of the pattern.
   */
  ignoresLock?: { first: string; count: number; line: number };
}

export interface SubProject {
  /** Folder, relative to the repository root. */
  path: string;
}

/** Packaging files that are not uv's. */
export interface OtherMarkers {
  /** requirements*.txt at the root, requirements.txt first. */
  requirements: string[];
  /** pip-tools inputs, requirements*.in. */
  requirementsIn: string[];
  runtimeTxt?: Fact<string>;
  hasSetupPy: boolean;
  /** A package of the repository that setup.py imports (`from mypkg import __version__`): its build needs what that package imports. */
  setupPyImports?: Fact<string>;
  poetryLock: boolean;
  pdmLock: boolean;
  pipfile: boolean;
}

export interface RepoFacts {
  /** Base name of the repository folder, as the editor shows it; used to name the volume. */
  folderName: string;
  pyproject?: PyprojectFacts;
  uvLock?: UvLockFacts;
  pythonVersionFile?: PythonVersionFileFacts;
  devcontainer?: ExistingDevcontainerFacts;
  gitignore?: GitignoreFacts;
  workspace?: WorkspaceFacts;
  /** A folder of independent projects (no project at the root, one in each of several subfolders). */
  projects?: SubProject[];
  /**
   * Folders with a pyproject.toml below a root that is a project (or a requirements app), which
   * nothing installs: not workspace members, nor path sources. `stopped`: the bounded search ended early.
   */
  nestedProjects?: { paths: string[]; stopped?: true };
  /** A uv workspace above that folder of projects, which takes some of them in. */
  projectsInWorkspace?: ProjectsInWorkspace;
  /** What uv reads above the folder: the workspace it is a member of, path sources outside it (analyze/enclosing.ts). */
  surroundings?: SurroundingsFacts;
  markers: OtherMarkers;
  /** A `.venv` in the workspace: made on the host, never used by the container. */
  hasWorkspaceVenv: boolean;
  /** uv settings, mounts and a uv the user's own configuration already has (uv-settings-elsewhere.ts). */
  userUvSettings?: UserUvSettingsFacts;
  /** Settings of the user's that stay and may contradict the plan: the editor's interpreter, pip installs (kept-settings.ts). */
  keptSettings?: KeptSettingsFacts;
  /** Links elsewhere in the repository to .devcontainer or its files (devcontainer-links.ts). */
  devcontainerLinks?: DevcontainerLinkFacts;
}
