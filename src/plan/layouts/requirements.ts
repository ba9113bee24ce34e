import type { RepoFacts } from '../../analyze/facts.js';
import type { LayoutProvider } from './provider.js';
import { singleEnvironment } from './single-environment.js';

/** Requirements files to install: compiled ones, else pip-tools inputs. */
function requirementFiles(facts: RepoFacts): string[] {
  const { markers } = facts;
  return markers.requirements.length > 0 ? markers.requirements : markers.requirementsIn;
}

/** Poetry keeps its metadata in [tool.poetry], which uv cannot read: not this layout, nor any. */
function poetryMetadata(facts: RepoFacts): boolean {
  return facts.pyproject !== undefined && !facts.pyproject.hasProjectTable && facts.markers.poetryLock;
}

/**
 * Not a uv project: requirements files and setup.py, installed with uv's pip interface into the
 * same environment on the volume, so every layout gets the same one-volume promise.
 */
export const requirements: LayoutProvider = {
  name: 'requirements',
  summary: "not a uv project: requirements installed with uv's pip interface",
  detect(facts) {
    if (poetryMetadata(facts)) return undefined;
    const files = requirementFiles(facts);
    if (files.length === 0 && !facts.markers.hasSetupPy) return undefined;
    return { source: files[0] ?? 'setup.py', evidence: [...files, ...(facts.markers.hasSetupPy ? ['setup.py'] : [])].join(', ') };
  },
  environment: singleEnvironment,
  install({ facts, syncPython, diagnostics }, environment) {
    const { markers } = facts;
    const files = requirementFiles(facts);
    if (markers.requirements.length === 0 && markers.requirementsIn.length > 0) {
      diagnostics.push({
        level: 'warning',
        code: 'requirements-in-unpinned',
        message: `only pip-tools inputs (${markers.requirementsIn.join(', ')}): the container installs them unpinned`,
        file: markers.requirementsIn[0],
        hint: 'compile them (`uv pip compile requirements.in -o requirements.txt`) and commit the result for repeatable containers',
      });
    }
    // --allow-existing: since uv 0.10.0 `uv venv` asks before replacing an existing folder, and the
    // Dev Container CLI runs lifecycle commands on a terminal, where that question waits for ever
    // (the flag exists in every uv this tool pins, from 0.4.4). An existing environment is kept.
    const venv = ['uv', 'venv', '--allow-existing', ...(syncPython ? ['--python', syncPython] : []), environment.path];
    const install = ['uv', 'pip', 'install', ...files.flatMap((f) => ['-r', f]), ...(markers.hasSetupPy ? ['-e', '.'] : [])];
    const what = [files.length ? files.join(', ') : '', markers.hasSetupPy ? 'the project itself (setup.py, editable)' : ''].filter(Boolean).join(' and ');
    return {
      action: { kind: 'uv-pip', venv, install },
      reason: `not a uv project: uv's pip interface installs ${what} into the environment on the volume, with the same links from the cache; \`uv venv --allow-existing\` keeps an environment the volume already has and never asks. Runs in updateContentCommand so that prebuilds include it`,
    };
  },
};

/**
 * When no layout applies, why: the analyzer has already said so for a folder with no project at
 * all; what is left is a pyproject.toml that says nothing uv can install.
 */
export function noLayoutDiagnostic(facts: RepoFacts): import('../../diagnostics.js').Diagnostic | undefined {
  const { pyproject } = facts;
  if (!pyproject) return undefined;
  if (poetryMetadata(facts)) {
    return {
      level: 'error',
      code: 'poetry-metadata',
      message: 'this Poetry project keeps its metadata in [tool.poetry], which uv cannot read',
      file: pyproject.file,
      hint: 'convert once with `uvx migrate-to-uv` (writes [project] and uv.lock), then run again',
    };
  }
  return {
    level: 'error',
    code: 'pyproject-no-project',
    message: 'pyproject.toml has no [project] table and no [tool.uv.workspace], and there is no requirements file or setup.py: nothing says what to install',
    file: pyproject.file,
    hint: 'add a [project] table (`uv init` writes one), or a requirements.txt',
  };
}
