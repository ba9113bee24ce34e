import type { Fact, RepoFacts } from '../analyze/facts.js';
import type { Diagnostic } from '../diagnostics.js';
import { compareVersions, parseSpecifierSet, parseVersion, type Specifier, satisfies } from '../versions/pep440.js';
import { DEFAULT_UV_VERSION, MINIMUM_UV_VERSION, UV_IMAGE_REPOSITORY } from './tables.js';
import type { Decision } from './types.js';
import { lineNewest, NEWEST_KNOWN_UV, uvReleaseStatus, uvReleases } from './uv-capabilities.js';

const TOO_OLD = `uv older than ${MINIMUM_UV_VERSION} ignores UV_PROJECT_ENVIRONMENT and would build .venv in the bind-mounted workspace, copying every package`;

/**
 * The `tool.uv.required-version` uv applies in this folder: in a workspace member, the workspace
 * root's, and never the member's own (analyze/facts.ts, SurroundingsFacts, cites uv's documentation).
 */
export function requiredUvVersion(facts: RepoFacts): Fact<string> | undefined {
  const member = facts.surroundings?.workspace;
  return member ? member.requiredVersion : facts.pyproject?.uv.requiredVersion;
}

/** A workspace member's own `tool.uv.required-version`, which uv ignores: said once, whichever way the plan then picks its uv. */
export function ignoredRequiredVersion(facts: RepoFacts): Diagnostic[] {
  const member = facts.surroundings?.workspace;
  const ignored = member ? facts.pyproject?.uv.requiredVersion : undefined;
  if (!member || !ignored) return [];
  return [
    {
      level: 'warning',
      code: 'member-required-version-ignored',
      message: `tool.uv.required-version in this workspace member is ignored by uv, which reads its settings from the workspace root (${member.file})${member.requiredVersion ? `, whose ${JSON.stringify(member.requiredVersion.value)} applies` : ', which sets none'}`,
      file: ignored.file,
      line: ignored.line,
      hint: `move it to ${member.file}, or delete it here`,
    },
  ];
}

/**
 * The uv in the image must exist (the build pulls `ghcr.io/astral-sh/uv:<version>`, which is the
 * same number as the PyPI release), must read the variables the plan sets, and must be one the
 * project accepts (`tool.uv.required-version`), or every uv command in the container fails.
 */
export function resolveUvVersion(facts: RepoFacts, option: string | undefined, diagnostics: Diagnostic[]): Decision<string> | undefined {
  const builds = uvBuildRanges(facts);
  const decision = resolveWithinRequiredVersion(facts, option, builds, diagnostics);
  if (decision) warnOutsideBuildRanges(decision.value, decision.source === 'default' ? 'the pinned default' : decision.source, builds, diagnostics);
  return decision;
}

