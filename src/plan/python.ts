import type { Fact, RepoFacts } from '../analyze/facts.js';
import type { Diagnostic } from '../diagnostics.js';
import { minorLineSatisfies, parseSpecifierSet, parseVersion, type Specifier, satisfies } from '../versions/pep440.js';
import { describeGap, lockWheels, warnIfLockLacksWheels } from './python-wheels.js';
import { PYTHON_MINORS, RECOMMENDED_PYTHON_MINOR } from './tables.js';
import type { Decision } from './types.js';
import { firstUvWithPython, hasStablePython, observedUvWithPython, patchAvailability } from './uv-capabilities.js';

/** The Python a base image ships (image-facts.ts), as a signal of what the configuration runs. */
export interface ImagePython {
  minor: string;
  image: string;
  /** Where the image was named (devcontainer.json, a Dockerfile line). */
  source: string;
}

/** The version alone, as resolvePythonVersion finds it; python-choice.ts adds where it comes from. */
export interface PythonVersion {
  decision: Decision<string>;
  /** True when the version comes from `.python-version`, which uv reads itself. */
  fromVersionFile: boolean;
}

/**
 * Order of precedence, as uv itself applies it: `--python`, then `.python-version`, then the
 * newest CPython minor that the project's `requires-python` allows, then the recommended minor.
 * Before requires-python: `runtime.txt`, then the Python of the user's own image (`image`), which
 * uv finds itself when the environment is made with it.
 *
 * `uv` is the pinned uv when it is to download the interpreter: then only a Python it has a stable
 * build of is chosen, and an explicit request it cannot meet is an error (uv would otherwise fail,
 * or quietly install a release candidate). Undefined when the interpreter comes from the image.
 * `served`: the version the image serves when chosen (its own minor), which uv then never downloads:
 * a request for exactly it is not checked against `uv`.
 */
export function resolvePythonVersion(facts: RepoFacts, option: string | undefined, diagnostics: Diagnostic[], uv?: string, image?: ImagePython, served?: string): PythonVersion | undefined {
  const r = resolving(facts, diagnostics, uv, served);
  if (option !== undefined) return fromOption(r, option);
  if (facts.pythonVersionFile) return fromVersionFile(r, facts.pythonVersionFile);
  const runtime = facts.markers.runtimeTxt;
  if (runtime) {
    warnIfOutside(runtime.value, r.requires, runtime.file, diagnostics);
    if (!r.installable(runtime.value, runtime.file, runtime)) return undefined;
    r.lacksWheels(runtime.value, runtime.file);
    return { decision: { value: runtime.value, source: runtime.file, reason: 'runtime.txt names it (python-X.Y), as platforms that read that file do' }, fromVersionFile: false };
  }

  // The Python of the user's own image, when nothing above names one: the configuration already runs it.
  const fromImage = image ? imageVersion(r, image) : undefined;
  if (fromImage) return fromImage;
  if (r.requires) return newestAllowed(r, r.requires);
  const fallback = uv === undefined || hasStablePython(uv, RECOMMENDED_PYTHON_MINOR) ? RECOMMENDED_PYTHON_MINOR : newestMinorAllowed([], uv);
  return {
    decision: {
      value: fallback!,
      source: 'default',
      reason:
        fallback === RECOMMENDED_PYTHON_MINOR
          ? 'the project states no Python version; this is the newest CPython minor with broad wheel coverage'
          : `the project states no Python version; ${RECOMMENDED_PYTHON_MINOR} would be the default, but uv ${uv} has no stable build of it, so the newest it has`,
    },
    fromVersionFile: false,
  };
}

/** What every source of a version is checked with, worked out once. */
interface Resolving {
  facts: RepoFacts;
  requires: RequiresPython | undefined;
  lock: ReturnType<typeof lockWheels>;
  allowed: string[];
  newestCovered: string | undefined;
  lacksWheels: (version: string, source: string) => void;
  installable: (version: string, source: string, at?: { file?: string; line?: number }, chosen?: string) => boolean;
  uv: string | undefined;
  diagnostics: Diagnostic[];
}

