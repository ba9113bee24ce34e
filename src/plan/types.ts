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

export type LifecycleProperty = 'onCreateCommand' | 'updateContentCommand' | 'postCreateCommand';

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

/** When the dev container runs one of the plan's steps, and why then. */
export interface LifecycleStep {
  /** The devcontainer.json property that runs it; steps run in this order, each after the one before. */
  property: LifecycleProperty;
  /** The step of `steps` it runs. */
  step: PlanStep['step'];
  /** Why, in the dev container's words (the lifecycle script's comment on the step). */
  reason: NonBlank;
}

/** Which files are written, and how: generated whole, or edited in place around the user's content. */
export interface PlanOutputs {
  /**
   * `replaceImage`: an image-based configuration whose `image` gives way to `build` (the image
   * becomes the Dockerfile's base). `keepsBuild`: a Dockerfile-based one keeps its `build`.
   */
  config: {
    file: RepoPath;
    mode: 'generate' | 'edit';
    reason: NonBlank;
    replaceImage?: { image: NonBlank; reason: NonBlank };
    keepsBuild?: { reason: NonBlank };
    /** The configuration runs as the plan's user by itself: no remoteUser is written. */
    keepsUser?: { reason: NonBlank };
    /** workspaceFolder is written (a Compose configuration without one: see `workspaceFolder`). */
    writesWorkspaceFolder?: { reason: NonBlank };
  };
  /** `target`: the build stage the block goes at the end of, in a Dockerfile of the user's. */
  dockerfile: { file: RepoPath; mode: 'generate' | 'block'; reason: NonBlank; target?: NonBlank };
  /**
   * Docker Compose configurations: the volume goes into the compose file. `build`: a service that
   * runs a plain image is built from the generated Dockerfile instead, under an image name of its own.
   */
  compose?: { file: RepoPath; service: NonBlank; reason: NonBlank; build?: { context: NonBlank; dockerfile: NonBlank; image: NonBlank; reason: NonBlank } };
  checkScript: { file: RepoPath };
  /** The lifecycle steps' shell (prepare, install, check), run by devcontainer.json's commands. */
  lifecycleScript: { file: RepoPath };
  readme: { file: RepoPath };
  manifest: { file: RepoPath };
}

/**
 * Where everything uv writes lives, with the source and reason of each decision: the core plan, which any target can stand on, and under `devcontainer` what only the dev container needs. Printed by `gen-devcontainer plan --json`.
 * @title gen-devcontainer plan
 */
export interface Plan {
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
  /** What only the dev container target needs (src/targets/devcontainer/). */
  devcontainer: DevcontainerPlan;
  /** The production image and its manifests (src/targets/production/): only in a `gen-devcontainer production` run, or `plan --production`. */
  production?: ProductionPlan;
}

/** The dev container target's own decisions, on top of the core plan. */
export interface DevcontainerPlan {
  /** Where the repository is in the container: its lifecycle commands run there. */
  workspaceFolder: Decision<NonBlank>;
  /**
   * How the Docker host tells this repository's volume from another's.
   * `devcontainerId`: the name carries `${devcontainerId}`, which the Dev Container CLI replaces in
   * `mounts` with an id of this checkout. `compose-project`: declared without `name:`, so Compose
   * prefixes it with the Compose project's name. Absent: the name is used as it is (--volume,
   * --shared-cache).
   */
  perRepository?: 'devcontainerId' | 'compose-project';
  /** A CA bundle of the host's that uv in the container trusts (--ca-bundle; plan/ca-bundle.ts). */
  caBundle?: CaBundle;
  /** A read-only root file system: the tmpfs mounts it needs besides the volume. */
  readOnlyRoot?: {
    tmpfs: ContainerPath[];
    tmpfsOptions: Decision<NonBlank>;
    reason: NonBlank;
    /** The home folder the Dockerfile makes world-writable (mode 1777) for its tmpfs: a non-root user's, whose uid updateRemoteUserUID may change; never root's. */
    openHome?: ContainerPath;
  };
  /** What the editor needs: its Python extension, and the environment's interpreter when there is one environment. */
  editor: { extensions: NonBlank[]; interpreterPath?: KeptContainerPath; reason: NonBlank };
  /** Which devcontainer.json property runs each of the plan's `steps`, in order. */
  lifecycle: LifecycleStep[];
  outputs: PlanOutputs;
  /** A folder uv needs more of than itself: the folder above it that the container mounts instead (plan/workspace-mount.ts). */
  workspaceMount?: WorkspaceMount;
  /** uv settings the user's configuration already has, and what becomes of each (plan/user-uv-settings.ts). */
  userSettings?: UserSettingsPlan;
  /** Links elsewhere in the repository to the files this run edits (a template's `template/.devcontainer`). */
  links?: {
    /** @minItems 1 */
    paths: { path: RepoPath; target: string }[];
    consequence: NonBlank;
    reason: NonBlank;
  };
}

