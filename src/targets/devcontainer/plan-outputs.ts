import * as path from 'node:path';
import { COMPOSE_OVERRIDE_FILE, CONFIG_FILE } from '../../analyze/devcontainer.js';
import type { RepoFacts } from '../../analyze/facts.js';
import { OUTPUT_ASIDE, OUTPUT_PATHS } from '../../outputs.js';
import { MANIFEST_FILE } from '../../ownership.js';
import { isUneditedOutput, relativeTo } from '../../plan/outputs.js';
import type { PlanOutputs } from './types.js';

/** Which files are written and how; `slug` names the image a Compose service is built into. */
export function planOutputs(facts: RepoFacts, slug: string): PlanOutputs {
  const config = facts.devcontainer?.config;
  const outputs: PlanOutputs = {
    config: config
      ? isUneditedOutput(facts, config)
        ? { file: CONFIG_FILE, mode: 'generate', reason: 'written by gen-devcontainer and unchanged since, so it is regenerated whole' }
        : { file: CONFIG_FILE, mode: 'edit', reason: 'yours: only the properties the plan needs are edited, in place; comments, order and everything else stay' }
      : { file: CONFIG_FILE, mode: 'generate', reason: 'there is none yet' },
    dockerfile: { file: freeDockerfileName(facts), mode: 'generate', reason: 'there is none yet' },
    checkScript: { file: OUTPUT_PATHS.checkScript },
    lifecycleScript: { file: OUTPUT_PATHS.lifecycleScript },
    readme: { file: freeReadmeName(facts) },
    manifest: { file: MANIFEST_FILE },
  };

  const userDockerfile = config?.kind === 'dockerfile' ? config.dockerfile : config?.compose?.dockerfile;
  if (userDockerfile) {
    outputs.dockerfile = !userDockerfile.exists
      ? { file: userDockerfile.file, mode: 'generate', reason: `${config!.kind === 'compose' ? 'the compose service' : CONFIG_FILE} names it, and it does not exist yet` }
      : isUneditedOutput(facts, userDockerfile)
        ? { file: userDockerfile.file, mode: 'generate', reason: 'written by gen-devcontainer and unchanged since, so it is regenerated whole' }
        : { file: userDockerfile.file, mode: 'block', reason: 'your Dockerfile is kept as it is; the uv set-up goes in a marked block at its end, which later runs update in place' };
    if (config?.kind === 'dockerfile' && outputs.config.mode === 'edit') {
      outputs.config.keepsBuild = { reason: `"build" stays as you wrote it: ${userDockerfile.file} is the Dockerfile, and the uv set-up goes into it` };
    }
    const target = config?.kind === 'dockerfile' ? config.target : config?.compose?.target;
    if (outputs.dockerfile.mode === 'block' && target !== undefined) outputs.dockerfile.target = target;
  } else if (config?.kind === 'image') {
    outputs.dockerfile = {
      file: freeDockerfileName(facts),
      mode: 'generate',
      reason: `a Dockerfile FROM your image ${config.image}: the mount target must be created in the image, owned by the user, for a new volume to be writable, and uv must be in it`,
    };
    if (outputs.config.mode === 'edit' && config.image !== undefined) {
      outputs.config.replaceImage = {
        image: config.image,
        reason: `image ${JSON.stringify(config.image)} is replaced by "build": the generated Dockerfile starts FROM the base image that \`gen-devcontainer plan\` shows`,
      };
    }
  } else if (config?.compose?.image) {
    outputs.dockerfile = {
      file: freeDockerfileName(facts),
      mode: 'generate',
      reason: `the service's image ${config.compose.image} becomes this Dockerfile's base: the mount target must be created in the image, owned by the user, and uv must be in it`,
    };
  }
  if (config?.compose) {
    outputs.compose = {
      file: COMPOSE_OVERRIDE_FILE,
      service: config.compose.service,
      reason: `a Docker Compose configuration: the volume (and the build, for a service that runs a plain image) goes into an override file of its own, listed last in dockerComposeFile, so Compose merges it over ${config.compose.files.join(', ')}, which stay exactly as they are`,
    };
    if (config.compose.image !== undefined && outputs.dockerfile.mode === 'generate') {
      // Paths in every compose file resolve from the first file's folder.
      const projectFolder = path.posix.dirname(config.compose.files[0]!);
      outputs.compose.build = {
        context: relativeTo(projectFolder, path.posix.dirname(outputs.dockerfile.file)),
        dockerfile: path.posix.basename(outputs.dockerfile.file),
        image: `gen-devcontainer-${slug}:dev`,
        reason: `the service runs the plain image ${config.compose.image}, which has no uv and no mount target: it is built from ${outputs.dockerfile.file} instead, FROM that image. With build and image both set, Compose tags the build with the image's name: one of its own, never the base image's (which would overwrite the local tag of, say, python:3.12)`,
      };
    }
  }
  return outputs;
}

/** `.devcontainer/Dockerfile`, unless a Dockerfile that is not ours is already there. */
function freeDockerfileName(facts: RepoFacts): string {
  const standard = OUTPUT_PATHS.dockerfile;
  const hashes = facts.devcontainer?.manifest?.hashes ?? {};
  if (!facts.devcontainer?.hasDockerfile || standard in hashes) return standard;
  return OUTPUT_ASIDE.dockerfile;
}

/** `.devcontainer/README.md`, unless the user has one of their own there. */
function freeReadmeName(facts: RepoFacts): string {
  const standard = OUTPUT_PATHS.readme;
  const ours = standard in (facts.devcontainer?.manifest?.hashes ?? {});
  return facts.devcontainer?.files.includes('README.md') && !ours ? OUTPUT_ASIDE.readme : standard;
}