function resolving(facts: RepoFacts, diagnostics: Diagnostic[], uv: string | undefined, served: string | undefined): Resolving {
  const requires = requiresPython(facts, diagnostics);
  const lock = lockWheels(facts);
  // The minors requires-python allows and uv can install, worked out once (each test is 51 patches).
  const allowed = allowedMinors(requires?.specifiers ?? [], uv);
  // The newest Python every locked package has wheels for: what a warning about another one suggests.
  const newestCovered = lock ? preferredMinor(allowed.filter((minor) => !lock.gap(minor))) : undefined;
  const lacksWheels = (version: string, source: string) => warnIfLockLacksWheels(version, source, lock, newestCovered, diagnostics);
  const installable = (version: string, source: string, at?: { file?: string; line?: number }, chosen = version) =>
    uv === undefined || chosen === served || uvCanInstall(uv, version, source, at ?? {}, diagnostics);
  return { facts, requires, lock, allowed, newestCovered, lacksWheels, installable, uv, diagnostics };
}

function fromOption({ facts, requires, lacksWheels, installable, diagnostics }: Resolving, option: string): PythonVersion | undefined {
  const version = parseVersion(option);
  if (!version || !/^\d+\.\d+(\.\d+)?$/.test(option)) {
    diagnostics.push({ level: 'error', code: 'option-python-invalid', message: `--python ${JSON.stringify(option)} is not a Python version`, hint: 'give a version such as 3.12 or 3.12.7' });
    return undefined;
  }
  warnIfOutside(option, requires, '--python', diagnostics);
  if (!installable(option, '--python')) return undefined;
  lacksWheels(option, '--python');
  const pinned = facts.pythonVersionFile?.request;
  if (pinned && pinned.value !== option) {
    diagnostics.push({
      level: 'info',
      code: 'python-option-overrides-file',
      message: `--python ${option} overrides ${pinned.file} (${pinned.value}) in the container through UV_PYTHON`,
      file: pinned.file,
      line: pinned.line,
    });
  }
  return { decision: { value: option, source: '--python', reason: 'asked for on the command line' }, fromVersionFile: false };
}

