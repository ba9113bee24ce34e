import type { Diagnostic } from '../diagnostics.js';
import type { Fact, OtherMarkers } from './facts.js';
import type { RepoReader } from './repo-reader.js';

/**
 * Packaging files other than uv's, at the repository root: requirements files (pip and
 * pip-tools), runtime.txt, setup.py / setup.cfg, and the locks of Poetry, PDM and Pipenv. Only
 * the root folder's names are listed; nothing is walked.
 */
export function readOtherMarkers(reader: RepoReader, diagnostics: Diagnostic[]): OtherMarkers {
  // Names first, then the disk: a folder of thousands of projects has thousands of names here.
  const names = reader.listDir('.').filter((n) => (REQUIREMENTS.test(n) || MARKER_FILES.has(n)) && reader.kindOf(n) === 'file');
  const requirements = names.filter((n) => /^requirements([-_.][\w.-]*)?\.txt$/i.test(n)).sort(byMainFirst);
  const requirementsIn = names.filter((n) => /^requirements([-_.][\w.-]*)?\.in$/i.test(n)).sort(byMainFirst);
  const markers: OtherMarkers = {
    requirements,
    requirementsIn,
    // setup.cfg alone is no project uv can build: it needs a pyproject.toml or a setup.py beside it
    // (astral-sh/uv crates/uv-build-frontend/src/lib.rs: with no pyproject.toml and no setup.py,
    // "does not appear to be a Python project"; seen with real uv 0.13.9 on `uv pip install -e .`).
    // A setup.cfg of a linter's settings only ([flake8]) at the root of a folder of projects is common.
    hasSetupPy: names.includes('setup.py') || (names.includes('setup.cfg') && reader.kindOf('pyproject.toml') === 'file'),
    poetryLock: names.includes('poetry.lock'),
    pdmLock: names.includes('pdm.lock'),
    pipfile: names.includes('Pipfile') || names.includes('Pipfile.lock'),
  };
  if (names.includes('setup.py')) {
    const imported = setupPyImportsOwnPackage(reader);
    if (imported) markers.setupPyImports = imported;
  }
  if (names.includes('runtime.txt')) {
    const read = reader.readText('runtime.txt');
    // Heroku's form: "python-3.12.4".
    // Line by line: `/^\s*python-…\s*$/m` runs `\s*` across every following blank line from each one (quadratic in blank lines).
    const lines = read.kind === 'ok' ? read.text.split('\n') : [];
    const index = lines.findIndex((l) => RUNTIME_TXT.test(l.trim()));
    const version = index === -1 ? undefined : RUNTIME_TXT.exec(lines[index]!.trim())![1];
    if (version) markers.runtimeTxt = { value: version, file: 'runtime.txt', line: index + 1 } satisfies Fact<string>;
    else
      diagnostics.push({
        level: 'warning',
        code: 'runtime-txt-unrecognised',
        message: 'runtime.txt does not name a Python as python-X.Y[.Z]; it is ignored',
        file: 'runtime.txt',
        hint: 'write e.g. python-3.12.4, or use .python-version',
      });
  }
  return markers;
}

/** Modules a setup.py imports that are never the project's own. */
const NOT_OWN = new Set([
  'setuptools',
  'distutils',
  'os',
  'sys',
  're',
  'io',
  'codecs',
  'pathlib',
  'glob',
  'subprocess',
  'platform',
  'shutil',
  'json',
  'ast',
  'setup',
  'pkg_resources',
  'Cython',
  'numpy',
  'pybind11',
]);

/**
 * A setup.py that imports a package of the repository itself (`from mypkg import __version__`), the
 * first such import: in an isolated build (uv's default) only the build requirements are there, so
 * when that package imports one of its own requirements the build fails before it starts (real uv
 * 0.13.9: "ModuleNotFoundError: No module named 'msgspec'"). Only import lines at the start of a
 * line are read, and a module counts when `NAME/__init__.py`, `src/NAME/__init__.py` or `NAME.py`
 * is a file here.
 */
function setupPyImportsOwnPackage(reader: RepoReader): Fact<string> | undefined {
  const read = reader.readText('setup.py');
  if (read.kind !== 'ok') return undefined;
  const lines = read.text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const found = /^\s*(?:from\s+([A-Za-z_]\w*)[\w.]*\s+import\b|import\s+([A-Za-z_]\w*))/.exec(lines[i]!);
    const name = found?.[1] ?? found?.[2];
    if (!name || NOT_OWN.has(name)) continue;
    if ([`${name}/__init__.py`, `src/${name}/__init__.py`, `${name}.py`].some((f) => reader.kindOf(f) === 'file')) return { value: name, file: 'setup.py', line: i + 1 };
  }
  return undefined;
}

const RUNTIME_TXT = /^python-(\d+\.\d+(?:\.\d+)?)$/;

/** Every name readOtherMarkers looks for: requirements files, and these. */
const REQUIREMENTS = /^requirements([-_.][\w.-]*)?\.(txt|in)$/i;
const MARKER_FILES = new Set(['setup.py', 'setup.cfg', 'poetry.lock', 'pdm.lock', 'Pipfile', 'Pipfile.lock', 'runtime.txt']);

/** requirements.txt before requirements-dev.txt and the rest, which sort by name. */
function byMainFirst(a: string, b: string): number {
  const main = (n: string) => (/^requirements\.(txt|in)$/i.test(n) ? 0 : 1);
  // Plain code-point order: the host's locale must not change the generated command.
  return main(a) - main(b) || (a < b ? -1 : a > b ? 1 : 0);
}
