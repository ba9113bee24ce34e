import type { RepoFacts } from '../analyze/facts.js';
import type { Diagnostic } from '../diagnostics.js';
import { PINNED_UV_BIN } from './tables.js';
import type { CorePlan } from './types.js';

/** Where a PATH can be set that outranks the image's ENV PATH, and how each refers to the image's. */
const PLACES: Partial<Record<string, { words: string; image: RegExp }>> = {
  // The Dev Container CLI substitutes ${containerEnv:PATH} in remoteEnv (the image's PATH, with the block's folders first).
  remoteEnv: { words: 'remoteEnv', image: /^\$\{containerEnv:PATH(:[^}]*)?\}$/ },
  // docker run -e: a literal value; ${localEnv:PATH} would be the host's.
  containerEnv: { words: 'containerEnv', image: /^$/ },
  // Compose interpolates $PATH from the host's environment, not the image's.
  'compose-environment': { words: "the Compose service's environment", image: /^$/ },
  'compose-env-file': { words: 'an env_file of the Compose service', image: /^$/ },
};

/**
 * The pinned uv is the one that runs because the block puts its folder first on the image's PATH
 * (templates/dockerfile-block.hbs). Two things the Dockerfile cannot order come later and can undo
 * that: a PATH of the user's in containerEnv, remoteEnv or Compose (which replaces the image's, or
 * puts folders before it), and a devcontainers feature that installs uv (features are built on the
 * image, and a feature's containerEnv becomes an ENV of that layer, so a PATH it sets goes before
 * the image's: `#{containerEnv}` in the feature Dockerfile of @devcontainers/cli 0.89.0,
 * dist/spec-node/devContainersSpecCLI.js). Each is named, with the fix; the in-container check
 * compares `uv --version` with the pinned release whatever the cause.
 */
export function reportOtherUvOnPath(plan: CorePlan, facts: RepoFacts, diagnostics: Diagnostic[]): void {
  const version = plan.uv.version.value;
  const ours = new Set([PINNED_UV_BIN, ...plan.pathPrepend.value, `${plan.environment.path}/bin`]);
  const target = plan.volume.target.value;
  for (const s of facts.userUvSettings?.settings ?? []) {
    const place = PLACES[s.place];
    if (s.name !== 'PATH' || s.tool || !place) continue;
    // A `:` inside `${containerEnv:PATH}` separates nothing.
    const entries = s.value.split(/:(?![^{]*\})/).map((e) => e.replace(/\/+$/, ''));
    const image = entries.findIndex((e) => e !== '' && place.image.test(e));
    const before = (image === -1 ? entries : entries.slice(0, image)).filter((e) => e !== '' && !ours.has(e) && !e.startsWith(`${target}/`));
    if (entries[0] === PINNED_UV_BIN || (image !== -1 && before.length === 0)) continue;
    diagnostics.push({
      level: 'warning',
      code: 'path-before-pinned-uv',
      message:
        image === -1
          ? `${place.words} sets PATH=${s.value}, which replaces the image's PATH: the pinned uv ${version} (${PINNED_UV_BIN}) is no longer first, and a uv in ${before.join(', ') || 'its folders'} runs instead`
          : `${place.words} sets PATH=${s.value}: ${before.join(', ')} come before the image's PATH, where the pinned uv ${version} is first (${PINNED_UV_BIN}), so a uv there runs instead`,
      file: s.file,
      line: s.line,
      hint: `start that PATH with ${PINNED_UV_BIN}, or remove it; the in-container check's "uv" line compares \`uv --version\` with ${version}`,
    });
  }
  for (const feature of facts.keptSettings?.uvFeatures ?? []) {
    diagnostics.push({
      level: 'warning',
      code: 'uv-feature',
      message: `the feature ${feature.id} installs a uv of its own when the container is built, after the Dockerfile, which already installs uv ${version}: the feature's may be another release, and a PATH the feature sets comes before the image's`,
      file: feature.file,
      line: feature.line,
      hint: `remove the feature: the Dockerfile puts uv ${version} first on PATH; the in-container check's "uv" line compares \`uv --version\` with ${version}`,
    });
  }
}
