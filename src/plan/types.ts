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
}

export interface EnvVar {
  name: string;
  value: string;
  reason: string;
}

export interface LifecycleStep {
  /** The devcontainer.json property that runs it. */
  property: 'onCreateCommand' | 'updateContentCommand' | 'postCreateCommand';
  /** Arguments of one command; rendered as a shell-quoted string. */
  command: string[];
  reason: string;
}

/** Which files are written, and how: generated whole, or edited in place around the user's content. */
export interface PlanOutputs {
  config: { file: string; mode: 'generate' | 'edit'; reason: string };
  dockerfile: { file: string; mode: 'generate' | 'block'; reason: string };
  /** Docker Compose configurations: the volume goes into the compose file. */
  compose?: { file: string; service: string; reason: string };
  checkScript: { file: string };
  readme: { file: string };
  manifest: { file: string };
}

export interface Plan {
  schemaVersion: 1;
  generator: { name: 'gen-devcontainer'; version: string };
  /** The options that differ from the defaults, as command-line words; for the regenerate hint. */
  options: string[];
  project: { name: Decision<string>; slug: string };
  python: Decision<string> & { provider: Decision<'uv-managed' | 'image'> };
  uv: { version: Decision<string>; image: string };
  baseImage: Decision<string>;
  user: { name: Decision<string>; uid: number; gid: number };
  volume: { name: Decision<string>; target: Decision<string> };
  directories: PlannedDirectory[];
  /** `single`: one environment at `path`. `per-project`: uv keeps one per project under `path`. */
  environment: { path: string; mode: 'single' | 'per-project'; interpreter?: string };
  /** A read-only root file system: the tmpfs mounts it needs besides the volume. */
  readOnlyRoot?: { tmpfs: string[]; reason: string };
  /** A folder of independent projects: which, and how each gets its environment. */
  projects?: { paths: string[]; strategy: 'centralized-project-envs'; reason: string };
  /** Variables set on the container (devcontainer.json `containerEnv`), in order. */
  env: EnvVar[];
  /** Directories put in front of PATH, in order. */
  pathPrepend: Decision<string[]>;
  lifecycle: LifecycleStep[];
  outputs: PlanOutputs;
  /** A uv workspace: its members (folders), the folders excluded, and why one environment serves them. */
  workspace?: { members: string[]; excluded: string[]; reason: string };
}
