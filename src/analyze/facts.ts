import type { DockerfileStage } from './dockerfile.js';
import type { RootCommand } from './root-commands.js';
import type { UvCommand } from './uv-commands.js';

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
  members: { path: string; name?: string; requiresPython?: Fact<string>; declares: DeclaredNames; buildBackend?: Fact<string>; uvBuild?: Fact<string>; scripts?: string[] }[];
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
  /** `[project.scripts]`: the names of the console scripts installing the project puts on PATH, in the file's order. */
  scripts: string[];
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

/**
 * What a Compose service says about where the repository is and who runs, across every file
 * devcontainer.json lists (later files override earlier ones):
 *
 * - `volumes`, short (`SOURCE:TARGET[:MODE]`) and long (`{type: bind, source, target}`) syntax, merged
 *   by target as Compose merges them (compose-spec `13-merge.md`, "Unique resources": volumes are
 *   unique by target). A short-syntax source is a host path when it starts with `.`, `/` or `~`
 *   (compose-go `format/volume.go`, isFilePath), else a volume name; a relative path resolves from
 *   the project folder, which is the FIRST file's folder for every file (compose-go
 *   `cli/options.go` GetWorkingDir; Docker's "Merge Compose files": "Paths are evaluated relative to
 *   the base file"). The Dev Container CLI passes no --project-directory
 *   (src/spec-node/dockerCompose.ts, composeGlobalArgs), so that is the folder.
 * - `user` and `build.args`;
 * - `environment` (map or list) and `env_file`, the variables gen-devcontainer reads only
 *   (setting-names.ts): an env_file often holds secrets, none of which is read into the facts.
 *   Compose passes env_file into the container as surely as `environment`, below it in precedence
 *   (docs.docker.com/compose/how-tos/environment-variables/envvars-precedence). A missing env_file is
 *   skipped: it is often made per developer, and Compose itself stops when a required one is missing.
 *
 * The files are parsed again here with YAML's failsafe schema, so that every scalar is the text
 * Compose reads (`PYTHON_VERSION: 3.10` is "3.10", not the number 3.1).
 */
export interface ComposeServiceFacts {
  /** The service's bind mounts, one per target, in the order Compose lists them. */
  binds: ComposeBind[];
  /** `user:`, from the last file that sets it. */
  user?: Fact<string>;
  /** `build.args`, merged across files; a value Compose takes from the environment or interpolates is undefined. */
  buildArgs: Record<string, string | undefined>;
  /** The compose file that sets each of `buildArgs` (the last one that does), for messages. */
  buildArgFiles?: Record<string, string>;
  /** Every mount of the service (volumes, binds, tmpfs), one per target, in the order Compose lists them. */
  mounts: ComposeMount[];
  /** `environment`, one per name (a later file's replaces an earlier one's), values as written. */
  environment: ComposeVariable[];
  /** The variables of the `env_file`s, one per name (a later one replaces an earlier one), values unquoted. */
  envFile: ComposeVariable[];
}

export interface ComposeMount {
  target: string;
  /** A short-syntax source that is a host path is a bind, any other source a named volume (compose-go, isFilePath). */
  type: 'volume' | 'bind' | 'tmpfs' | 'other';
  /** The volume's name or the host path, as written. */
  source?: string;
  /** The source holds `${...}` or `$NAME`: Compose fills it in from the host's environment, so what it names is not known here. */
  interpolated?: true;
  /** The service key that asks for it: `volumes`, or `tmpfs` (a path, or a list of them, each `TARGET[:OPTIONS]`). */
  key: 'volumes' | 'tmpfs';
  file: string;
  line: number;
}

/** A variable a Compose file (or an env_file it names) sets, as written, with where. */
export interface ComposeVariable {
  name: string;
  value: string;
  file: string;
  line: number;
}

export interface ComposeBind {
  /**
   * The host folder relative to the repository root, normalised: `.` for the repository itself,
   * `..` for the folder holding it. Undefined when it is not a relative path (absolute, `~`) or
   * Compose interpolates it (`${...}`), which cannot be known here.
   */
  source?: string;
  /** The source as written. */
  written: string;
  target: string;
  /** The compose file that sets it, and its line. */
  file: string;
  line?: number;
}

/** A symbolic link elsewhere in the repository that leads to the files gen-devcontainer edits. */
export interface DevcontainerLink {
  /** The link, repository-relative. */
  path: string;
  /** Where it leads, repository-relative ('' for the repository's root). */
  target: string;
}

export interface DevcontainerLinkFacts {
  links: DevcontainerLink[];
  /** The search stopped at its budget of folders: a link deeper down or further on was not looked for. */
  truncated?: true;
}