function fromVersionFile({ requires, lacksWheels, installable, diagnostics }: Resolving, file: NonNullable<RepoFacts['pythonVersionFile']>): PythonVersion | undefined {
  const request = file.request.value;
  if (/[\u0000-\u001f\u007f-\u009f]/.test(request)) {
    diagnostics.push({
      level: 'error',
      code: 'python-version-invalid',
      message: `${file.request.file} asks for ${JSON.stringify(request)}, which holds control characters: no Python is named so`,
      file: file.request.file,
      line: file.request.line,
      hint: 'write a version such as 3.12 on that line',
    });
    return undefined;
  }
  const numeric = /^(?:cpython[-@]?)?(\d+\.\d+(?:\.\d+)?)$/i.exec(request)?.[1];
  if (numeric) {
    warnIfOutside(numeric, requires, file.request.file, diagnostics);
    if (!installable(numeric, file.request.file, file.request, request)) return undefined;
    lacksWheels(numeric, file.request.file);
  } else {
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

/** The image's own Python, when requires-python allows it (undefined otherwise, with a warning). */
function imageVersion({ requires, lacksWheels, diagnostics }: Resolving, image: ImagePython): PythonVersion | undefined {
  const [major, minor] = image.minor.split('.').map(Number) as [number, number];
  if (!requires || minorLineSatisfies(major, minor, requires.specifiers)) {
    lacksWheels(image.minor, `the image ${image.image}`);
    return {
      decision: {
        value: image.minor,
        source: image.source,
        reason: `the Python your image ${image.image} ships; the project names no version of its own (no .python-version or runtime.txt)${requires ? ` and requires-python ${JSON.stringify(requires.text)} allows it` : ''}, so the container uses the image's instead of another one uv would download`,
      },
      fromVersionFile: false,
    };
  }
  diagnostics.push({
    level: 'warning',
    code: 'image-python-outside-requires-python',
    message: `${image.image} ships Python ${image.minor}, which requires-python ${JSON.stringify(requires.text)} does not allow: uv installs another Python onto the volume`,
    file: requires.file,
    line: requires.line,
    hint: 'build on an image with a Python that requires-python allows, or widen requires-python',
  });

  return undefined;
}

/** The newest minor requires-python allows (and the pinned uv has, and the lock has wheels for). */
function newestAllowed({ lock, allowed, newestCovered, uv, diagnostics }: Resolving, requires: RequiresPython): PythonVersion | undefined {
  const newest = preferredMinor(allowed);
  if (!newest) {
    const anyUv = newestMinorAllowed(requires.specifiers);
    diagnostics.push({
      level: 'error',
      code: 'python-unsatisfiable',
      message: anyUv
        ? `requires-python ${JSON.stringify(requires.text)} allows only Python ${anyUv} or newer, and uv ${uv} has no stable build of it`
        : `no CPython release known to this generator satisfies requires-python ${JSON.stringify(requires.text)}`,
      file: requires.file,
      line: requires.line,
      hint: anyUv ? `pin uv ${firstUvWithPython(anyUv) ?? 'a newer release'} or newer, or use a Python image (--python-from image)` : `fix requires-python, or pick a version with --python`,
    });
    return undefined;
  }
  // The newest the locked packages all have wheels for; with none, the newest allowed, and a warning.
  const minor = lock ? (newestCovered ?? newest) : newest;
  if (lock && !newestCovered) {
    const gap = lock.gap(newest)!;
    diagnostics.push({
      level: 'warning',
      code: 'python-no-locked-wheels',
      message: `no Python that requires-python ${JSON.stringify(requires.text)} allows${uv ? ` and uv ${uv} can install` : ''} has a wheel of every package in ${lock.file}; Python ${newest} is chosen, and uv builds from source what has none: ${describeGap(gap)}`,
      file: lock.file,
      line: gap.first.line,
      hint: `upgrade the package (uv lock --upgrade-package ${gap.first.name}), or pin the Python the lock was made for in .python-version`,
    });
  }
  // The allowed minor just above the chosen one: its missing wheels held the choice back.
  const heldBack = minor !== newest ? lock?.gap(allowed[allowed.indexOf(minor) + 1] ?? newest) : undefined;
  const eol = PYTHON_MINORS.find((m) => m.minor === minor)?.status === 'end-of-life';
  if (eol) {
    diagnostics.push({
      level: 'warning',
      code: 'python-end-of-life',
      message: `Python ${minor}, the newest that requires-python allows${heldBack ? ` and every locked package has wheels for` : ''}, is past its end of life`,
      file: requires.file,
      line: requires.line,
      hint: heldBack
        ? `upgrade the locked packages that hold it back (uv lock --upgrade-package ${heldBack.first.name}), and widen requires-python to a supported Python if it excludes one`
        : 'widen requires-python to a supported Python',
    });
  }
  const limited = uv !== undefined && newest !== newestMinorAllowed(requires.specifiers);
  return {
    decision: {
      value: minor,
      source: requires.file,
      reason: `newest CPython minor that requires-python ${JSON.stringify(requires.text)} allows${limited ? ` and uv ${uv} has a stable build of` : ''}${heldBack ? ` and every package in ${lock!.file} has a wheel for (Linux, x86_64 and aarch64): ${describeGap(heldBack)}, so uv would build it from source there` : ''}`,
    },
    fromVersionFile: false,
  };
}

/**
 * Whether uv can download a stable build of `version` (X.Y or X.Y.Z): uv asked for a minor it has
 * only pre-releases of installs the pre-release, and one it lacks fails `uv sync`.
 */
function uvCanInstall(uv: string, version: string, source: string, at: { file?: string; line?: number }, diagnostics: Diagnostic[]): boolean {
  const [major, minorNumber, patch] = version.split('.');
  const minor = `${major}.${minorNumber}`;
  const where = { ...(at.file ? { file: at.file } : {}), ...(at.line ? { line: at.line } : {}) };
  if (!hasStablePython(uv, minor)) {
    const first = firstUvWithPython(minor);
    const withPython = observedUvWithPython(minor);
    diagnostics.push({
      level: 'error',
      code: 'python-not-installable',
      message: `Python ${version} (from ${source}) cannot be installed by uv ${uv}: it has no stable build of CPython ${minor}${first ? ` (uv ${first} is the first that has one)` : ''}`,
      ...where,
      hint: first
        ? `pin uv ${first} or newer (--uv-version, or tool.uv.required-version), ask for an older Python, or use a Python image (--python-from image)`
        : withPython.length > 0
          ? `ask for a newer Python, pin a uv that had it (seen in uv ${withPython.join(', ')}), or use a Python image that has it (--python-from image)`
          : 'ask for another Python, or use a Python image that has it (--python-from image)',
    });
    return false;
  }
  if (patch === undefined) return true;
  const availability = patchAvailability(uv, version);
  if (availability === 'no') {
    diagnostics.push({
      level: 'error',
      code: 'python-not-installable',
      message: `Python ${version} (from ${source}) is newer than any CPython ${minor} build uv ${uv} can download`,
      ...where,
      hint: `ask for ${minor} (uv picks its newest patch), or pin a newer uv`,
    });
    return false;
  }
  if (availability === 'maybe') {
    diagnostics.push({
      level: 'warning',
      code: 'python-patch-unverified',
      message: `Python ${version} (from ${source}): the generator cannot tell whether uv ${uv} has this patch release (the newest uv of its line has it)`,
      ...where,
      hint: `ask for ${minor}, or pin the newest uv of the line`,
    });
  }
  return true;
}

interface RequiresPython {
  text: string;
  specifiers: Specifier[];
  file: string;
  line?: number;
}

function requiresPython(facts: RepoFacts, diagnostics: Diagnostic[]): RequiresPython | undefined {
  // A workspace member is synced within what the whole workspace allows, which its lock records.
  const fact = facts.surroundings?.workspace?.lock?.requiresPython ?? facts.pyproject?.requiresPython ?? facts.uvLock?.requiresPython ?? workspaceRequiresPython(facts);
  if (!fact) return undefined;
  const parsed = parseSpecifierSet(fact.value, { strict: true });
  if (!parsed.ok) {
    diagnostics.push({
      level: 'warning',
      code: 'requires-python-invalid',
      message: `requires-python is not a valid version specifier: ${parsed.error}; it is ignored`,
      file: fact.file,
      line: fact.line,
      hint: 'write it as a PEP 440 specifier, e.g. ">=3.11"',
    });
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

/**
 * Newest minor up to the recommended one; a newer minor only when nothing older is allowed. With
 * `uv`, only minors that uv has a stable build of.
 */
export function newestMinorAllowed(specifiers: Specifier[], uv?: string, accept: (minor: string) => boolean = () => true): string | undefined {
  return preferredMinor(allowedMinors(specifiers, uv).filter(accept));
}

/** Of the allowed minors (oldest first), the newest up to the recommended one, else the oldest newer one. */
function preferredMinor(allowed: string[]): string | undefined {
  const recommendedIndex = PYTHON_MINORS.findIndex((m) => m.minor === RECOMMENDED_PYTHON_MINOR);
  const mature = allowed.filter((minor) => PYTHON_MINORS.findIndex((m) => m.minor === minor) <= recommendedIndex);
  return mature.at(-1) ?? allowed[0];
}

/** The known minors that the specifiers allow and (with `uv`) that uv has a stable build of, oldest first. */
function allowedMinors(specifiers: Specifier[], uv?: string): string[] {
  return PYTHON_MINORS.filter((m) => {
    const [major, minor] = m.minor.split('.').map(Number) as [number, number];
    return minorLineSatisfies(major, minor, specifiers) && (uv === undefined || hasStablePython(uv, m.minor));
  }).map((m) => m.minor);
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