function resolveWithinRequiredVersion(facts: RepoFacts, option: string | undefined, builds: BuildRange[], diagnostics: Diagnostic[]): Decision<string> | undefined {
  const required = requiredUvVersion(facts);
  let specifiers: Specifier[] | undefined;
  if (required) {
    const parsed = parseSpecifierSet(required.value);
    if (parsed.ok) specifiers = parsed.specifiers;
    else {
      diagnostics.push({
        level: 'error',
        code: 'uv-required-version-invalid',
        message: `tool.uv.required-version is not a valid version specifier: ${parsed.error}`,
        file: required.file,
        line: required.line,
        hint: 'write it as a PEP 440 specifier, e.g. ">=0.8"; uv itself rejects this value too',
      });
      return undefined;
    }
  }
  const requiredText = required ? `tool.uv.required-version ${JSON.stringify(required.value)}` : '';

  if (option !== undefined) {
    if (!/^\d+\.\d+\.\d+$/.test(option)) {
      diagnostics.push({
        level: 'error',
        code: 'option-uv-version-invalid',
        message: `--uv-version ${JSON.stringify(option)} is not a uv release number`,
        hint: `give a full version such as ${DEFAULT_UV_VERSION}`,
      });
      return undefined;
    }
    if (!releaseExists(option, '--uv-version', diagnostics)) return undefined;
    if (specifiers && !satisfies(option, specifiers)) {
      const suggestion = newestSatisfying(specifiers);
      diagnostics.push({
        level: 'error',
        code: 'uv-version-rejected-by-project',
        message: `uv ${option} (from --uv-version) does not satisfy ${requiredText}; uv would refuse to run on this project`,
        file: required!.file,
        line: required!.line,
        hint: suggestion ? `use --uv-version ${suggestion}, or leave the option out` : 'change tool.uv.required-version, or leave the option out',
      });
      return undefined;
    }
    return { value: option, source: '--uv-version', reason: required ? `asked for on the command line; satisfies ${requiredText}` : 'asked for on the command line' };
  }

  const withinBuilds = newestWithinBuildRanges(specifiers, builds, requiredText);
  if (withinBuilds) return withinBuilds;
  if (!specifiers) {
    return {
      value: DEFAULT_UV_VERSION,
      source: 'default',
      reason: `the project does not constrain uv; ${DEFAULT_UV_VERSION} is the newest release this generator has seen on PyPI, pinned so that every rebuild gets the same uv`,
    };
  }
  if (satisfies(DEFAULT_UV_VERSION, specifiers)) {
    return { value: DEFAULT_UV_VERSION, source: required!.file, reason: `the pinned default satisfies ${requiredText}` };
  }
  const newest = newestSatisfying(specifiers);
  if (newest && releaseExists(newest, requiredText, diagnostics, required!)) {
    return { value: newest, source: required!.file, reason: `newest uv release that satisfies ${requiredText}` };
  }
  if (newest) return undefined;
  const onlyOlder = [...UV_RELEASE_LINES_BELOW_MINIMUM].some((v) => satisfies(v, specifiers!));
  diagnostics.push({
    level: 'error',
    code: 'uv-version-unsatisfiable',
    message: onlyOlder
      ? `${requiredText} allows only uv releases older than ${MINIMUM_UV_VERSION}: ${TOO_OLD}`
      : `no uv release known to this generator (up to ${NEWEST_KNOWN_UV}) satisfies ${requiredText}`,
    file: required!.file,
    line: required!.line,
    hint: onlyOlder ? `allow uv ${MINIMUM_UV_VERSION} or newer in tool.uv.required-version` : 'name the release with --uv-version X.Y.Z',
  });
  return undefined;
}

/** A sample of releases below the minimum, to tell "too old" from "none known" in messages. */
const UV_RELEASE_LINES_BELOW_MINIMUM = ['0.1.45', '0.2.37', '0.3.5', '0.4.3'];

/**
 * Refuses a version that is not a uv release (the image tag would not exist) or that is too old to
 * read the plan's variables; a release newer than this generator's table is allowed, with a warning.
 */
function releaseExists(version: string, source: string, diagnostics: Diagnostic[], at?: { file: string; line?: number }): boolean {
  // Pinned in the project: the diagnostic points at the line, and the fix is there too.
  const where = at ? { file: at.file, ...(at.line ? { line: at.line } : {}) } : {};
  const fixIn = at ? 'change tool.uv.required-version, or pass --uv-version; ' : '';
  switch (uvReleaseStatus(version)) {
    case 'release':
      return true;
    case 'too-old':
      diagnostics.push({
        level: 'error',
        code: 'uv-too-old',
        message: `uv ${version} (from ${source}) is too old: ${TOO_OLD}`,
        ...where,
        hint: `${fixIn}use uv ${MINIMUM_UV_VERSION} or newer; ${DEFAULT_UV_VERSION} is the default`,
      });
      return false;
    case 'newer-than-known':
      diagnostics.push({
        level: 'warning',
        code: 'uv-newer-than-known',
        message: `uv ${version} (from ${source}) is newer than any release this generator knows (${NEWEST_KNOWN_UV}); the build fails if ${UV_IMAGE_REPOSITORY}:${version} does not exist`,
        ...where,
        hint: 'a newer gen-devcontainer knows newer releases',
      });
      return true;
    case 'not-a-release': {
      const newest = lineNewest(version);
      diagnostics.push({
        level: 'error',
        code: 'uv-not-a-release',
        message: `uv ${version} (from ${source}) is not a uv release, so the image ${UV_IMAGE_REPOSITORY}:${version} does not exist`,
        ...where,
        hint: `${fixIn}${newest ? `the ${version.split('.').slice(0, 2).join('.')} line ends at ${newest}` : `releases run from ${MINIMUM_UV_VERSION} to ${NEWEST_KNOWN_UV}`}`,
      });
      return false;
    }
  }
}

/** Newest known release that satisfies, or the exact version an `==X.Y.Z` pins. */
function newestSatisfying(specifiers: Specifier[]): string | undefined {
  const known = uvReleases()
    .filter((v) => satisfies(v, specifiers))
    .sort((a, b) => compareVersions(parseVersion(a)!, parseVersion(b)!));
  if (known.length > 0) return known.at(-1);
  const exact = specifiers.find((s) => s.op === '==' && !s.wildcard && /^\d+\.\d+\.\d+$/.test(s.version));
  return exact && satisfies(exact.version, specifiers) ? exact.version : undefined;
}

