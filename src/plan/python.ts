import type { Fact, RepoFacts } from '../analyze/facts.js';
import type { Diagnostic } from '../diagnostics.js';
import { minorLineSatisfies, parseSpecifierSet, parseVersion, satisfies, type Specifier } from '../versions/pep440.js';
import { PYTHON_MINORS, RECOMMENDED_PYTHON_MINOR } from './tables.js';
import type { Decision } from './types.js';

export interface PythonChoice {
  decision: Decision<string>;
  /** True when the version comes from `.python-version`, which uv reads itself. */
  fromVersionFile: boolean;
}

/**
 * Order of precedence, as uv itself applies it: `--python`, then `.python-version`, then the
 * newest CPython minor that the project's `requires-python` allows, then the recommended minor.
 */
export function resolvePythonVersion(facts: RepoFacts, option: string | undefined, diagnostics: Diagnostic[]): PythonChoice | undefined {
  const requires = requiresPython(facts, diagnostics);

  if (option !== undefined) {
    const version = parseVersion(option);
    if (!version || !/^\d+\.\d+(\.\d+)?$/.test(option)) {
      diagnostics.push({ level: 'error', code: 'option-python-invalid', message: `--python ${JSON.stringify(option)} is not a Python version`, hint: 'give a version such as 3.12 or 3.12.7' });
      return undefined;
    }
    warnIfOutside(option, requires, '--python', diagnostics);
    const pinned = facts.pythonVersionFile?.request;
    if (pinned && pinned.value !== option) {
      diagnostics.push({ level: 'info', code: 'python-option-overrides-file', message: `--python ${option} overrides ${pinned.file} (${pinned.value}) in the container through UV_PYTHON`, file: pinned.file, line: pinned.line });
    }
    return { decision: { value: option, source: '--python', reason: 'asked for on the command line' }, fromVersionFile: false };
  }

  const file = facts.pythonVersionFile;
  if (file) {
    const request = file.request.value;
    const numeric = /^(?:cpython[-@]?)?(\d+\.\d+(?:\.\d+)?)$/i.exec(request)?.[1];
    if (numeric) warnIfOutside(numeric, requires, file.request.file, diagnostics);
    else {
      diagnostics.push({
        level: 'info',
        code: 'python-version-nonstandard',
        message: `.python-version asks for ${JSON.stringify(request)}; uv resolves it, and the generator does not check it against requires-python`,
        file: file.request.file,
        line: file.request.line,
      });
    }
    return {
      decision: { value: request, source: file.request.file, reason: `${file.request.file} pins it; uv reads that file itself, so the container follows it when it changes` },
      fromVersionFile: true,
    };
  }

  const runtime = facts.markers.runtimeTxt;
  if (runtime) {
    warnIfOutside(runtime.value, requires, runtime.file, diagnostics);
    return { decision: { value: runtime.value, source: runtime.file, reason: 'runtime.txt names it (python-X.Y), as platforms that read that file do' }, fromVersionFile: false };
  }

  if (requires) {
    const minor = newestMinorAllowed(requires.specifiers);
    if (!minor) {
      diagnostics.push({
        level: 'error',
        code: 'python-unsatisfiable',
        message: `no CPython release known to this generator satisfies requires-python ${JSON.stringify(requires.text)}`,
        file: requires.file,
        line: requires.line,
        hint: `fix requires-python, or pick a version with --python`,
      });
      return undefined;
    }
    const eol = PYTHON_MINORS.find((m) => m.minor === minor)?.status === 'end-of-life';
    if (eol) {
      diagnostics.push({ level: 'warning', code: 'python-end-of-life', message: `Python ${minor}, the newest that requires-python allows, is past its end of life`, file: requires.file, line: requires.line, hint: 'widen requires-python to a supported Python' });
    }
    return {
      decision: { value: minor, source: requires.file, reason: `newest CPython minor that requires-python ${JSON.stringify(requires.text)} allows` },
      fromVersionFile: false,
    };
  }

  return {
    decision: { value: RECOMMENDED_PYTHON_MINOR, source: 'default', reason: 'the project states no Python version; this is the newest CPython minor with broad wheel coverage' },
    fromVersionFile: false,
  };
}

interface RequiresPython {
  text: string;
  specifiers: Specifier[];
  file: string;
  line?: number;
}

function requiresPython(facts: RepoFacts, diagnostics: Diagnostic[]): RequiresPython | undefined {
  const fact = facts.pyproject?.requiresPython ?? facts.uvLock?.requiresPython ?? workspaceRequiresPython(facts);
  if (!fact) return undefined;
  const parsed = parseSpecifierSet(fact.value);
  if (!parsed.ok) {
    diagnostics.push({ level: 'warning', code: 'requires-python-invalid', message: `requires-python is not a valid version specifier: ${parsed.error}; it is ignored`, file: fact.file, line: fact.line, hint: 'write it as a PEP 440 specifier, e.g. ">=3.11"' });
    return undefined;
  }
  return { text: fact.value, specifiers: parsed.specifiers, file: fact.file, line: fact.line };
}

/** A virtual workspace root states none: uv takes what every member allows, the intersection. */
function workspaceRequiresPython(facts: RepoFacts): Fact<string> | undefined {
  const stated = (facts.workspace?.members ?? []).flatMap((m) => (m.requiresPython ? [m.requiresPython] : []));
  if (stated.length === 0) return undefined;
  return { value: stated.map((f) => f.value).join(', '), file: stated.map((f) => f.file).join(', ') };
}

/** Newest minor up to the recommended one; a newer minor only when nothing older is allowed. */
export function newestMinorAllowed(specifiers: Specifier[]): string | undefined {
  const allowed = PYTHON_MINORS.filter((m) => {
    const [major, minor] = m.minor.split('.').map(Number) as [number, number];
    return minorLineSatisfies(major, minor, specifiers);
  }).map((m) => m.minor);
  const recommendedIndex = PYTHON_MINORS.findIndex((m) => m.minor === RECOMMENDED_PYTHON_MINOR);
  const mature = allowed.filter((minor) => PYTHON_MINORS.findIndex((m) => m.minor === minor) <= recommendedIndex);
  return mature.at(-1) ?? allowed[0];
}

function warnIfOutside(version: string, requires: RequiresPython | undefined, source: string, diagnostics: Diagnostic[]): void {
  if (!requires) return;
  const [major, minor, patch] = version.split('.').map(Number) as [number, number, number | undefined];
  const ok = patch === undefined ? minorLineSatisfies(major, minor, requires.specifiers) : satisfies(version, requires.specifiers);
  if (!ok) {
    diagnostics.push({
      level: 'warning',
      code: 'python-outside-requires-python',
      message: `Python ${version} (from ${source}) does not satisfy requires-python ${JSON.stringify(requires.text)}; uv sync will refuse it`,
      file: requires.file,
      line: requires.line,
      hint: `pick a Python that requires-python allows, or change requires-python`,
    });
  }
}
