/**
 * The plan: every decision about where uv writes, as plain JSON data. Renderers are pure
 * functions of it, `plan --json` prints it, and `schemas/plan.schema.json` describes it.
 */

/** A decided value, where it came from, and one line of why. */
export interface Decision<T> {
  value: T;
  /** A file (`.python-version`), an option (`--python`), or `default`. */
  source: string;
  reason: string;
}

export type DirectoryRole = 'cache' | 'environment' | 'python' | 'python-cache' | 'bin' | 'tools' | 'tmp' | 'xdg-cache';

export interface PlannedDirectory {
  role: DirectoryRole;
  /** Absolute path in the container, always under `volume.target`. */
  path: string;
  reason: string;
  /** The variables set to this path (`containerEnv`), from the folder table (plan/folders.ts). */
  variables: string[];
}

export interface EnvVar {
  name: string;
  value: string;
  reason: string;
}

export type LifecycleProperty = 'onCreateCommand' | 'updateContentCommand' | 'postCreateCommand';

/**
 * What a lifecycle step does, as data. The lifecycle script (render/lifecycle-script.ts) turns each
 * into shell; devcontainer.json only names the step, so no repository-derived text reaches a string
 * the Dev Container CLI substitutes `${...}` variables in.
 */
export type StepAction =
  /** Give the volume to the container user when another uid owns it, then make its folders. */
  | { kind: 'prepare-volume'; target: string; folders: string[] }
  /** `uv sync` with these arguments, in the workspace folder. */
  | { kind: 'uv-sync'; args: string[] }
  /** An environment made with `uv venv` (never prompting), then `uv pip install`. */
  | { kind: 'uv-pip'; venv: string[]; install: string[] }
  /** `uv sync` in each project folder; a folder whose .venv is a virtual environment from outside the container is skipped, not replaced. */
  | { kind: 'uv-sync-each'; projects: { path: string; args: string[] }[] }
  /** The in-container check (check-uv-layout.sh). */
  | { kind: 'check' };

export interface LifecycleStep {
  /** The devcontainer.json property that runs it; steps run in this order, each after the one before. */
  property: LifecycleProperty;
  /** The lifecycle script's argument: `sh .devcontainer/uv-lifecycle.sh <step>`. */
  step: 'prepare' | 'install' | 'check';
  action: StepAction;
  reason: string;
}

/** Which files are written, and how: generated whole, or edited in place around the user's content. */
export interface PlanOutputs {
  /**
   * `replaceImage`: an image-based configuration whose `image` gives way to `build` (the image
   * becomes the Dockerfile's base). `keepsBuild`: a Dockerfile-based one keeps its `build`.
   */
  config: { file: string; mode: 'generate' | 'edit'; reason: string; replaceImage?: { image: string; reason: string }; keepsBuild?: { reason: string } };
  /** `target`: the build stage the block goes at the end of, in a Dockerfile of the user's. */
  dockerfile: { file: string; mode: 'generate' | 'block'; reason: string; target?: string };
  /**
   * Docker Compose configurations: the volume goes into the compose file. `build`: a service that
   * runs a plain image is built from the generated Dockerfile instead, under an image name of its own.
   */
  compose?: { file: string; service: string; reason: string; build?: { context: string; dockerfile: string; image: string; reason: string } };
  checkScript: { file: string };
  /** The lifecycle steps' shell (prepare, install, check), run by devcontainer.json's commands. */
  lifecycleScript: { file: string };
  readme: { file: string };
  manifest: { file: string };
}

export interface Plan {
  schemaVersion: 1;
  generator: { name: 'gen-devcontainer'; version: string };
  /** The options that differ from the defaults, as command-line words; for the regenerate hint. */
  options: string[];
  project: { name: Decision<string>; slug: string };
  /** Which layout provider (plan/layouts/) planned the environment and the install, and on what evidence. */
  layout: Decision<string>;
  python: Decision<string> & { provider: Decision<'uv-managed' | 'image'> };
  uv: { version: Decision<string>; image: string };
  baseImage: Decision<string>;
  user: { name: Decision<string>; uid: number; gid: number };
  volume: { name: Decision<string>; target: Decision<string> };
  directories: PlannedDirectory[];
  /** `single`: one environment at `path`. `per-project`: uv keeps one per project under `path`. */
  environment: { path: string; mode: 'single' | 'per-project'; interpreter?: string };
  /** A read-only root file system: the tmpfs mounts it needs besides the volume. */
  readOnlyRoot?: { tmpfs: string[]; tmpfsOptions: Decision<string>; reason: string };
  /** A folder of independent projects: which, and how each gets its environment. */
  projects?: { paths: string[]; strategy: 'centralized-project-envs'; reason: string };
  /** Variables set on the container (devcontainer.json `containerEnv`), in order. */
  env: EnvVar[];
  /** What the editor needs: its Python extension, and the environment's interpreter when there is one environment. */
  editor: { extensions: string[]; interpreterPath?: string; reason: string };
  /** Directories put in front of PATH, in order. */
  pathPrepend: Decision<string[]>;
  lifecycle: LifecycleStep[];
  outputs: PlanOutputs;
  /** A uv workspace: its members (folders), the folders excluded, and why one environment serves them. */
  workspace?: { members: string[]; excluded: string[]; reason: string };
  /** uv settings the user's configuration already has, and what becomes of each (plan/user-uv-settings.ts). */
  userSettings?: UserSettingsPlan;
  /** Links elsewhere in the repository to the files this run edits (a template's `template/.devcontainer`). */
  links?: { paths: { path: string; target: string }[]; consequence: string; reason: string };
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
  mount?: { target: string; volume: string; file: string; line: number };
  settings: {
    name: string;
    value: string;
    place: 'dockerfile' | 'compose-env-file' | 'compose-environment' | 'containerEnv' | 'remoteEnv';
    file: string;
    line: number;
    action: UserSettingAction;
    /** The plan's value of the same variable, when it sets one. */
    planned?: string;
    reason: string;
  }[];
  reason: string;
}
