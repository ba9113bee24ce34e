/**
 * The plan: every decision about where uv writes, as plain JSON data. Renderers are pure
 * functions of it and `plan --json` prints it.
 *
 * These types are the one source of the plan's shape: the build generates
 * `schemas/plan.schema.json` from them (scripts/plan-schema.mjs), and the pipeline checks every
 * plan against it. What a type cannot say is a JSDoc tag on a named alias below (`@pattern`,
 * `@minimum`, `@asType integer`), which becomes the schema keyword of that name; JSDoc text
 * becomes the schema's descriptions. A field typed plain `string` takes any string, on purpose.
 */

/**
 * Text the plan shows (a name, a source, a reason, an image): at least one visible character.
 * @pattern \S
 */
export type NonBlank = string;

/**
 * An absolute path in the container: `/`-separated names of letters, digits, `.`, `_` and `-`
 * (no spaces, no empty name, no trailing `/`).
 * @pattern ^(/[A-Za-z0-9._-]+)+$
 */
export type ContainerPath = string;

/**
 * A container path the plan may keep from the user's devcontainer.json: as ContainerPath, and a
 * name may also hold a dev container variable that names the same folder on every start of one
 * workspace's container (`/cache/${localWorkspaceFolderBasename}/venv`).
 * @pattern ^(/([A-Za-z0-9._-]|\$\{(localWorkspaceFolder|localWorkspaceFolderBasename|containerWorkspaceFolder|containerWorkspaceFolderBasename|devcontainerId)\})+)+$
 */
export type KeptContainerPath = string;

/**
 * A line in a file, counted from 1.
 * @asType integer
 * @minimum 1
 */
export type LineNumber = number;

// Named so that the schema calls `Decision<ContainerPaths>` by that name, not by an id of the array.
/** Container paths, in order. */
export type ContainerPaths = ContainerPath[];

/**
 * A path relative to the repository root: not absolute, not starting with `../`, no NUL.
 * @pattern ^(?!/)(?!\.\./)[^\u0000]+$
 */
export type RepoPath = string;

/**
 * An environment variable's name, as POSIX shells accept it unquoted.
 * @pattern ^[A-Z_][A-Z0-9_]*$
 */
export type EnvVarName = string;

/**
 * The project's name as lower-case letters, digits and dashes, for names made from it (an environment's folder, an image).
 * @pattern ^[a-z0-9][a-z0-9-]*$
 */
export type Slug = string;

/**
 * A uid or gid of the container user: a whole number; 0 when the configuration runs as root.
 * @asType integer
 * @minimum 0
 */
export type UserId = number;

/** A decided value, where it came from, and one line of why. */
export interface Decision<T> {
  value: T;
  /** A file (`.python-version`), an option (`--python`), or `default`. */
  source: NonBlank;
  reason: NonBlank;
}

export type PythonProvider = 'uv-managed' | 'image';

export type DirectoryRole = 'cache' | 'environment' | 'python' | 'python-cache' | 'bin' | 'tools' | 'tmp' | 'xdg-cache';

export interface PlannedDirectory {
  role: DirectoryRole;
  /** Absolute path in the container, always under `volume.target`. */
  path: KeptContainerPath;
  reason: NonBlank;
  /** The variables set to this path (`containerEnv`), from the folder table (plan/folders.ts). */
  variables: EnvVarName[];
}

export interface EnvVar {
  name: EnvVarName;
  value: string;
  reason: NonBlank;
}

/**
 * What a lifecycle step does, as data. The lifecycle script (targets/devcontainer/lifecycle-script.ts) turns each
 * into shell; devcontainer.json only names the step, so no repository-derived text reaches a string
 * the Dev Container CLI substitutes `${...}` variables in.
 */