/**
 * devcontainer.json's `workspaceMount` and `workspaceFolder`, which the spec requires together: the
 * bind mount of a folder above the one the tool runs in, and that folder inside it.
 */
export interface WorkspaceMount {
  /** The folder mounted, relative to the folder the tool runs in ('..'). */
  ancestor: NonBlank;
  /** The `workspaceMount` value (a `docker run --mount` string). */
  mount: NonBlank;
  /** The `workspaceFolder` value: the folder the tool runs in, inside the mount; its own name is the CLI's `${localWorkspaceFolderBasename}`. */
  folder: KeptContainerPath;
  /** The files that make it needed. */
  source: NonBlank;
  reason: NonBlank;
  /**
   * The user's own values in devcontainer.json that differ from this pair: the plan decides the
   * pair, so a run refuses them (exit 2) unless --force, which replaces them.
   * @minItems 1
   */
  replaces?: ReplacedWorkspaceValue[];
}

/** A `workspaceFolder` or `workspaceMount` of the user's that the plan's pair replaces. */
export interface ReplacedWorkspaceValue {
  key: 'workspaceFolder' | 'workspaceMount';
  value: string;
  /** Its line in devcontainer.json. */
  line?: number;
}

/**
 * `adopted`: kept as the plan's own. `replace` / `remove`: in containerEnv or remoteEnv, which
 * this tool edits (with --force). `override`: where this tool cannot edit, outranked by containerEnv
 * (with --force). `stuck`: where this tool cannot edit, and nothing the plan sets outranks it.
 * `keep`: kept, with a warning (remoteEnv values that are not locations). `overridden`: outranked
 * anyway, a note.
 */
export type UserSettingAction = 'adopted' | 'replace' | 'remove' | 'override' | 'stuck' | 'keep' | 'overridden';

export interface UserSettingsPlan {
  /** The user's own volume, when the plan keeps it as its one mount. */
  mount?: { target: ContainerPath; volume: NonBlank; file: RepoPath; line: LineNumber };
  settings: {
    name: EnvVarName;
    value: string;
    place: 'dockerfile' | 'compose-env-file' | 'compose-environment' | 'containerEnv' | 'remoteEnv';
    file: RepoPath;
    line: LineNumber;
    action: UserSettingAction;
    /** The plan's value of the same variable, when it sets one. */
    planned?: string;
    reason: NonBlank;
  }[];
  reason: NonBlank;
}

/** A host file bind mounted read-only into the container, which SSL_CERT_FILE names for uv. */
export interface CaBundle {
  /** The mount's source as devcontainer.json says it: `${localEnv:NAME}`, an absolute host path, or `${localWorkspaceFolder}/...`. */
  source: NonBlank;
  target: ContainerPath;
  reason: NonBlank;
}

/**
 * A port a container listens on.
 * @asType integer
 * @minimum 1
 * @maximum 65535
 */
export type Port = number;

