/**
 * Every file the dev container target writes, by id, with the path it gets when nothing is in its
 * way: the one place that names them. The analyzer reads the earlier run's files at these paths,
 * the planner puts each output's path into `plan.devcontainer.outputs` (moving one aside only where a file of the
 * user's is in the way), the renderers in targets/devcontainer/outputs.ts produce each, the manifest records
 * them, and the tests read this table instead of spelling the names.
 */
export const OUTPUT_FOLDER = '.devcontainer';

export const OUTPUT_PATHS = {
  config: '.devcontainer/devcontainer.json',
  dockerfile: '.devcontainer/Dockerfile',
  /** Only for a Docker Compose configuration: the override listed last in dockerComposeFile. */
  compose: '.devcontainer/compose.gen-devcontainer.yaml',
  checkScript: '.devcontainer/check-uv-layout.sh',
  lifecycleScript: '.devcontainer/uv-lifecycle.sh',
  readme: '.devcontainer/README.md',
  /** The record of what this tool wrote (ownership.ts): written last, from the others. */
  manifest: '.devcontainer/gen-devcontainer.manifest.json',
} as const;

export type OutputId = keyof typeof OUTPUT_PATHS;

/** Where an output goes instead when the user's own file holds its path. */
export const OUTPUT_ASIDE = {
  dockerfile: '.devcontainer/uv.Dockerfile',
  readme: '.devcontainer/UV-LAYOUT.md',
} as const satisfies Partial<Record<OutputId, string>>;

/**
 * The files of `gen-devcontainer production` (src/targets/production/), in a folder of their own
 * with a manifest of their own: the dev container's --check never sees them, nor theirs these.
 * Built from the repository root: `docker build -f deploy/Dockerfile .`, which makes BuildKit read
 * `deploy/Dockerfile.dockerignore` instead of a `.dockerignore` at the root (docker/buildx docs,
 * "Use a Dockerfile-specific ignore file").
 */
export const PRODUCTION_FOLDER = 'deploy';

export const PRODUCTION_PATHS = {
  dockerfile: 'deploy/Dockerfile',
  dockerignore: 'deploy/Dockerfile.dockerignore',
  kubernetes: 'deploy/kubernetes.yaml',
  compose: 'deploy/compose.yaml',
  manifest: 'deploy/gen-devcontainer.manifest.json',
} as const;
