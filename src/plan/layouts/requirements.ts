import type { RepoFacts } from '../../analyze/facts.js';
import { declaredNames } from '../../analyze/pyproject.js';
import type { DiagnosticCode } from '../../diagnostics.js';
import { checkDeclared, requireUv } from '../dependencies.js';
import { UV_SINCE } from '../tables.js';
import { systemPythonSetting } from '../user-uv-settings.js';
import type { LayoutContext, LayoutProvider } from './provider.js';
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
  install(context, environment) {
    const { facts, syncPython, diagnostics } = context;
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
    const selected = pipSelection(context);
    const project = markers.hasSetupPy ? ['-e', selected.extras.length > 0 ? `.[${selected.extras.join(',')}]` : '.'] : [];
    // VIRTUAL_ENV points uv pip at the environment, but a UV_SYSTEM_PYTHON=1 of the user's (a common
    // Dockerfile line) sends it to the image's Python: --python then names the environment outright.
    const systemPython = systemPythonSetting(facts) !== undefined;
    const target = systemPython ? ['--python', `${environment.path}/bin/python`] : [];
    const groups = selected.groups.flatMap((g) => ['--group', g]);
    const what = [files.length ? files.join(', ') : '', markers.hasSetupPy ? 'the project itself (setup.py, editable)' : ''].filter(Boolean).join(' and ');
    const reason = `not a uv project: uv's pip interface installs ${what} into the environment on the volume, with the same links from the cache; \`uv venv --allow-existing\` keeps an environment the volume already has and never asks.${systemPython ? " --python names the environment, since your UV_SYSTEM_PYTHON would send uv pip to the image's Python." : ''}${selected.reason}`;
    const ownImport = ownPackageBuild(context, files);
    if (ownImport) {
      // The requirements (and setuptools, the back-end of a setup.py without [build-system]) first,
      // then the project built in the environment itself, where its own package can be imported.
      return {
        action: {
          kind: 'uv-pip',
          venv,
          install: ['uv', 'pip', 'install', ...target, ...files.flatMap((f) => ['-r', f]), 'setuptools', ...groups],
          project: ['uv', 'pip', 'install', ...target, '--no-build-isolation', ...project],
        },
        reason: `${reason} In two commands: setup.py imports ${ownImport.value} (setup.py line ${ownImport.line}), a package of this repository, which in an isolated build (uv's default) cannot import what it needs; so the requirements and setuptools go in first, and the project is built without build isolation, in the environment that now has them (seen with real uv 0.13.9: the one command fails with ModuleNotFoundError, these two succeed).`,
      };
    }
    const install = ['uv', 'pip', 'install', ...target, ...files.flatMap((f) => ['-r', f]), ...project, ...groups];
    return { action: { kind: 'uv-pip', venv, install }, reason };
  },
};

/**
 * A setup.py that imports its own package (markers.setupPyImports) cannot be built in isolation
 * when that package imports a requirement. Where the requirements files can go in first and the
 * project declares no build back-end of its own ([build-system], whose requirements an isolated
 * build is meant to honour), the install step builds it without isolation (the returned import);
 * otherwise a warning says what will fail and how to mend setup.py.
 */
function ownPackageBuild({ facts, diagnostics }: LayoutContext, files: string[]): RepoFacts['markers']['setupPyImports'] {
  const imported = facts.markers.setupPyImports;
  if (!imported) return undefined;
  if (files.length > 0 && !facts.pyproject?.hasBuildSystem) return imported;
  diagnostics.push({
    level: 'warning',
    code: 'setup-py-imports-own-package',
    message: `setup.py imports ${imported.value}, a package of this repository: uv builds the project in isolation, with only its build requirements, so if ${imported.value} imports one of its own requirements the install step fails (ModuleNotFoundError) ${
      files.length === 0 ? 'and there is no requirements file to install first' : 'and [build-system] in pyproject.toml declares what the build may use'
    }`,
    file: imported.file,
    line: imported.line,
    hint: `read the version in setup.py without importing ${imported.value} (a regular expression over its __init__.py, or setuptools' attr: in setup.cfg), or add what it imports to build-system.requires`,
  });
  return undefined;
}

/**
 * --extra and --group for uv's pip interface: extras go on the project itself (`-e .[a,b]`, which
 * needs setup.py; its extras_require is not read here, so uv checks the names), groups come from
 * pyproject.toml's [dependency-groups] (`uv pip install --group`, uv 0.6.7+). uv pip has no
 * `--all-groups`, and an `--all-extras` needs a list of extras the generator cannot read from
 * setup.py: both are refused with what to give instead. `--no-dev` leaves out nothing here.
 */
function pipSelection(context: LayoutContext): { extras: string[]; groups: string[]; reason: string } {
  const { facts, dependencies: s, diagnostics } = context;
  const refuse = (code: DiagnosticCode, message: string, hint: string) => diagnostics.push({ level: 'error', code, message, hint });
  if (s.extras.length > 0 && !facts.markers.hasSetupPy) {
    refuse(
      'extras-without-project',
      `--extra ${s.extras.join(', ')}: this repository is installed from requirements files, and extras belong to a project (setup.py or [project]), which it has none of`,
      'leave out --extra, or add the packages to a requirements file',
    );
  }
  if (s.allExtras) {
    refuse('all-extras-unreadable', "--all-extras: gen-devcontainer cannot read setup.py's extras_require, so it cannot list them for `uv pip install -e .[...]`", 'name each extra with --extra NAME');
  }
  if (s.allGroups) refuse('all-groups-pip', "--all-groups: uv's pip interface, which installs this repository, has no --all-groups", 'name each group with --group NAME');
  if (s.groups.length > 0) {
    if (!facts.pyproject) {
      refuse(
        'unknown-group',
        `--group ${s.groups.join(', ')}: there is no pyproject.toml, so no [dependency-groups] to take them from`,
        'declare the groups in pyproject.toml under [dependency-groups], or leave out --group',
      );
    } else {
      checkDeclared({ ...s, extras: [] }, { file: facts.pyproject.file, names: declaredNames(facts.pyproject), poetryGroups: facts.pyproject.poetryGroups }, diagnostics);
      requireUv(context, UV_SINCE.pipGroup, '--group for `uv pip install` (requirements files)');
    }
  }
  if (s.noDev) {
    diagnostics.push({ level: 'info', code: 'no-dev-nothing-to-leave-out', message: '--no-dev: uv pip installs no dependency group unless asked, so there is no dev group to leave out here' });
  }
  const extras = facts.markers.hasSetupPy ? s.extras : [];
  const parts = [
    extras.length > 0 ? ` -e .[${extras.join(',')}] installs the project with the extra(s) ${extras.join(', ')} (setup.py's extras are not read here: uv checks the names)` : '',
    s.groups.length > 0 ? ` --group installs the dependency group(s) ${s.groups.join(', ')} from ${facts.pyproject?.file ?? 'pyproject.toml'}` : '',
  ].filter(Boolean);
  return { extras, groups: s.groups, reason: parts.length > 0 ? `${parts.join(';')}, as asked for on the command line.` : '' };
}

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