/**
 * A name Kubernetes takes for a Deployment, a Service, a container and a label value: an RFC 1035
 * label (a letter first, lower-case letters, digits and `-`, no `-` last, at most 63 characters).
 * @pattern ^[a-z]([a-z0-9-]{0,61}[a-z0-9])?$
 */
export type KubernetesName = string;

/** How the builder stage installs the project into the environment (templates/production-dockerfile.hbs). */
export type ProductionInstall =
  /**
   * `uv sync`, twice: `dependencies` with only `binds` (the lock and the pyproject files, and the
   * local path sources the dependencies need) bind-mounted, for a layer that a change of the
   * source leaves cached; then `project` once the source is copied in.
   */
  | { kind: 'uv-sync'; dependencies: string[]; project: string[]; binds: ProductionBind[] }
  /**
   * Not a uv project: `uv venv`, then `uv pip install` of the requirement files (bind-mounted, with
   * the files they include), then the project itself when it has a setup.py or a [project].
   * `afterCopy`: a requirement names a local path, so the requirements install once the source is in.
   */
  | { kind: 'uv-pip'; venv: string[]; dependencies: string[]; binds: ProductionBind[]; project?: string[]; afterCopy?: true };

/** A file (or, `folder`, a folder) of the build context bind-mounted into the dependencies' layer, at the same place under the application folder. */
export interface ProductionBind {
  path: RepoPath;
  folder?: true;
}

/** A folder on the one writable volume, and the variables that send programs there. */
export interface ProductionFolder {
  path: ContainerPath;
  variables: EnvVarName[];
  reason: NonBlank;
}

/** The production target's own decisions, on top of the core plan (src/targets/production/plan.ts). */
export interface ProductionPlan {
  /** The project the image runs: its folder in the repository (`.` at the root), and why that one. */
  project: Decision<NonBlank>;
  /** The build's base image for both stages, a build argument: the plan's Python as a slim Debian image. */
  pythonImage: Decision<NonBlank>;
  /** The Python `uv` is told to use (UV_PYTHON): the image's, by its version. */
  python: NonBlank;
  /** Where the build context (the repository) goes in the image, the project's folder (where uv syncs), and the folder the command runs in (a --package member's own). */
  app: { path: ContainerPath; workdir: ContainerPath; runIn: ContainerPath; reason: NonBlank };
  /** The environment, made in the builder and copied into the final stage, owned by root. */
  environment: { path: ContainerPath; reason: NonBlank };
  install: ProductionInstall & { reason: NonBlank };
  /** The builder stage's variables (uv's settings for the build). */
  buildEnv: EnvVar[];
  /** The command the image runs (exec form). */
  command: Decision<string[]>;
  /** The user the image runs as: a fixed uid and gid, no login, not the owner of the environment or the application. */
  user: { name: NonBlank; uid: UserId; gid: UserId; reason: NonBlank };
  /** The one writable volume: everything written at run time is on it, mounted once. */
  volume: {
    target: Decision<ContainerPath>;
    /** Its name in compose.yaml and kubernetes.yaml. */
    name: KubernetesName;
    sizeLimit: Decision<NonBlank>;
    folders: ProductionFolder[];
  };
  /** The final stage's variables, in order. */
  env: EnvVar[];
  /** Directories put in front of PATH in the final stage. */
  pathPrepend: ContainerPaths;
  /** uv in the final image (--with-uv), and how `uv run` is kept from syncing or locking on the read-only root. */
  withUv?: { reason: NonBlank };
  /** The image the manifests run (--image). */
  image: Decision<NonBlank>;
  /** The name of the Deployment, Service, container and the compose service. */
  name: Decision<KubernetesName>;
  port?: Decision<Port>;
  /** The production options of the run (--image, --command, ...), by flag, as deploy/'s manifest records them: a later run without them uses them again. */
  options: { flag: NonBlank; value?: NonBlank }[];
  outputs: { dockerfile: { file: RepoPath }; dockerignore: { file: RepoPath }; kubernetes: { file: RepoPath }; compose: { file: RepoPath }; manifest: { file: RepoPath } };
}
