/**
 * The dev container target's section of the plan (`plan.devcontainer`): what only the dev container
 * needs on top of the core plan (plan/types.ts). Part of the plan's one shape: the schema is
 * generated from these types with the core's (scripts/plan-schema.mjs, from targets/types.ts).
 */
import type { ContainerPath, Decision, EnvVarName, KeptContainerPath, LineNumber, NonBlank, PlanStep, RepoPath } from '../../plan/types.js';

export type LifecycleProperty = 'onCreateCommand' | 'updateContentCommand' | 'postCreateCommand';

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
  /** A CA bundle of the host's that uv in the container trusts (--ca-bundle; targets/devcontainer/ca-bundle.ts). */
  caBundle?: CaBundle;
  /** A read-only root file system: the tmpfs mounts it needs besides the volume. */
  readOnlyRoot?: {
    tmpfs: ContainerPath[];
    tmpfsOptions: Decision<NonBlank>;
    reason: NonBlank;
    /** The home folder the Dockerfile makes world-writable (mode 1777) for its tmpfs: a non-root user's, whose uid updateRemoteUserUID may change; never root's. */
    openHome?: ContainerPath;
  };
  /** What the editor needs: its Python extension, the environment's interpreter when there is one environment, and what runs the project's own tools (targets/devcontainer/editor.ts). */
  editor: EditorPlan;
  /** Which devcontainer.json property runs each of the plan's `steps`, in order. */
  lifecycle: LifecycleStep[];
  outputs: PlanOutputs;
  /** A folder uv needs more of than itself: the folder above it that the container mounts instead (targets/devcontainer/workspace-mount.ts). */
  workspaceMount?: WorkspaceMount;
  /** uv settings the user's configuration already has, and what becomes of each (targets/devcontainer/user-settings.ts). */
  userSettings?: UserSettingsPlan;
  /** Links elsewhere in the repository to the files this run edits (a template's `template/.devcontainer`). */
  links?: {
    /** @minItems 1 */
    paths: { path: RepoPath; target: string }[];
    consequence: NonBlank;
    reason: NonBlank;
  };
}

/** The editor's extensions and settings: VS Code's `customizations.vscode` in devcontainer.json. */
export interface EditorPlan {
  /** Every extension, each once, in order: the Python extension, then each tool's. */
  extensions: NonBlank[];
  interpreterPath?: KeptContainerPath;
  reason: NonBlank;
  /**
   * The project's own tools the editor is wired to, in order, each with the extensions and settings
   * it brings; absent when none is found, or with --no-editor-tools.
   * @minItems 1
   */
  tools?: EditorTool[];
}

/** One tool of the project's, and what the editor gets to run it. */
export interface EditorTool {
  tool: 'ruff' | 'black' | 'mypy' | 'pyright' | 'basedpyright' | 'pytest';
  /** Where the project shows it uses the tool: `[tool.ruff], pyproject.toml:12`, `conftest.py`. */
  source: NonBlank;
  /** Extension ids, as `customizations.vscode.extensions` lists them. */
  extensions: NonBlank[];
  settings: EditorSetting[];
  reason: NonBlank;
}

/** One VS Code setting, a text or a flag. `language`: set inside `"[python]"`, VS Code's settings for Python files only. */
export type EditorSetting = { key: NonBlank; value: string; language?: 'python' } | { key: NonBlank; value: boolean; language?: 'python' };

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
