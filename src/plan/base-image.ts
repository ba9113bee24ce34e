import type { RepoFacts } from '../analyze/facts.js';
import type { Diagnostic } from '../diagnostics.js';
import { type ImageFacts, imageFacts } from './image-facts.js';
import { isValidImageReference } from './names.js';
import { isUneditedOutput } from './outputs.js';
import { DEFAULT_BASE_IMAGE } from './tables.js';
import type { Decision } from './types.js';
import { usersOwnConfig, usersOwnDockerfile } from './users-config.js';

export interface BaseImage {
  decision: Decision<string>;
  /** The configuration's own image (its `image`, its Dockerfile's FROM), not the default or --base-image. */
  fromConfiguration: boolean;
  /** What image-facts.ts knows of that image (its user, uid 1000, its Python); absent when nothing. */
  known?: ImageFacts;
}

/**
 * The image the container is built on, as truthfully as the files tell it: the configuration's
 * `image`, the FROM of the Dockerfile stage it runs, or, with no configuration, `--base-image` or
 * the default. `--base-image` cannot change a Dockerfile the user wrote (the tool only adds a block
 * at its end), so asking for it there is an error that says what to do instead.
 */
export function resolveBaseImage(option: string | undefined, facts: RepoFacts, diagnostics: Diagnostic[]): BaseImage | undefined {
  const chosen = chooseBaseImage(option, facts, diagnostics);
  const known = chosen && imageFacts(chosen.decision.value);
  return known ? { ...chosen, known } : chosen;
}

function chooseBaseImage(option: string | undefined, facts: RepoFacts, diagnostics: Diagnostic[]): BaseImage | undefined {
  const config = usersOwnConfig(facts);
  const dockerfile = usersOwnDockerfile(facts);
  if (option !== undefined && dockerfile) {
    const from = dockerfile.stage?.from;
    diagnostics.push({
      level: 'error',
      code: 'base-image-with-users-dockerfile',
      message: `--base-image cannot apply: the dev container is built from ${dockerfile.file}, which is yours; gen-devcontainer only adds its block at the end and never changes its FROM${from ? ` (line ${from.line}: ${from.written})` : ''}`,
      file: dockerfile.file,
      ...(from ? { line: from.line } : {}),
      hint: `to build on ${option}, change that FROM line${from?.written.includes('$') ? ' (or the ARG default it reads)' : ''} yourself, then run again without --base-image (the plan reads the image from the Dockerfile)`,
    });
    return undefined;
  }
  const existing = config?.image ?? config?.compose?.image;
  if (option === undefined && existing !== undefined) {
    if (isValidImageReference(existing)) {
      return {
        decision: { value: existing, source: config?.image ? config.file : config!.compose!.files.at(-1)!, reason: 'the image your configuration already uses, kept as the base of the Dockerfile' },
        fromConfiguration: true,
      };
    }
    // Most often a ${localEnv:...} variable, which only the Dev Container CLI can resolve: a
    // Dockerfile cannot start FROM it, and replacing it silently would lose it.
    diagnostics.push({
      level: 'error',
      code: 'existing-image-unusable',
      message: `the image ${JSON.stringify(existing)} is not a plain image reference, so it cannot become the base of a Dockerfile`,
      file: config!.file,
      hint: 'pass --base-image with the image to build on; your "image" is then replaced by "build"',
    });
    return undefined;
  }
  // A Dockerfile this tool wrote keeps the base it was given (perhaps the user's image, moved there).
  const own = facts.devcontainer?.config?.dockerfile ?? facts.devcontainer?.config?.compose?.dockerfile;
  if (option === undefined && own?.baseImageArg && isUneditedOutput(facts, own) && isValidImageReference(own.baseImageArg)) {
    return { decision: { value: own.baseImageArg, source: `${own.file} (ARG BASE_IMAGE)`, reason: 'kept from the Dockerfile gen-devcontainer wrote earlier' }, fromConfiguration: true };
  }
  const stage = dockerfile?.stage;
  if (stage) {
    const which = stage.targeted ? `stage ${stage.name} (build.target)` : `last stage${stage.name.startsWith('#') ? '' : ` (${stage.name})`}`;
    const through = stage.chain.length > 1 ? `, through stage ${stage.chain.slice(1).join(', then stage ')}` : '';
    const source = `${dockerfile!.file} line ${stage.from.line}`;
    if (stage.image !== undefined && isValidImageReference(stage.image)) {
      return {
        decision: {
          value: stage.image,
          source,
          reason: `the image your Dockerfile's ${which} starts from${through}: ${stage.from.written}${stage.from.written.includes('$') ? ', with the values its ARG defaults and build.args give' : ''}. The uv set-up goes in a block at the end of ${stage.name.startsWith('#') ? 'that stage' : `stage ${stage.name}`}, and the FROM stays yours`,
        },
        fromConfiguration: true,
      };
    }
    return {
      decision: {
        value: stage.from.image,
        source,
        reason: `your Dockerfile's ${which} starts from${through}: ${stage.from.written}, ${stage.image === undefined ? `which is decided at build time: ${stage.unresolved}` : 'which is not an image reference gen-devcontainer can read'}. Nothing is assumed about that image (its Python, its users)`,
      },
      fromConfiguration: true,
    };
  }
  if (option === undefined) {
    return {
      decision: { value: DEFAULT_BASE_IMAGE, source: 'default', reason: 'Debian with git, sudo and a non-root vscode user; Python comes from uv onto the volume, so no Python image is needed' },
      fromConfiguration: false,
    };
  }
  if (!isValidImageReference(option)) {
    diagnostics.push({
      level: 'error',
      code: 'option-base-image-invalid',
      message: `--base-image ${JSON.stringify(option)} is not a valid image reference`,
      hint: 'write it as Docker does, e.g. debian:trixie-slim or ghcr.io/org/image:tag',
    });
    return undefined;
  }
  return { decision: { value: option, source: '--base-image', reason: 'asked for on the command line; it needs a POSIX shell and useradd or adduser' }, fromConfiguration: false };
}
