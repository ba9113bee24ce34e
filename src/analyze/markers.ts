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
    hasSetupPy: names.includes('setup.py') || names.includes('setup.cfg'),
    poetryLock: names.includes('poetry.lock'),
    pdmLock: names.includes('pdm.lock'),
    pipfile: names.includes('Pipfile') || names.includes('Pipfile.lock'),
  };
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
