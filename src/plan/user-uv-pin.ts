import type { RepoFacts, UserUvPin } from '../analyze/facts.js';
import type { Diagnostic } from '../diagnostics.js';
import { parseSpecifierSet, satisfies } from '../versions/pep440.js';
import { MINIMUM_UV_VERSION, PINNED_UV_BIN } from './tables.js';
import type { Decision } from './types.js';
import { uvReleaseStatus } from './uv-capabilities.js';
import { requiredUvVersion } from './uv-version.js';

/** Where the generated block puts uv (templates/dockerfile-block.hbs). */
const BLOCK_UV = `${PINNED_UV_BIN}/uv`;

/**
 * A uv the user's Dockerfile already installs, in the stages the container runs. Pinned to one
 * release that exists and that the project accepts, it is the plan's uv (unless --uv-version says
 * otherwise): the block then copies the same uv, and the image holds one version, not two. Anything
 * else (no version, two versions, one uv would refuse) is a warning that says which uv wins.
 */
export function adoptUvPin(facts: RepoFacts, option: string | undefined, diagnostics: Diagnostic[]): Decision<string> | undefined {
  const pins = facts.userUvSettings?.pins ?? [];
  if (pins.length === 0) return undefined;
  const described = (p: UserUvPin) => `${p.how}${p.version ? ` uv ${p.version}` : ' uv'} into ${p.where}`;
  for (const pin of pins.filter((p) => p.version === undefined)) {
    diagnostics.push({
      level: 'warning',
      code: 'uv-unpinned-in-dockerfile',
      message: `${pin.file} line ${pin.line} installs uv without a version (${described(pin)}), so each rebuild may get another uv; the uv block also copies a pinned uv to ${BLOCK_UV}, first on PATH, and the image then holds two`,
      file: pin.file,
      line: pin.line,
      hint: 'remove that line (the block installs uv), or pin it to the version `gen-devcontainer plan` shows; gen-devcontainer then keeps yours',
    });
  }
  const pinned = pins.filter((p) => p.version !== undefined);
  if (pinned.length === 0) return undefined;
  const versions = [...new Set(pinned.map((p) => p.version!))];
  if (option !== undefined) {
    for (const pin of pinned.filter((p) => p.version !== option)) {
      diagnostics.push({
        level: 'warning',
        code: 'uv-pin-differs',
        message: `${pin.file} line ${pin.line} installs uv ${pin.version} (${described(pin)}), and --uv-version asks for ${option}: the block copies uv ${option} to ${BLOCK_UV}, so the image holds both`,
        file: pin.file,
        line: pin.line,
        hint: `drop --uv-version to keep uv ${pin.version}, or change that line to ${option}`,
      });
    }
    return undefined;
  }
  if (versions.length > 1) {
    const first = pinned[0]!;
    diagnostics.push({
      level: 'warning',
      code: 'uv-pins-disagree',
      message: `${first.file} installs ${versions.length} uv versions (${pinned.map((p) => `${p.version} at line ${p.line}`).join(', ')}); gen-devcontainer keeps none of them`,
      file: first.file,
      line: first.line,
      hint: 'install one uv, then run again (or pass --uv-version)',
    });
    return undefined;
  }
  const pin = pinned.at(-1)!;
  const version = pin.version!;
  const status = uvReleaseStatus(version);
  const unusable =
    status === 'too-old'
      ? `older than ${MINIMUM_UV_VERSION}, which ignores UV_PROJECT_ENVIRONMENT`
      : status === 'not-a-release'
        ? 'not a uv release'
        : !acceptedByProject(facts, version)
          ? `refused by tool.uv.required-version ${JSON.stringify(requiredUvVersion(facts)!.value)} (${requiredUvVersion(facts)!.file})`
          : undefined;
  if (unusable) {
    diagnostics.push({
      level: 'warning',
      code: 'uv-pin-unusable',
      message: `${pin.file} line ${pin.line} installs uv ${version} (${described(pin)}), which is ${unusable}; the plan does not keep it, and the block copies its own uv to ${BLOCK_UV}, so the image holds two`,
      file: pin.file,
      line: pin.line,
      hint: 'change that line to the uv `gen-devcontainer plan` shows, or remove it',
    });
    return undefined;
  }
  return {
    value: version,
    source: `${pin.file}:${pin.line}`,
    reason: `your Dockerfile already installs uv ${version} (${described(pin)}): kept, so the uv block copies the same release and every uv in the image is one version${status === 'newer-than-known' ? ' (newer than any release this generator knows; the build fails if its image does not exist)' : ''}`,
  };
}

function acceptedByProject(facts: RepoFacts, version: string): boolean {
  const required = requiredUvVersion(facts);
  if (!required) return true;
  const parsed = parseSpecifierSet(required.value);
  // An invalid specifier is not kept either: resolveUvVersion then reports it.
  return parsed.ok && satisfies(version, parsed.specifiers);
}
