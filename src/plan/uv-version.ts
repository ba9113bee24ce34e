import type { RepoFacts } from '../analyze/facts.js';
import type { Diagnostic } from '../diagnostics.js';
import { compareVersions, parseSpecifierSet, parseVersion, satisfies, type Specifier } from '../versions/pep440.js';
import { DEFAULT_UV_VERSION, UV_RELEASES } from './tables.js';
import type { Decision } from './types.js';

/**
 * The uv in the image must be one the project accepts (`tool.uv.required-version`), or every uv
 * command in the container exits with an error.
 */
export function resolveUvVersion(facts: RepoFacts, option: string | undefined, diagnostics: Diagnostic[]): Decision<string> | undefined {
  const decision = chooseUvVersion(facts, option, diagnostics);
  const oldest = UV_RELEASES[0]!;
  if (decision && compareVersions(parseVersion(decision.value)!, parseVersion(oldest)!) < 0) {
    diagnostics.push({ level: 'warning', code: 'uv-very-old', message: `uv ${decision.value} is older than any release this generator knows (${oldest}); it may ignore some variables the plan sets (UV_PYTHON_BIN_DIR, UV_PYTHON_CACHE_DIR)`, hint: 'the in-container check still shows whether cache and environment share a mount' });
  }
  return decision;
}

function chooseUvVersion(facts: RepoFacts, option: string | undefined, diagnostics: Diagnostic[]): Decision<string> | undefined {
  const required = facts.pyproject?.uv.requiredVersion;
  let specifiers: Specifier[] | undefined;
  if (required) {
    const parsed = parseSpecifierSet(required.value);
    if (parsed.ok) specifiers = parsed.specifiers;
    else {
      diagnostics.push({ level: 'error', code: 'uv-required-version-invalid', message: `tool.uv.required-version is not a valid version specifier: ${parsed.error}`, file: required.file, line: required.line, hint: 'write it as a PEP 440 specifier, e.g. ">=0.8"; uv itself rejects this value too' });
      return undefined;
    }
  }
  const requiredText = required ? `tool.uv.required-version ${JSON.stringify(required.value)}` : '';

  if (option !== undefined) {
    if (!/^\d+\.\d+\.\d+$/.test(option)) {
      diagnostics.push({ level: 'error', code: 'option-uv-version-invalid', message: `--uv-version ${JSON.stringify(option)} is not a uv release number`, hint: `give a full version such as ${DEFAULT_UV_VERSION}` });
      return undefined;
    }
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

  if (!specifiers) {
    return { value: DEFAULT_UV_VERSION, source: 'default', reason: 'the project does not constrain uv; pinned so that every rebuild gets the same uv' };
  }
  if (satisfies(DEFAULT_UV_VERSION, specifiers)) {
    return { value: DEFAULT_UV_VERSION, source: required!.file, reason: `the pinned default satisfies ${requiredText}` };
  }
  const newest = newestSatisfying(specifiers);
  if (newest) {
    return { value: newest, source: required!.file, reason: `newest known uv release that satisfies ${requiredText}` };
  }
  diagnostics.push({
    level: 'error',
    code: 'uv-version-unsatisfiable',
    message: `no uv release known to this generator satisfies ${requiredText}`,
    file: required!.file,
    line: required!.line,
    hint: 'name the release with --uv-version X.Y.Z',
  });
  return undefined;
}

/** Newest known release that satisfies, or the exact version an `==X.Y.Z` pins. */
function newestSatisfying(specifiers: Specifier[]): string | undefined {
  const known = [...UV_RELEASES]
    .filter((v) => satisfies(v, specifiers))
    .sort((a, b) => compareVersions(parseVersion(a)!, parseVersion(b)!));
  if (known.length > 0) return known.at(-1);
  const exact = specifiers.find((s) => s.op === '==' && !s.wildcard && /^\d+\.\d+\.\d+$/.test(s.version));
  return exact && satisfies(exact.version, specifiers) ? exact.version : undefined;
}