/** A `pip install` that a lifecycle command of the user's runs, directly or in a script it runs. */
export interface PipInstall {
  /** The command as written (one command of a `&&` chain). */
  command: string;
  /** The devcontainer.json property that runs it. */
  property: string;
  /** devcontainer.json, or the script the property runs. */
  file: string;
  line: number;
  /** The requirements files it installs (`-r FILE`), if any. */
  requirements: string[];
  /** A virtual environment the same command or script made or activated before it (`.venv`): the pip is that one's. */
  venv?: string;
  /** `uv pip install --system` (or the command's own `UV_SYSTEM_PYTHON=1`, the same to uv): uv's own pip, told to install into the image's Python; the word that tells it. */
  uvSystem?: string;
}

/** Settings of the user's that stay (merge-config keeps a user's value), and may contradict the plan. */
export interface KeptSettingsFacts {
  /** `customizations.vscode.settings["python.defaultInterpreterPath"]`, when the user set it. */
  interpreterPath?: { value: string; file: string; line: number };
  pipInstalls: PipInstall[];
  /** uv commands that write uv.lock or change the environment (uv-commands.ts). */
  uvCommands: UvCommand[];
  /** Commands only root can run (`apt-get install` without sudo, a write into /etc): the configuration runs as root (root-evidence.ts). */
  rootCommands: RootCommand[];
  /** Features whose id is `uv` (`ghcr.io/<owner>/<collection>/uv:1`): each installs a uv of its own. */
  uvFeatures: { id: string; file: string; line: number }[];
}

/**
 * For each CPython 3 minor, the locked packages uv would have no wheel for in the container: those
 * that publish Linux wheels (for some Python, on an architecture) but none that installs on that
 * minor there, counted where the lock installs them at all on that minor.
 */
export interface LockWheelFacts {
  /** `[[package]]` entries read. */
  packages: number;
  /** Minors (3.0 to 3.29) that some package lacks a wheel for, oldest first. */
  lacking: LockWheelGap[];
}

export interface LockWheelGap {
  /** `3.13`. */
  minor: string;
  /** How many packages lack one. */
  count: number;
  /** The first of them in the lock. */
  first: { name: string; version?: string; line: number };
}

/**
 * Where a user's configuration sets a variable, weakest first as the container sees them: the
 * image's ENV, then Compose's `env_file`, then Compose's `environment`, then `containerEnv` (the
 * Dev Container CLI passes it with `docker run -e`, or as `environment` in a Compose override it
 * lists after the user's files), and `remoteEnv` over all of them for the processes the tool
 * starts (terminals, lifecycle commands).
 */
export type SettingPlace = 'dockerfile' | 'compose-env-file' | 'compose-environment' | 'containerEnv' | 'remoteEnv';

/** One variable the user's configuration sets, where, and to what. */
export interface UserSetting {
  name: string;
  /** As the place gives it: unquoted and expanded for a Dockerfile; as written in JSON or YAML otherwise. */
  value: string;
  place: SettingPlace;
  file: string;
  line: number;
  /** Written by gen-devcontainer (the manifest records it, and it is unchanged): not the user's choice. */
  tool?: true;
  /**
   * The value depends on something only known later: a build argument or a variable of the base
   * image (Dockerfile), or the host's environment (Compose interpolation, `${localEnv:…}`).
   */
  unresolved?: true;
}

/**
 * A mount in the user's configuration, from any channel a mount can come from: devcontainer.json
 * `mounts`, `workspaceMount` and the mount arguments of `runArgs` (`-v`, `--volume`, `--mount`,
 * `--tmpfs`), or the Compose service's `volumes` and `tmpfs`.
 */
export interface UserMount {
  target: string;
  type: 'volume' | 'bind' | 'tmpfs' | 'other';
  /** The volume's name, or the host path of a bind mount, as written. */
  source?: string;
  file: string;
  line: number;
  /** Which property of which file holds it. */
  place: MountPlace;
  /** Compose fills the source in from the host's environment (`${NAME:-default}`): what it names is not known here. */
  interpolated?: true;
}

export type MountPlace = 'mounts' | 'workspaceMount' | 'runArgs' | 'compose-volumes' | 'compose-tmpfs' | 'dockerfile-volume';

/** A uv the user's Dockerfile installs in the stages the container runs. */
export interface UserUvPin {
  /** X.Y.Z, when the line names one. */
  version?: string;
  how: 'base image' | 'COPY --from' | 'pip install' | 'installer script';
  /** Where it puts uv, as far as the line tells (for the message that says which one comes first on PATH). */
  where: string;
  file: string;
  line: number;
}

export interface UserUvSettingsFacts {
  /** Every setting of a variable that decides where uv writes or how it links, in order of the files. */
  settings: UserSetting[];
  mounts: UserMount[];
  pins: UserUvPin[];
}

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