/** The `uv_build` range of a project uv builds here (this folder's, or a workspace member's). */
interface BuildRange {
  fact: Fact<string>;
  specifiers: Specifier[];
}

/**
 * Every `build-system.requires` range of uv_build that uv checks in this folder: the project's own
 * and each workspace member's (`uv sync` builds each editable member). An unbounded one ("") allows
 * every uv, and one that is no valid specifier is uv's to report when it builds.
 */
function uvBuildRanges(facts: RepoFacts): BuildRange[] {
  const stated = [facts.pyproject?.uvBuild, ...(facts.workspace?.members ?? []).map((m) => m.uvBuild)];
  return stated.flatMap((fact) => {
    if (!fact || fact.value === '') return [];
    const parsed = parseSpecifierSet(fact.value);
    return parsed.ok ? [{ fact, specifiers: parsed.specifiers }] : [];
  });
}

const describeBuilds = (builds: BuildRange[]) => builds.map((b) => `${b.fact.file} build-system.requires uv_build${b.fact.value}`).join(', ');

/**
 * The newest uv release inside every uv_build range (and required-version), when the pinned default
 * is outside one: uv builds the project itself when it is the backend, and warns on every build
 * when its own version is outside the range (observed with uv 0.13.9 and `uv_build>=0.12.1,<0.13`:
 * "warning: `build_system.requires = ["uv-build>=0.12.1,<0.13"]` does not contain the current uv
 * version 0.13.9"; uv 0.12.24 builds it silently). Undefined when the default fits, or when no
 * known release fits them all (required-version then decides alone, with a warning below).
 */
function newestWithinBuildRanges(required: Specifier[] | undefined, builds: BuildRange[], requiredText: string): Decision<string> | undefined {
  if (builds.length === 0) return undefined;
  const all = [...(required ?? []), ...builds.flatMap((b) => b.specifiers)];
  if (satisfies(DEFAULT_UV_VERSION, all)) return undefined;
  const newest = uvReleases()
    .filter((v) => satisfies(v, all))
    .sort((a, b) => compareVersions(parseVersion(a)!, parseVersion(b)!))
    .at(-1);
  if (!newest) return undefined;
  return {
    value: newest,
    // The file whose range rules the default out: the one to change for another uv.
    source: (builds.find((b) => !satisfies(DEFAULT_UV_VERSION, b.specifiers)) ?? builds[0]!).fact.file,
    reason: `newest uv release within ${describeBuilds(builds)}${requiredText ? ` and ${requiredText}` : ''}: uv warns on every build of a project whose uv_build range leaves its own version out, and the pinned default ${DEFAULT_UV_VERSION} is outside it`,
  };
}

/** A uv the plan keeps from elsewhere (the user's Dockerfile installs it: user-uv-pin.ts) is held to the uv_build ranges the same way. */
export function warnIfOutsideBuildRanges(facts: RepoFacts, decision: Decision<string>, diagnostics: Diagnostic[]): void {
  warnOutsideBuildRanges(decision.value, decision.source, uvBuildRanges(facts), diagnostics);
}

/**
 * A uv outside a uv_build range is a warning, not an error as it is for required-version: uv
 * refuses to run outside required-version, but only warns outside uv_build's range and still
 * builds (crates/uv-build-backend/src/metadata.rs, `check_build_system`).
 */
function warnOutsideBuildRanges(version: string, from: string, builds: BuildRange[], diagnostics: Diagnostic[]): void {
  for (const build of builds.filter((b) => !satisfies(version, b.specifiers))) {
    const inside = uvReleases()
      .filter((v) => satisfies(v, build.specifiers))
      .at(-1);
    diagnostics.push({
      level: 'warning',
      code: 'uv-outside-uv-build-range',
      message: `uv ${version} (from ${from}) is outside ${build.fact.file}'s build-system.requires uv_build${build.fact.value}: uv warns "does not contain the current uv version" on every build of that project`,
      file: build.fact.file,
      ...(build.fact.line ? { line: build.fact.line } : {}),
      hint: inside ? `use uv ${inside} (--uv-version ${inside}), or widen the uv_build range to take uv ${version}` : `widen the uv_build range to take uv ${version}`,
    });
  }
}
