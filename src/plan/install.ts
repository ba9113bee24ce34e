import type { RepoFacts } from '../analyze/facts.js';
import type { Diagnostic } from '../diagnostics.js';
import type { LifecycleStep } from './types.js';

/**
 * How the project's dependencies get into the environment on the volume. A uv project (or
 * workspace) is synced; requirements files and setup.py are installed with uv's pip interface
 * into the same environment, so every layout gets the same one-volume promise.
 */
export function planInstall(facts: RepoFacts, envPath: string, python: string | undefined, diagnostics: Diagnostic[]): LifecycleStep | undefined {
  const { markers, pyproject } = facts;
  const isUvProject = pyproject !== undefined && (pyproject.hasProjectTable || facts.workspace !== undefined);
  if (isUvProject) {
    if (markers.poetryLock) diagnostics.push({ level: 'warning', code: 'poetry-lock-ignored', message: 'poetry.lock is not read by uv: the container resolves from [project] and writes uv.lock', file: 'poetry.lock', hint: 'to keep the pinned versions, convert once with `uvx migrate-to-uv`' });
    if (markers.pdmLock) diagnostics.push({ level: 'warning', code: 'pdm-lock-ignored', message: 'pdm.lock is not read by uv: the container resolves from [project] and writes uv.lock', file: 'pdm.lock', hint: 'to keep the pinned versions, convert once with `uvx migrate-to-uv`' });
    return undefined; // The caller plans `uv sync`.
  }
  if (pyproject && !pyproject.hasProjectTable && markers.poetryLock) {
    diagnostics.push({ level: 'error', code: 'poetry-metadata', message: 'this Poetry project keeps its metadata in [tool.poetry], which uv cannot read', file: pyproject.file, hint: 'convert once with `uvx migrate-to-uv` (writes [project] and uv.lock), then run again' });
    return undefined;
  }
  const files = markers.requirements.length > 0 ? markers.requirements : markers.requirementsIn;
  if (files.length === 0 && !markers.hasSetupPy) {
    if (pyproject) diagnostics.push({ level: 'error', code: 'pyproject-no-project', message: 'pyproject.toml has no [project] table and no [tool.uv.workspace], and there is no requirements file or setup.py: nothing says what to install', file: pyproject.file, hint: 'add a [project] table (`uv init` writes one), or a requirements.txt' });
    return undefined;
  }
  if (markers.requirements.length === 0 && markers.requirementsIn.length > 0) {
    diagnostics.push({ level: 'warning', code: 'requirements-in-unpinned', message: `only pip-tools inputs (${markers.requirementsIn.join(', ')}): the container installs them unpinned`, file: markers.requirementsIn[0], hint: 'compile them (`uv pip compile requirements.in -o requirements.txt`) and commit the result for repeatable containers' });
  }
  // --allow-existing: since uv 0.10.0 `uv venv` asks before replacing an existing folder, and the
  // Dev Container CLI runs lifecycle commands on a terminal, where that question waits for ever
  // (the flag exists in every uv this tool pins, from 0.4.4). An existing environment is kept.
  const venv = ['uv', 'venv', '--allow-existing', ...(python ? ['--python', python] : []), envPath];
  const install = ['uv', 'pip', 'install', ...files.flatMap((f) => ['-r', f]), ...(markers.hasSetupPy ? ['-e', '.'] : [])];
  const what = [files.length ? files.join(', ') : '', markers.hasSetupPy ? 'the project itself (setup.py, editable)' : ''].filter(Boolean).join(' and ');
  return {
    property: 'updateContentCommand',
    step: 'install',
    action: { kind: 'uv-pip', venv, install },
    reason: `not a uv project: uv's pip interface installs ${what} into the environment on the volume, with the same links from the cache; \`uv venv --allow-existing\` keeps an environment the volume already has and never asks. Runs in updateContentCommand so that prebuilds include it`,
  };
}
