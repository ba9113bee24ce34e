import type { ContainerPath, ContainerPaths, Decision, EnvVar, EnvVarName, NonBlank, RepoPath, UserId } from '../../plan/types.js';

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