export type StepAction =
  /** Give the volume to the container user when another uid owns it, then make its folders. */
  | { kind: 'prepare-volume'; target: string; folders: string[] }
  /** `uv sync` with these arguments, in the workspace folder. */
  | { kind: 'uv-sync'; args: string[] }
  /**
   * An environment made with `uv venv` (never prompting), then `uv pip install`; then, when
   * `project` is there, that second `uv pip install` of the project itself, once what it needs to
   * build is in the environment (a setup.py that imports its own package, built without isolation).
   */
  | { kind: 'uv-pip'; venv: string[]; install: string[]; project?: string[] }
  /**
   * `uv sync` with `args` in each folder of `paths`, with `--frozen` where `frozenWhereLocked` and
   * the folder has a uv.lock when the step runs (so a lock added or removed later needs no new
   * generation). A folder whose .venv is a virtual environment from outside the container is
   * skipped, not replaced; a project whose sync fails does not stop the others, and the step fails
   * at the end, naming it. A folder whose pyproject.toml has no table uv installs from ([project], a
   * workspace, dependency groups: a tool's settings only) is no project, and is left alone. When a
   * sync fails where the image has no cargo and the project names one of `rustBackends` as its
   * build back-end, the step says so. `checkLock`: `--locked` there instead of `--frozen` (the
   * user's UV_LOCKED asks uv to check the lock, which uv ignores beside --frozen).
   */
  | { kind: 'uv-sync-each'; paths: string[]; args: string[]; frozenWhereLocked: boolean; checkLock?: true; rustBackends: string[] }
  /** The in-container check (check-uv-layout.sh); `uvVersion`: the release the uv on PATH must be. */
  | { kind: 'check'; uvVersion?: NonBlank };

/**
 * One step of making the environment, in words any target can run it by: make the volume's
 * folders the user's, install, check. Each target says when its steps run (the dev container:
 * `devcontainer.lifecycle`).
 */
export interface PlanStep {
  /** Its name: the lifecycle script's argument (`sh .devcontainer/uv-lifecycle.sh <step>`). */
  step: 'prepare' | 'install' | 'check';
  action: StepAction;
  reason: NonBlank;
}

/**
 * Where everything uv writes lives, with the source and reason of each decision, in words that fit
 * any target: the core plan. Each target adds a section of its own on top (targets/types.ts, Plan).
 */
export interface CorePlan {
  schemaVersion: 1;
  generator: { name: 'gen-devcontainer'; version: NonBlank };
  /** The options in effect (given, or remembered from the manifest), as command-line words; for the regenerate hint, and recorded in the manifest. */
  options: string[];
  project: { name: Decision<NonBlank>; slug: Slug };
  /** Which layout provider (plan/layouts/) planned the environment and the install, and on what evidence. */
  layout: Decision<NonBlank>;
  python: Decision<NonBlank> & { provider: Decision<PythonProvider> };
  /** `bin`: the folder the pinned uv is copied into, first on the image's PATH. */
  uv: { version: Decision<NonBlank>; image: NonBlank; bin: { value: NonBlank; reason: NonBlank } };
  baseImage: Decision<NonBlank>;
  /** uid and gid 0 for root, when the configuration runs as root. `ids`: why the uid is what it is, when that needs saying. */
  user: { name: Decision<NonBlank>; uid: UserId; gid: UserId; ids?: Decision<NonBlank> };
  volume: { name: Decision<NonBlank>; target: Decision<NonBlank> };
  directories: PlannedDirectory[];
  /** `single`: one environment at `path`. `per-project`: uv keeps one per project under `path`. */
  environment: { path: KeptContainerPath; mode: 'single' | 'per-project'; interpreter?: KeptContainerPath };
  /** A folder of independent projects: which, and how each gets its environment. */
  projects?: { paths: string[]; strategy: 'centralized-project-envs'; reason: NonBlank };
  /** Variables set in the container (the dev container's `containerEnv`), in order. */
  env: EnvVar[];
  /** Directories put in front of PATH, in order. */
  pathPrepend: Decision<ContainerPaths>;
  /** The steps that make the environment, in order: each target runs them its own way. */
  steps: PlanStep[];
  /** A uv workspace: its members (folders), the folders excluded, and why one environment serves them. */
  workspace?: {
    members: string[];
    excluded: string[];
    reason: NonBlank;
    /**
     * The sync to type in the container: a plain `uv sync` at a root with a [project] table leaves
     * the members out, and uv has no setting that changes that. Absent for a virtual root (no
     * [project]), where a plain `uv sync` installs every member as --all-packages does.
     */
    plainSync?: Decision<NonBlank>;
  };
}
